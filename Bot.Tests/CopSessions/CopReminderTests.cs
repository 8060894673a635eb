using System.Text.Json.Nodes;
using CityDealBot.CopSessions;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Tests.Integration.TeamsUsers;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.CopSessions;

/// <summary>
/// Reminders of a planned session, with two bot instances on one storage: the people who said yes get one card the
/// day before and one the hour before, the organiser one RSVP summary; a changed time gets new reminders, a
/// cancelled session none.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CopReminderTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string DealKey = Activities.ChannelId;
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Elections:RunDispatcher"] = "false",
        ["Pulse:SweepEvery"] = "00:00:00",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
    };

    // Thursday 28 October 2027; the session is on Sunday 31 October, the day winter time starts.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 10, 28, 10, 0, 0, TimeSpan.Zero));
    private TwoBotInstances _bots = null!;

    public async Task InitializeAsync()
    {
        _bots = await TwoBotInstances.StartAsync(storage, Settings, _time);
        await _bots.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bots.DisposeAsync();

    [Fact]
    public async Task Yes_gets_two_reminders_the_organiser_one_summary_and_each_is_sent_once()
    {
        var sessionId = await PlanAsync("2027-10-31", "15:00");
        await AnswerAsync(sessionId, "yes", Anne);
        await AnswerAsync(sessionId, "yes", Bram, "en-US");
        await AnswerAsync(sessionId, "maybe", Chris);
        await AnswerAsync(sessionId, "no", Dirk);

        // A minute before Saturday 15:00 summer time nothing is due.
        _time.SetUtcNow(new DateTimeOffset(2027, 10, 30, 12, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await SweepBothAsync());

        _time.SetUtcNow(new DateTimeOffset(2027, 10, 30, 13, 0, 0, TimeSpan.Zero));
        Assert.Equal(3, await SweepBothAsync());
        Assert.Equal(0, await SweepBothAsync());
        Assert.Equal(["29:anne", "29:bram"], await RecipientsAsync("Herinnering: morgen", "Reminder: tomorrow"));
        var summary = Assert.Single(_bots.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Stand van de aanmeldingen", StringComparison.Ordinal));
        var summaryText = FakeConnector.Json(summary);
        Assert.Contains("Ik kom: 2 · Misschien: 1 · Ik kan niet: 1", summaryText, StringComparison.Ordinal);
        Assert.Contains("Chris Bakker", summaryText, StringComparison.Ordinal);
        Assert.DoesNotContain("Dirk", summaryText, StringComparison.Ordinal);
        Assert.Contains("Reminder: tomorrow", FakeConnector.Json(_bots.Connector.SentActivities.Single(a => FakeConnector.Json(a).Contains("Reminder:", StringComparison.Ordinal))), StringComparison.Ordinal);
        // Without Graph the reminder carries the invitation file.
        Assert.Contains("/cop/ics/", FakeConnector.Json(_bots.Connector.SentActivities.First(a => FakeConnector.Json(a).Contains("Herinnering: morgen", StringComparison.Ordinal))), StringComparison.Ordinal);

        // Bram can't come after all, from the reminder itself; the hour before only Anne is reminded.
        await AnswerAsync(sessionId, "no", Bram, "en-US");
        _time.SetUtcNow(new DateTimeOffset(2027, 10, 31, 13, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await SweepBothAsync());
        Assert.Equal(["29:anne"], await RecipientsAsync("Herinnering: over een uur", "Reminder: in one hour"));

        _time.SetUtcNow(new DateTimeOffset(2027, 10, 31, 14, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await SweepBothAsync());
    }

    [Fact]
    public async Task A_moved_session_is_reminded_at_its_new_time_and_a_cancelled_one_not_at_all()
    {
        var sessionId = await PlanAsync("2027-11-04", "10:00");
        await AnswerAsync(sessionId, "yes", Bram);
        _time.SetUtcNow(new DateTimeOffset(2027, 11, 3, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await SweepBothAsync()); // Bram's reminder and Anne's summary

        var change = Reference(sessionId);
        change["date"] = "2027-11-11";
        change["time"] = "10:00";
        change["duration"] = "60";
        await InvokeAsync(_bots.ClientA, "cop.change", change, Anne);
        _time.SetUtcNow(new DateTimeOffset(2027, 11, 4, 8, 30, 0, TimeSpan.Zero));
        Assert.Equal(0, await SweepBothAsync()); // the old time's hour-before window is gone with the old time

        _time.SetUtcNow(new DateTimeOffset(2027, 11, 10, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await SweepBothAsync());
        Assert.Equal(2, (await RecipientsAsync("Herinnering: morgen", "Reminder: tomorrow")).Count(r => r == "29:bram"));

        await InvokeAsync(_bots.ClientA, "cop.cancel", Reference(sessionId), Anne);
        _time.SetUtcNow(new DateTimeOffset(2027, 11, 11, 8, 30, 0, TimeSpan.Zero));
        Assert.Equal(0, await SweepBothAsync());
        Assert.Empty(await RecipientsAsync("Herinnering: over een uur", "Reminder: in one hour"));
    }

    private Task<int> SweepBothAsync() => _bots.RunOnBothAsync<CopReminderSweeper>(s => s.RunOnceAsync(default));

    private Task<List<string>> RecipientsAsync(params string[] texts) => _bots.PersonalRecipientsAsync(texts);

    private async Task<string> PlanAsync(string date, string time)
    {
        await InvokeAsync(_bots.ClientA, "cop.create", new JsonObject
        {
            ["deal"] = DealKey, ["title"] = "CoP Klimaat en data", ["date"] = date, ["time"] = time, ["duration"] = "90",
            ["mode"] = "hybrid", ["location"] = "Stadhuis Utrecht", ["invite"] = "picked", ["people"] = "anne@utrecht.nl; bram@tno.nl; chris@minbzk.nl; dirk@rws.nl; eva@tudelft.nl",
        }, Anne);
        return Assert.Single(await _bots.RowsAsync("CopSessions")).RowKey;
    }

    private Task AnswerAsync(string sessionId, string answer, (string Id, string Aad, string Name) user, string locale = "nl-NL")
    {
        var data = Reference(sessionId);
        data["answer"] = answer;
        // Alternate instances, as a load balancer would.
        return InvokeAsync(user.Id == Bram.Id ? _bots.ClientB : _bots.ClientA, "cop.rsvp", data, user, locale);
    }

    private static JsonObject Reference(string sessionId) => new() { ["deal"] = DealKey, ["session"] = sessionId };

    private async Task InvokeAsync(HttpClient client, string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL") =>
        Assert.DoesNotContain("\"style\":\"attention\"", await _bots.PressAsync(client, verb, data, user, locale), StringComparison.Ordinal);
}
