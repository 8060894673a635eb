using Azure.Data.Tables;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// A real Azurite table service, in memory, on a free loopback port, for the whole test run. Tests isolate
/// themselves with their own table prefix (<see cref="NewTablePrefix"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private ChildProcess? _azurite;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public TableClient Table(string prefix, string logicalName) => new TableServiceClient(ConnectionString).GetTableClient(prefix + logicalName);

    public async Task InitializeAsync()
    {
        Port = RepoPaths.FreePort();
        await StartOnPortAsync();
    }

    /// <summary>Starts the table service again on the same port after <see cref="StopAsync"/> (empty, as it is in memory).</summary>
    public Task RestartAsync() => StartOnPortAsync();

    private async Task StartOnPortAsync()
    {
        var location = Path.Combine(Path.GetTempPath(), "citydealbot-azurite-" + Port);
        Directory.CreateDirectory(location);
        _azurite = ChildProcess.Start(
            RepoPaths.NodeBin("azurite-table"),
            ["--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry"],
            location);
        try
        {
            await RepoPaths.WaitForPortAsync(Port, TimeSpan.FromSeconds(30), _azurite.Process);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"Azurite did not start:\n{_azurite.Output}", e);
        }
    }

    /// <summary>Stops the table service, e.g. to test what users are told when storage is down.</summary>
    public async Task StopAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    public async Task DisposeAsync() => await StopAsync();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
