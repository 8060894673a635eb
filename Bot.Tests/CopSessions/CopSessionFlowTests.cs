using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Tests.Integration.TeamsUsers;

namespace CityDealBot.Tests.CopSessions;

/// <summary>Plan a CoP session in the channel, see the Graph event made on a fake Graph, answer as two people, cancel.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CopSessionFlowTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string DealKey = Activities.ChannelId;
    private BotHarness _bot = null!;
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            ["Graph:BaseUrl"] = _graph.BaseUrl,
        });
        await _bot.AddToTeamAsync(Anne.WithEmail("anne@utrecht.nl"), Bram.WithEmail("bram@tno.nl"), Chris.WithEmail("chris@minbzk.nl"));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task The_organiser_gets_the_planning_card_and_a_partner_does_not()
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "cop plannen"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("CoP-sessie plannen voor", StringComparison.Ordinal));

        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "cop plan", "en-US", userId: "29:bram", aad: "aad-bram", name: "Bram Jansen"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Only this deal's dealmakers and organisers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_cannot_create_a_session()
    {
        var body = await InvokeAsync("cop.create", Plan("2027-06-10", "15:00"), Bram);
        Assert.Contains("Alleen dealmakers en organisatoren", FakeConnector.Json(body), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("CopSessions"));
        Assert.Empty(_graph.Calls);
    }

    [Fact]
    public async Task Planning_creates_the_event_in_Amsterdam_time_and_announces_it()
    {
        // The last Sunday of October 2027: winter time has started, so 15:00 in Amsterdam is 14:00 UTC.
        var card = FakeConnector.Json(await InvokeAsync("cop.create", Plan("2027-10-31", "15:00")));

        var call = Assert.Single(_graph.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v1.0/users/aad-anne/events", call.Path);
        Assert.Contains("W. Europe Standard Time", call.Prefer, StringComparison.Ordinal);
        var ev = call.Body!;
        Assert.Equal("Klimaat en data", ev["subject"]!.GetValue<string>());
        Assert.Equal("2027-10-31T15:00:00", ev["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2027-10-31T16:30:00", ev["end"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("W. Europe Standard Time", ev["end"]!["timeZone"]!.GetValue<string>());
        Assert.True(ev["isOnlineMeeting"]!.GetValue<bool>());
        Assert.Equal("teamsForBusiness", ev["onlineMeetingProvider"]!.GetValue<string>());
        var attendees = ev["attendees"]!.AsArray().Select(a => a!["emailAddress"]!["address"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["anne@utrecht.nl", "bram@tno.nl", "chris@minbzk.nl"], attendees);

        var row = Assert.Single(await _bot.RowsAsync("CopSessions"));
        Assert.Equal(row.RowKey, ev["transactionId"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 14, 0, 0, TimeSpan.Zero), row.GetDateTimeOffset("StartsAt"));
        Assert.StartsWith("AAMkAD", row.GetString("GraphEventId"), StringComparison.Ordinal);

        Assert.Contains("meetup-join", card, StringComparison.Ordinal);
        Assert.Contains("Ik kom: 0", card, StringComparison.Ordinal);
        // The .ics stays on offer for guests outside the invitation, with the Teams link in it.
        Assert.Contains("meetup-join", await FetchIcsAsync(card), StringComparison.Ordinal);
        var announcement = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Klimaat en data", StringComparison.Ordinal));
        var posted = FakeConnector.Json(announcement);
        Assert.Contains("meetup-join", posted, StringComparison.Ordinal);
        Assert.Contains("Bespreking van de datastandaard", posted, StringComparison.Ordinal);
        Assert.Contains("Misschien", posted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_of_two_people_update_the_attendance()
    {
        await InvokeAsync("cop.create", Plan("2027-03-28", "10:00"));
        var sessionId = Assert.Single(await _bot.RowsAsync("CopSessions")).RowKey;
        var call = Assert.Single(_graph.Calls);
        Assert.Equal("2027-03-28T10:00:00", call.Body!["start"]!["dateTime"]!.GetValue<string>());

        var anne = FakeConnector.Json(await InvokeAsync("cop.rsvp", Answer(sessionId, "yes")));
        Assert.Contains("Ik kom: 1 · Misschien: 0", anne, StringComparison.Ordinal);

        var bram = FakeConnector.Json(await InvokeAsync("cop.rsvp", Answer(sessionId, "maybe"), Bram));
        Assert.Contains("Ik kom: 1 · Misschien: 1", bram, StringComparison.Ordinal);
        Assert.Contains("Jouw antwoord: Misschien", bram, StringComparison.Ordinal);
        Assert.DoesNotContain("Anne de Vries", bram, StringComparison.Ordinal);

        // The organiser's card refreshes with the names.
        var organiser = FakeConnector.Json(await InvokeAsync("cop.refresh", Answer(sessionId, string.Empty)));
        Assert.Contains("Ik kom: Anne de Vries", organiser, StringComparison.Ordinal);
        Assert.Contains("Misschien: Bram Jansen", organiser, StringComparison.Ordinal);
        Assert.Equal(2, (await _bot.RowsAsync("CopRsvps")).Count);

        // Changing one's mind replaces the answer.
        var changed = FakeConnector.Json(await InvokeAsync("cop.rsvp", Answer(sessionId, "no"), Bram));
        Assert.Contains("Ik kom: 1 · Misschien: 0 · Ik kan niet: 1", changed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_cancels_the_Graph_event_without_a_new_invitation()
    {
        await InvokeAsync("cop.create", Plan("2027-06-10", "15:00"));
        var sessionId = Assert.Single(await _bot.RowsAsync("CopSessions")).RowKey;
        await InvokeAsync("cop.rsvp", Answer(sessionId, "yes"), Bram);

        var refused = FakeConnector.Json(await InvokeAsync("cop.cancel", Answer(sessionId, string.Empty), Bram));
        Assert.Contains("Alleen dealmakers en organisatoren", refused, StringComparison.Ordinal);

        var card = FakeConnector.Json(await InvokeAsync("cop.cancel", Answer(sessionId, string.Empty)));
        Assert.Contains("Deze sessie gaat niet door", card, StringComparison.Ordinal);
        Assert.DoesNotContain("cop.rsvp", card, StringComparison.Ordinal);
        Assert.Equal(["POST /events", "POST /cancel"], _graph.Calls.Select(c => c.Method + " /" + c.Path.Split('/')[^1]).ToList());
        Assert.True(Assert.Single(await _bot.RowsAsync("CopSessions")).GetBoolean("IsCancelled"));
    }

    [Fact]
    public async Task Changing_the_time_patches_the_event_without_inviting_again()
    {
        await InvokeAsync("cop.create", Plan("2027-06-10", "15:00"));
        var sessionId = Assert.Single(await _bot.RowsAsync("CopSessions")).RowKey;
        await InvokeAsync("cop.rsvp", Answer(sessionId, "yes"), Bram);

        var change = Answer(sessionId, string.Empty);
        change["date"] = "2027-03-28";
        change["time"] = "03:30";
        change["duration"] = "60";
        change["location"] = "Stadhuis Utrecht";
        var card = FakeConnector.Json(await InvokeAsync("cop.change", change));

        var patch = _graph.Calls[^1];
        Assert.Equal("PATCH", patch.Method);
        Assert.EndsWith(Assert.Single(await _bot.RowsAsync("CopSessions")).GetString("GraphEventId"), patch.Path, StringComparison.Ordinal);
        Assert.Null(patch.Body!["attendees"]);
        Assert.Equal("2027-03-28T03:30:00", patch.Body["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2027-03-28T04:30:00", patch.Body["end"]!["dateTime"]!.GetValue<string>());
        Assert.Single(_graph.Calls, c => c.Method == "POST");
        Assert.Contains("Stadhuis Utrecht", card, StringComparison.Ordinal);
        Assert.Contains("Ik kom: Bram Jansen", card, StringComparison.Ordinal);

        change["time"] = "02:30"; // the hour skipped on the last Sunday of March
        Assert.Contains("bestaan niet in Nederlandse tijd", FakeConnector.Json(await InvokeAsync("cop.change", change)), StringComparison.Ordinal);
        Assert.Single(_graph.Calls, c => c.Method == "PATCH");
    }

    [Fact]
    public async Task Missing_permission_is_explained_and_the_ics_is_offered()
    {
        _graph.FailNext(403);
        var card = FakeConnector.Json(await InvokeAsync("cop.create", Plan("2027-06-10", "15:00")));
        Assert.Contains("Calendars.ReadWrite", card, StringComparison.Ordinal);
        var ics = await FetchIcsAsync(card);
        Assert.Contains("DTSTART:20270610T130000Z", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_time_Graph_asks()
    {
        _graph.FailNext(429, retryAfter: "1");
        var clock = Stopwatch.StartNew();
        var card = FakeConnector.Json(await InvokeAsync("cop.create", Plan("2027-06-10", "15:00")));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"retried after {clock.Elapsed}");
        Assert.Contains("meetup-join", card, StringComparison.Ordinal);
        var posts = _graph.Calls.Where(c => c.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body!["transactionId"]!.GetValue<string>(), posts[1].Body!["transactionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lasting_throttling_falls_back_to_the_ics()
    {
        _graph.FailNext(429, retryAfter: "0", times: 10);
        var card = FakeConnector.Json(await InvokeAsync("cop.create", Plan("2027-06-10", "15:00")));
        Assert.True(card.Contains("Microsoft Graph is even te druk", StringComparison.Ordinal), card);
        Assert.Contains("/cop/ics/", card, StringComparison.Ordinal);
    }

    private async Task<string> FetchIcsAsync(string card)
    {
        var url = System.Text.RegularExpressions.Regex.Match(card, "\"(http[^\"]*/cop/ics/[^\"]+\\.ics)\"").Groups[1].Value;
        var response = await _bot.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(text)!;
        var ev = Assert.Single(calendar.Events);
        Assert.Equal("Klimaat en data", ev.Summary);
        return text;
    }

    private static JsonObject Plan(string date, string time) => new()
    {
        ["deal"] = DealKey,
        ["title"] = "Klimaat en data",
        ["date"] = date,
        ["time"] = time,
        ["duration"] = "90",
        ["mode"] = "online",
        ["agenda"] = "Bespreking van de datastandaard",
        ["invite"] = "channel",
        ["speeddate"] = "false",
    };

    private static JsonObject Answer(string sessionId, string answer) => new() { ["deal"] = DealKey, ["session"] = sessionId, ["answer"] = answer };

    private Task<JsonNode> InvokeAsync(string verb, JsonObject data, (string Id, string Aad, string Name)? user = null) =>
        Turns.PressAsync(_bot, verb, data, user ?? Anne);
}
