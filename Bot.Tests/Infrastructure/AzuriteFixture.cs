using Azure.Data.Tables;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// Real Azurite table and queue services, in memory, on free loopback ports, for the whole test run. Tests isolate
/// themselves with their own table prefix (<see cref="NewTablePrefix"/>), which also prefixes queue names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private ChildProcess? _azurite;
    private ChildProcess? _queues;

    public int Port { get; private set; }

    public int QueuePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    public Azure.Storage.Queues.QueueClient Queue(string prefix, string logicalName) =>
        new(ConnectionString, prefix.ToLowerInvariant() + logicalName, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });

    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public TableClient Table(string prefix, string logicalName) => new TableServiceClient(ConnectionString).GetTableClient(prefix + logicalName);

    public async Task InitializeAsync()
    {
        Port = RepoPaths.FreePort();
        QueuePort = RepoPaths.FreePort();
        await StartOnPortAsync();
        await StartQueuesAsync();
    }

    /// <summary>Starts the queue service again on the same port after <see cref="StopQueuesAsync"/> (empty, as it is in memory).</summary>
    public async Task StartQueuesAsync() => _queues = await StartServiceAsync("queue", QueuePort);

    /// <summary>Stops the queue service, e.g. to test that a failed delivery is never lost silently.</summary>
    public async Task StopQueuesAsync()
    {
        if (_queues is not null)
        {
            await _queues.DisposeAsync();
            _queues = null;
        }
    }

    /// <summary>Starts the table service again on the same port after <see cref="StopAsync"/> (empty, as it is in memory).</summary>
    public Task RestartAsync() => StartOnPortAsync();

    private async Task StartOnPortAsync() => _azurite = await StartServiceAsync("table", Port);

    /// <summary>One Azurite service (azurite-table or azurite-queue), in memory, on the given loopback port.</summary>
    private static async Task<ChildProcess> StartServiceAsync(string service, int port)
    {
        var location = Path.Combine(Path.GetTempPath(), $"citydealbot-azurite-{service}-{port}");
        Directory.CreateDirectory(location);
        var process = ChildProcess.Start(
            RepoPaths.NodeBin("azurite-" + service),
            [$"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry"],
            location);
        try
        {
            await RepoPaths.WaitForPortAsync(port, TimeSpan.FromSeconds(30), process.Process);
            return process;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"Azurite's {service} service did not start:\n{process.Output}", e);
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

    public async Task DisposeAsync()
    {
        await StopAsync();
        await StopQueuesAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
