using System.Text.Json.Nodes;
using CityDealBot.Speeddates;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Speeddates;

/// <summary>
/// An automatic speeddate with two bot instances on one storage: when a round's minutes are up the next round is
/// posted once, and after the last the organiser gets the metrics; a session without "auto" waits for the button.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SpeeddateTimerTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly (string Id, string Aad, string Name)[] People =
    [
        ("29:anne", "aad-anne", "Anne de Vries"),
        ("29:bram", "aad-bram", "Bram Jansen"),
        ("29:chris", "aad-chris", "Chris Bakker"),
        ("29:dina", "aad-dina", "Dina Yilmaz"),
    ];

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Elections:RunDispatcher"] = "false",
        ["Pulse:SweepEvery"] = "00:00:00",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
        ["Speeddates:TimerEvery"] = "00:00:00",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 10, 13, 0, 0, TimeSpan.Zero));
    private TwoBotInstances _bots = null!;

    public async Task InitializeAsync()
    {
        _bots = await TwoBotInstances.StartAsync(storage, Settings, _time);
        await _bots.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bots.DisposeAsync();

    [Fact]
    public async Task Rounds_move_on_once_when_the_minutes_are_up_and_the_organiser_gets_the_metrics()
    {
        var session = await StartAsync("speeddate 2 5 auto");

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await TickBothAsync());

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await TickBothAsync());
        Assert.Equal(0, await TickBothAsync());
        // The round is posted after the step, through the dispatcher.
        await _bots.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 2 van 2", StringComparison.Ordinal));
        Assert.Single(_bots.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Speeddate ronde 2 van 2", StringComparison.Ordinal));
        Assert.Equal(2, (await SessionAsync(session)).GetInt32("CurrentRound"));

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await TickBothAsync());
        Assert.Equal("finished", (await SessionAsync(session)).GetString("State"));
        var metrics = _bots.Connector.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal)
            && c.Body is not null && FakeConnector.Json(c.Body).Contains("Speeddate afgerond", StringComparison.Ordinal)).ToList();
        Assert.Single(metrics);
    }

    [Fact]
    public async Task Without_auto_the_session_waits_for_the_button()
    {
        var session = await StartAsync("speeddate 2 5");
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await TickBothAsync());
        Assert.Equal(1, (await SessionAsync(session)).GetInt32("CurrentRound"));
    }

    private Task<int> TickBothAsync() => _bots.RunOnBothAsync<SpeeddateTimer>(t => t.RunOnceAsync(default));

    private async Task<Azure.Data.Tables.TableEntity> SessionAsync(string session) =>
        (await _bots.RowsAsync("SpeeddateSessions")).Single(r => r.RowKey == session);

    private async Task<string> StartAsync(string command)
    {
        await TwoBotInstances.SendAsync(_bots.ClientA, Activities.ChannelMessage(_bots.ServiceUrl, command));
        var card = FakeConnector.Json(await _bots.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("speeddate.join", StringComparison.Ordinal)));
        var session = System.Text.RegularExpressions.Regex.Match(card, "\"session\": ?\"([^\"]+)\"").Groups[1].Value;
        foreach (var person in People)
        {
            await PressAsync("speeddate.join", session, person);
        }

        await PressAsync("speeddate.start", session, People[0]);
        return session;
    }

    private Task<string> PressAsync(string verb, string session, (string Id, string Aad, string Name) user) =>
        _bots.PressAsync(_bots.ClientA, verb, new JsonObject { ["session"] = session }, user);
}
