using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Tests.Integration.TeamsUsers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.CopSessions;

/// <summary>
/// Find a time: free/busy of the core people from a fake Graph, three proposals on a vote card in the channel,
/// ticks from members and guests, and the organiser's pick opening the planning card at that time.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CopTimePollTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string DealKey = Activities.ChannelId;
    private BotHarness _bot = null!;
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        // Thursday 3 June 2027, 10:00 in Amsterdam.
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 6, 3, 8, 0, 0, TimeSpan.Zero));
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            ["CopSessions:ReminderSweepEvery"] = "00:00:00",
            ["Graph:BaseUrl"] = _graph.BaseUrl,
        }, services => services.AddSingleton<TimeProvider>(time));
        await _bot.AddToTeamAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Proposals_avoid_busy_calendars_members_vote_and_the_organiser_picks()
    {
        // Monday 7 June: Anne busy 09:00–12:00, Bram busy all day; Tuesday: Bram tentatively busy in the morning.
        _graph.Calendars["anne@utrecht.nl"] = [(new DateTime(2027, 6, 7, 7, 0, 0), new DateTime(2027, 6, 7, 10, 0, 0), "busy")];
        _graph.Calendars["bram@tno.nl"] = [(new DateTime(2027, 6, 7, 6, 0, 0), new DateTime(2027, 6, 7, 16, 0, 0), "oof"),
            (new DateTime(2027, 6, 8, 7, 0, 0), new DateTime(2027, 6, 8, 10, 0, 0), "tentative")];

        var organiserCard = Json(await InvokeAsync("cop.findtime", new JsonObject
        {
            ["deal"] = DealKey, ["title"] = "CoP Klimaat en data", ["people"] = "anne@utrecht.nl; bram@tno.nl",
            ["duration"] = "60", ["from"] = "2027-06-07", ["weeks"] = "1",
        }));

        var call = Assert.Single(_graph.Calls);
        Assert.Equal("/v1.0/users/aad-anne/calendar/getSchedule", call.Path);
        Assert.Equal(["anne@utrecht.nl", "bram@tno.nl"], call.Body!["Schedules"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("2027-06-07T00:00:00", call.Body["StartTime"]!["dateTime"]!.GetValue<string>());
        // Both free on Tuesday from 12:00, Wednesday and Thursday at 09:00; Monday has nobody free all day long.
        Assert.Contains("dinsdag 8 juni 2027, 12:00 uur — 0 keer gekozen · 2 van 2 vrij volgens de agenda", organiserCard, StringComparison.Ordinal);
        Assert.Contains("woensdag 9 juni 2027, 09:00 uur", organiserCard, StringComparison.Ordinal);
        Assert.Contains("donderdag 10 juni 2027, 09:00 uur", organiserCard, StringComparison.Ordinal);
        Assert.DoesNotContain("maandag", organiserCard, StringComparison.Ordinal);
        Assert.Contains("cop.pick", organiserCard, StringComparison.Ordinal);
        var posted = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Wanneer past het?", StringComparison.Ordinal));
        Assert.DoesNotContain("cop.pick", FakeConnector.Json(posted), StringComparison.Ordinal);

        var pollId = Assert.Single(await _bot.RowsAsync("CopPolls")).RowKey;
        var bram = Json(await InvokeAsync("cop.vote", Slot(pollId, 0), Bram));
        Assert.Contains("☑ dinsdag 8 juni 2027, 12:00 uur — 1 keer gekozen", bram, StringComparison.Ordinal);
        Assert.DoesNotContain("Bram Jansen", bram, StringComparison.Ordinal);
        await InvokeAsync("cop.vote", Slot(pollId, 1), Bram);
        await InvokeAsync("cop.vote", Slot(pollId, 1), ("29:gast", "aad-gast", "Gast van Partner"));
        // Bram changes his mind about Wednesday.
        await InvokeAsync("cop.vote", Slot(pollId, 1), Bram);

        var organiser = Json(await InvokeAsync("cop.poll.refresh", Slot(pollId, 0)));
        Assert.Contains("12:00 uur — 1 keer gekozen", organiser, StringComparison.Ordinal);
        Assert.Contains("woensdag 9 juni 2027, 09:00 uur — 1 keer gekozen", organiser, StringComparison.Ordinal);
        Assert.Contains("Gast van Partner", organiser, StringComparison.Ordinal);

        var refused = Json(await InvokeAsync("cop.pick", Slot(pollId, 0), Bram));
        Assert.Contains("Alleen wie de tijden voorstelde", refused, StringComparison.Ordinal);

        var plan = await InvokeAsync("cop.pick", Slot(pollId, 0));
        Assert.Equal("2027-06-08", Input(plan, "date"));
        Assert.Equal("12:00", Input(plan, "time"));
        Assert.Equal("CoP Klimaat en data", Input(plan, "title"));
        Assert.Equal("60", Input(plan, "duration"));

        // Closed: a late tick changes nothing.
        Assert.Contains("De organisator heeft gekozen", Json(await InvokeAsync("cop.vote", Slot(pollId, 2), ("29:gast", "aad-gast", "Gast van Partner"))), StringComparison.Ordinal);
        Assert.Equal(2, (await _bot.RowsAsync("CopPollVotes")).Count);
    }

    [Fact]
    public async Task Bad_requests_are_explained_and_change_nothing()
    {
        var tooMany = string.Join(';', Enumerable.Range(0, 21).Select(i => $"p{i}@utrecht.nl"));
        Assert.Contains("hoogstens 20 kernmensen", Json(await InvokeAsync("cop.findtime", new JsonObject { ["deal"] = DealKey, ["title"] = "CoP", ["people"] = tooMany })), StringComparison.Ordinal);
        Assert.Contains("Alleen dealmakers en organisatoren", Json(await InvokeAsync("cop.findtime", new JsonObject { ["deal"] = DealKey, ["title"] = "CoP" }, Bram)), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("CopPolls"));

        _graph.FailNext(403);
        var card = Json(await InvokeAsync("cop.findtime", new JsonObject { ["deal"] = DealKey, ["title"] = "CoP", ["people"] = "anne@utrecht.nl", ["from"] = "2027-06-07" }));
        Assert.Contains("Calendars.ReadBasic", card, StringComparison.Ordinal);
        Assert.Contains("maandag 7 juni 2027, 09:00 uur", card, StringComparison.Ordinal);
        var pollId = Assert.Single(await _bot.RowsAsync("CopPolls")).RowKey;

        Assert.Contains("ken ik niet", Json(await InvokeAsync("cop.vote", Slot(pollId, 7))), StringComparison.Ordinal);
        var otherDeal = Slot(pollId, 0);
        otherDeal["deal"] = "19:andere-deal@thread.tacv2";
        Assert.Contains("ken ik niet", Json(await InvokeAsync("cop.vote", otherDeal)), StringComparison.Ordinal);
        Assert.Contains("ken ik niet", Json(await InvokeAsync("cop.vote", new JsonObject { ["deal"] = DealKey, ["poll"] = "0000", ["slot"] = 0 })), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("CopPollVotes"));
    }

    private static JsonObject Slot(string pollId, int slot) => new() { ["deal"] = DealKey, ["poll"] = pollId, ["slot"] = slot };

    private static string Json(JsonNode node) => FakeConnector.Json(node);

    private static string? Input(JsonNode card, string id) =>
        PulseHarness.Walk(card).OfType<JsonObject>().FirstOrDefault(o => o["id"]?.GetValue<string>() == id)?["value"]?.ToString();

    private Task<JsonNode> InvokeAsync(string verb, JsonObject data, (string Id, string Aad, string Name)? user = null) =>
        Turns.PressAsync(_bot, verb, data, user ?? Anne);
}
