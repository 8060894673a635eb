using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

/// <summary>The bot on loopback in local mode, with real Azurite and a fake Connector as its serviceUrl.</summary>
public sealed class BotHarness : IAsyncDisposable
{
    private BotHarness(BotFactory factory, HttpClient client, FakeConnector connector, AzuriteFixture storage)
    {
        Factory = factory;
        Client = client;
        Connector = connector;
        Storage = storage;
    }

    public BotFactory Factory { get; }

    public HttpClient Client { get; }

    public FakeConnector Connector { get; }

    public AzuriteFixture Storage { get; }

    public string ServiceUrl => Connector.ServiceUrl;

    public static async Task<BotHarness> StartAsync(
        AzuriteFixture storage,
        IDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null,
        CapturingLoggerProvider? logs = null)
    {
        var connector = await FakeConnector.StartAsync();
        var factory = new BotFactory(storage, settings, services) { Logs = logs };
        var client = factory.StartOnLoopback();
        return new BotHarness(factory, client, connector, storage);
    }

    public Task<HttpResponseMessage> SendAsync(JsonObject activity) => Client.PostAsJsonAsync("/api/messages", activity);

    public TableClient Table(string logicalName) => Storage.Table(Factory.TablePrefix, logicalName);

    public async Task<List<TableEntity>> RowsAsync(string logicalName)
    {
        try
        {
            return await Table(logicalName).QueryAsync<TableEntity>().ToListAsync();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
