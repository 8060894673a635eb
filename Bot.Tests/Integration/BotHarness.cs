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

    /// <summary>
    /// The bot is added to the deal's team (<see cref="Activities.TeamId"/>), whose roster holds these people; the
    /// roster is what the bot reads to find members, their e-mail addresses and how to reach them.
    /// </summary>
    public async Task AddToTeamAsync(params IEnumerable<(string Id, string Aad, string Name, string Email)> members)
    {
        foreach (var member in members)
        {
            Connector.Members.Add(Activities.TeamMember(member));
        }

        (await SendAsync(Activities.BotAddedToTeam(ServiceUrl))).EnsureSuccessStatusCode();
    }

    /// <summary>A card press (Action.Execute) by a user in the deal's channel; the invoke's answer as readable JSON text.</summary>
    public async Task<string> PressAsync(string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL", string? replyToId = null) =>
        FakeConnector.Json(await Turns.PressAsync(this, verb, data, user, replyToId: replyToId, locale: locale));

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
