using System.Text.Json;
using System.Text.Json.Nodes;
using CityDealBot.CopSessions;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Tests.Integration.TeamsUsers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.CopSessions;

/// <summary>
/// A CoP session planned with a speed-date block opens the speeddate sign-up at the block's start (Amsterdam time) for
/// the people who said yes, with the session's group size, rounds and minutes; once, with two bot instances on one
/// storage and after a restart.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CopSpeeddateBlockTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string DealKey = Activities.ChannelId;
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Elections:RunDispatcher"] = "false",
        ["Pulse:SweepEvery"] = "00:00:00",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
        ["CopSessions:BlockSweepEvery"] = "00:00:00",
    };

    // Monday 1 November 2027, 09:00 UTC; the session is on Thursday 4 November at 10:00 Amsterdam (winter time, UTC+1).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private TwoBotInstances _bots = null!;

    public async Task InitializeAsync()
    {
        _bots = await TwoBotInstances.StartAsync(storage, Settings, _time);
        await _bots.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bots.DisposeAsync();

    [Fact]
    public async Task Three_yes_and_one_no_the_sign_up_opens_at_the_blocks_start_for_the_three_only_and_once()
    {
        var planned = await InvokeAsync(_bots.ClientA, "cop.create", new JsonObject
        {
            ["deal"] = DealKey, ["title"] = "CoP Interbestuurlijk", ["date"] = "2027-11-04", ["time"] = "10:00", ["duration"] = "180",
            ["mode"] = "hybrid", ["location"] = "Utrecht", ["invite"] = "picked", ["people"] = "anne@utrecht.nl; bram@tno.nl; chris@minbzk.nl; dirk@rws.nl",
            ["speeddate"] = "true", ["speeddateTime"] = "11:30", ["speeddateGroups"] = "3", ["speeddateDeck"] = "default",
            ["speeddateRounds"] = "2", ["speeddateMinutes"] = "7",
        }, Anne);
        Assert.DoesNotContain("\"style\":\"attention\"", planned, StringComparison.Ordinal);
        var sessionId = Assert.Single(await Rows("CopSessions")).RowKey;
        await AnswerAsync(sessionId, "yes", Anne);
        await AnswerAsync(sessionId, "yes", Bram, "en-US");
        await AnswerAsync(sessionId, "yes", Chris);
        await AnswerAsync(sessionId, "no", Dirk);

        // 11:29 in Amsterdam is 10:29 UTC: the session runs, its block has not begun.
        _time.SetUtcNow(new DateTimeOffset(2027, 11, 4, 10, 29, 0, TimeSpan.Zero));
        Assert.Equal(0, await RunBothAsync());
        Assert.Empty(await Rows("SpeeddateSessions"));

        _time.SetUtcNow(new DateTimeOffset(2027, 11, 4, 10, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunBothAsync());
        Assert.Equal(0, await RunBothAsync());

        // A restarted instance on the same storage does not open it again.
        await using (var restarted = _bots.AnotherInstance())
        {
            restarted.StartOnLoopback().Dispose();
            Assert.Equal(0, await restarted.Services.GetRequiredService<CopSpeeddateBlocks>().RunOnceAsync(default));
        }

        var speeddate = Assert.Single(await Rows("SpeeddateSessions"));
        Assert.Equal(DealKey, speeddate.PartitionKey);
        Assert.Equal(3, speeddate.GetInt32("GroupSize"));
        Assert.Equal(2, speeddate.GetInt32("Rounds"));
        Assert.Equal(7, speeddate.GetInt32("Minutes"));
        Assert.True(speeddate.GetBoolean("IsOnline"));
        Assert.Equal("aad-anne", speeddate.GetString("OrganiserKey"));
        Assert.Equal(["aad-anne", "aad-bram", "aad-chris"], JsonSerializer.Deserialize<List<string>>(speeddate.GetString("InvitedJson"))!.Order());

        // The sign-up card in the channel, and a personal message to each of the three (the organiser also gets why
        // the tables get chat links: no Graph here).
        var signUp = _bots.Connector.SentActivities.Where(a => FakeConnector.Json(a).Contains("Het speeddateblok van 'CoP Interbestuurlijk'", StringComparison.Ordinal)).ToList();
        Assert.Single(signUp);
        Assert.Equal(["29:anne", "29:bram", "29:chris"], (await RecipientsAsync("Speeddate van CoP Interbestuurlijk", "Speeddate of CoP Interbestuurlijk")).Distinct());
        Assert.Contains(_bots.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Microsoft Graph is voor de bot niet ingesteld", StringComparison.Ordinal));

        // Who said no cannot sign up; who said yes can.
        var refused = await InvokeAsync(_bots.ClientB, "speeddate.join", new JsonObject { ["session"] = speeddate.RowKey }, Dirk);
        Assert.Contains("Deze speeddate is voor wie 'ik kom' zei op 'CoP Interbestuurlijk'", refused, StringComparison.Ordinal);
        var joined = await InvokeAsync(_bots.ClientA, "speeddate.join", new JsonObject { ["session"] = speeddate.RowKey }, Bram, "en-US");
        Assert.Contains("You're in", joined, StringComparison.Ordinal);
        Assert.Equal(["aad-bram"], (await Rows("SpeeddateParticipants")).Select(p => p.GetString("PersonKey")));
    }

    [Fact]
    public async Task A_block_whose_sign_up_card_could_not_be_posted_is_announced_by_the_next_run_and_only_once()
    {
        var planned = await InvokeAsync(_bots.ClientA, "cop.create", Plan("10:30", "default"), Anne);
        Assert.DoesNotContain("\"style\":\"attention\"", planned, StringComparison.Ordinal);
        await AnswerAsync(Assert.Single(await Rows("CopSessions")).RowKey, "yes", Bram);
        _time.SetUtcNow(new DateTimeOffset(2027, 11, 4, 9, 31, 0, TimeSpan.Zero));
        // The answer's card updates leave after the turn: let them reach the Connector first, and refuse only a post in
        // the channel, so the refusal meets the block's channel post and nothing else.
        await _bots.Connector.WaitForQuietAsync();

        // Teams refuses the channel post once (not a status worth retrying): the opening stops halfway.
        _bots.Connector.FailNext(403, c => c.IsPostIn(Activities.ChannelId));
        Assert.Equal(0, await _bots.A.Services.GetRequiredService<CopSpeeddateBlocks>().RunOnceAsync(default));
        Assert.False(Assert.Single(await Rows("SpeeddateSessions")).GetBoolean("IsAnnounced"));

        Assert.Equal(1, await RunBothAsync()); // the run that finishes the opening counts it
        Assert.True(Assert.Single(await Rows("SpeeddateSessions")).GetBoolean("IsAnnounced"));
        Assert.Single(_bots.Connector.DeliveredActivities, a => FakeConnector.Json(a).Contains("Het speeddateblok van 'CoP'", StringComparison.Ordinal));
        Assert.Equal(0, await RunBothAsync());
        Assert.Single(_bots.Connector.DeliveredActivities, a => FakeConnector.Json(a).Contains("Het speeddateblok van 'CoP'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_block_time_outside_the_session_and_a_deck_the_deal_cannot_use_are_refused()
    {
        var outside = await InvokeAsync(_bots.ClientA, "cop.create", Plan("09:30", "default"), Anne);
        Assert.Contains("de begintijd van het speeddateblok valt niet binnen de sessie", outside, StringComparison.Ordinal);
        var foreign = await InvokeAsync(_bots.ClientA, "cop.create", Plan("10:30", "19:andere-deal@thread.tacv2|0123456789abcdef0123456789abcdef"), Anne, "en-US");
        Assert.Contains("this deal cannot use the chosen question cards", foreign, StringComparison.Ordinal);
        Assert.Empty(await Rows("CopSessions"));
    }

    private static JsonObject Plan(string blockTime, string deck) => new()
    {
        ["deal"] = DealKey, ["title"] = "CoP", ["date"] = "2027-11-04", ["time"] = "10:00", ["duration"] = "90", ["mode"] = "online",
        ["invite"] = "channel", ["speeddate"] = "true", ["speeddateTime"] = blockTime, ["speeddateDeck"] = deck,
    };

    private Task<int> RunBothAsync() => _bots.RunOnBothAsync<CopSpeeddateBlocks>(b => b.RunOnceAsync(default));

    private Task<List<Azure.Data.Tables.TableEntity>> Rows(string table) => _bots.RowsAsync(table);

    /// <summary>The Teams ids of the people whose 1:1 chat received a card with one of these texts, sorted.</summary>
    private Task<List<string>> RecipientsAsync(params string[] texts) => _bots.PersonalRecipientsAsync(texts);

    private Task<string> AnswerAsync(string sessionId, string answer, (string Id, string Aad, string Name) user, string locale = "nl-NL") =>
        InvokeAsync(user.Id == Bram.Id ? _bots.ClientB : _bots.ClientA, "cop.rsvp", new JsonObject { ["deal"] = DealKey, ["session"] = sessionId, ["answer"] = answer }, user, locale);

    private Task<string> InvokeAsync(HttpClient client, string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL") =>
        _bots.PressAsync(client, verb, data, user, locale);
}
