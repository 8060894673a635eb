using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Two bot instances (two App Service instances) on one Azurite table prefix and one clock, both started on loopback,
/// with a fake Connector as their serviceUrl: for work that must happen once however many instances run.
/// </summary>
public sealed class TwoBotInstances : IAsyncDisposable
{
    private readonly AzuriteFixture _storage;
    private readonly IDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection> _services;

    private TwoBotInstances(AzuriteFixture storage, IDictionary<string, string?> settings, Action<IServiceCollection> services, FakeConnector connector)
    {
        _storage = storage;
        _settings = settings;
        _services = services;
        Connector = connector;
        A = AnotherInstance();
        B = AnotherInstance();
        ClientA = A.StartOnLoopback();
        ClientB = B.StartOnLoopback();
    }

    public FakeConnector Connector { get; }

    public string ServiceUrl => Connector.ServiceUrl;

    public string TablePrefix { get; } = AzuriteFixture.NewTablePrefix();

    public BotFactory A { get; }

    public BotFactory B { get; }

    public HttpClient ClientA { get; }

    public HttpClient ClientB { get; }

    /// <summary>Starts both instances with these settings and <paramref name="time"/> as their clock.</summary>
    public static async Task<TwoBotInstances> StartAsync(
        AzuriteFixture storage, IDictionary<string, string?> settings, TimeProvider time, Action<IServiceCollection>? services = null)
    {
        var connector = await FakeConnector.StartAsync();
        return new TwoBotInstances(storage, settings, s =>
        {
            s.AddSingleton(time);
            services?.Invoke(s);
        }, connector);
    }

    /// <summary>One more instance on the same storage and clock (a restart), not started yet; the caller disposes it.</summary>
    public BotFactory AnotherInstance() => new(_storage, _settings, _services, TablePrefix);

    /// <summary>The bot is added to the deal's team (through instance A).</summary>
    public Task AddToTeamAsync() => SendAsync(ClientA, Activities.BotAddedToTeam(ServiceUrl));

    /// <summary>Posts an activity to one instance and checks that it was taken.</summary>
    public static async Task SendAsync(HttpClient instance, JsonObject activity) =>
        (await instance.PostAsJsonAsync("/api/messages", activity)).EnsureSuccessStatusCode();

    /// <summary>A card press in the deal's channel through one instance; the invoke's answer as readable JSON text.</summary>
    public async Task<string> PressAsync(HttpClient instance, string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL")
    {
        var response = await instance.PostAsJsonAsync("/api/messages", Activities.CardAction(ServiceUrl, verb, data, user, locale));
        response.EnsureSuccessStatusCode();
        return FakeConnector.Json(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>One pass of a background job on both instances at once; how many items the two handled together.</summary>
    public async Task<int> RunOnBothAsync<TJob>(Func<TJob, Task<int>> runOnce)
        where TJob : notnull
    {
        var counts = await Task.WhenAll(runOnce(A.Services.GetRequiredService<TJob>()), runOnce(B.Services.GetRequiredService<TJob>()));
        return counts.Sum();
    }

    public async Task<List<TableEntity>> RowsAsync(string logicalName)
    {
        try
        {
            return await _storage.Table(TablePrefix, logicalName).QueryAsync<TableEntity>().ToListAsync();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <summary>The Teams ids of the people whose 1:1 chat received a card with one of these texts, sorted.</summary>
    public async Task<List<string>> PersonalRecipientsAsync(params string[] texts)
    {
        var people = await RowsAsync("People");
        var byConversation = people.Where(p => p.GetString("PersonalConversationId") is not null)
            .ToDictionary(p => p.GetString("PersonalConversationId"), p => p.GetString("UserId"));
        return [.. Connector.Calls
            .Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal) && c.Body is not null
                && texts.Any(t => FakeConnector.Json(c.Body).Contains(t, StringComparison.Ordinal)))
            .Select(c => byConversation[c.Path.Split('/')[3]])
            .Order()];
    }

    public async ValueTask DisposeAsync()
    {
        ClientA.Dispose();
        ClientB.Dispose();
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
