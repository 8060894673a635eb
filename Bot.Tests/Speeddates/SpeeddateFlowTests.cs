using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Tests.Speeddates.SpeeddateTurns;

namespace CityDealBot.Tests.Speeddates;

/// <summary>A speeddate in a deal's channel: sign-up by several people, start, rounds, reseating and the end.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SpeeddateFlowTests(AzuriteFixture storage) : IAsyncLifetime
{
    // Anne installed the bot, so she is the deal's dealmaker; the others are partners.
    private static readonly (string Id, string Aad, string Name, string Email)[] People =
    [
        ("29:anne", "aad-anne", "Anne de Vries", "anne@utrecht.nl"),
        ("29:bram", "aad-bram", "Bram Jansen", "bram@minbzk.nl"),
        ("29:chris", "aad-chris", "Chris Bakker", "chris@uu.nl"),
        ("29:dina", "aad-dina", "Dina Yilmaz", "dina@amersfoort.nl"),
        ("29:eva", "aad-eva", "Eva Smit", "eva@provincie-utrecht.nl"),
    ];

    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await _bot.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Five_people_sign_up_and_round_one_reaches_the_channel_and_everyone_in_person()
    {
        var session = await OpenAsync("speeddate 2 6");
        foreach (var person in People)
        {
            var joined = await PressAsync("speeddate.join", session, person);
            Assert.Contains("Je doet mee", joined, StringComparison.Ordinal);
        }

        var participants = await _bot.RowsAsync("SpeeddateParticipants");
        Assert.Equal(People.Length, participants.Count);
        Assert.All(participants, p => Assert.Equal(session, p.PartitionKey));

        var control = await PressAsync("speeddate.start", session, People[0]);
        Assert.Contains("Ronde 1 van 2 loopt", control, StringComparison.Ordinal);

        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 1 van 2", StringComparison.Ordinal));
        var round = (await StoredPlanAsync(session))[0];
        var seated = round.SelectMany(g => g).ToList();
        Assert.Equal(People.Select(p => p.Aad).Order(), seated.Order());
        Assert.Equal([2, 3], round.Select(g => g.Count).Order());

        // Every participant gets exactly one personal message with their table.
        var personal = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ronde 1 van 2: tafel", StringComparison.Ordinal), People.Length);
        Assert.Equal(People.Length, personal.Count);
        Assert.Equal(People.Length, _bot.Connector.Calls.Count(c => c.Method == "POST" && c.Path == "/v3/conversations"));
        var session1 = Assert.Single(await _bot.RowsAsync("SpeeddateSessions"));
        Assert.Equal("running", session1.GetString("State"));
    }

    [Fact]
    public async Task A_trio_speeddate_of_seventeen_seats_round_one_in_five_trios_and_one_pair()
    {
        var session = await OpenAsync("speeddate 3 8 drietallen");
        Assert.Equal(3, Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetInt32("GroupSize"));
        (string Id, string Aad, string Name, string Email)[] everyone =
        [
            People[0],
            .. Enumerable.Range(1, 16).Select(i => ($"29:p{i}", $"aad-p{i}", $"Deelnemer {i}", $"p{i}@example.nl")),
        ];
        foreach (var person in everyone)
        {
            await PressAsync("speeddate.join", session, person);
        }

        var control = await PressAsync("speeddate.start", session, People[0]);
        Assert.Contains("Ronde 1 van 3 loopt", control, StringComparison.Ordinal);

        var round = (await StoredPlanAsync(session))[0];
        Assert.Equal([2, 3, 3, 3, 3, 3], round.Select(g => g.Count).Order());
        Assert.Equal(everyone.Select(p => p.Aad).Order(), round.SelectMany(g => g).Order());

        // The channel's round card shows six tables of two or three people, each with its own question.
        var card = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 1 van 3", StringComparison.Ordinal));
        var tables = Containers(card).Where(c => c["id"]?.GetValue<string>().StartsWith("table-", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(6, tables.Count);
        var seats = tables.Select(t => t["items"]![1]!["text"]!.GetValue<string>().Split(" · ").Length).Order().ToList();
        Assert.Equal([2, 3, 3, 3, 3, 3], seats);
        Assert.Equal(6, tables.Select(t => t["items"]![2]!["text"]!.GetValue<string>()).Distinct().Count());

        // Everyone gets their group in person: one or two others at the table.
        var personal = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ronde 1 van 3: tafel", StringComparison.Ordinal), everyone.Length);
        Assert.Equal(everyone.Length, personal.Count);
    }

    [Fact]
    public async Task The_organiser_switches_to_trios_on_the_sign_up_card_and_a_partner_cannot()
    {
        var session = await OpenAsync("speeddate");
        Assert.Equal(2, Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetInt32("GroupSize"));
        var trios = new JsonObject { ["groupSize"] = "3" };

        var refused = await PressAsync("speeddate.groupsize", session, People[1], trios.DeepClone().AsObject());
        Assert.Contains("Alleen organisatoren en dealmakers", refused, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetInt32("GroupSize"));

        var tampered = await PressAsync("speeddate.groupsize", session, People[0], new JsonObject { ["groupSize"] = "4" });
        Assert.Contains("Kies tweetallen of drietallen", tampered, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetInt32("GroupSize"));

        var switched = await PressAsync("speeddate.groupsize", session, People[0], trios.DeepClone().AsObject());
        Assert.Contains("Drietallen (een of twee tweetallen", switched, StringComparison.Ordinal);
        Assert.Contains("Tweetallen maken", switched, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetInt32("GroupSize"));

        foreach (var person in People.Concat([("29:fred", "aad-fred", "Fred Visser", "fred@tno.nl")]))
        {
            await PressAsync("speeddate.join", session, person);
        }

        await PressAsync("speeddate.start", session, People[0]);
        // Six people in trio mode: two trios, where pair mode would have made three pairs.
        Assert.Equal([3, 3], (await StoredPlanAsync(session))[0].Select(g => g.Count));
        var late = await PressAsync("speeddate.groupsize", session, People[0], new JsonObject { ["groupSize"] = "2" });
        Assert.Contains("al begonnen", late, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetInt32("GroupSize"));
    }

    [Fact]
    public async Task Asking_for_pairs_and_trios_at_once_opens_nothing()
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "speeddate 3 8 trios pairs"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("[tweetallen|drietallen]", StringComparison.Ordinal));
        Assert.Empty(await _bot.RowsAsync("SpeeddateSessions"));
    }

    [Fact]
    public async Task A_partner_can_neither_open_nor_start_a_speeddate()
    {
        var bram = People[1];
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "speeddate", "en-US", bram.Id, bram.Aad, bram.Name));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Only this deal's organisers and dealmakers", StringComparison.Ordinal));
        Assert.Empty(await _bot.RowsAsync("SpeeddateSessions"));

        var session = await OpenAsync("speeddate");
        await PressAsync("speeddate.join", session, People[0]);
        await PressAsync("speeddate.join", session, bram);
        var refused = await PressAsync("speeddate.start", session, bram);
        Assert.Contains("Alleen organisatoren en dealmakers", refused, StringComparison.Ordinal);
        Assert.Equal("open", Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetString("State"));
        Assert.DoesNotContain(_bot.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Speeddate ronde 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_session_id_is_refused_and_nothing_is_stored()
    {
        await OpenAsync("speeddate");
        var body = await PressAsync("speeddate.join", "0123456789abcdef0123456789abcdef", People[1]);
        Assert.Contains("hoort niet bij deze deal", body, StringComparison.Ordinal);
        body = await PressAsync("speeddate.join", "../../SpeeddateSessions", People[1]);
        Assert.Contains("hoort niet bij deze deal", body, StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("SpeeddateParticipants"));
    }

    [Fact]
    public async Task A_session_of_another_deal_is_refused_and_nothing_is_stored()
    {
        const string otherSession = "fedcba9876543210fedcba9876543210";
        await _bot.Table("SpeeddateSessions").CreateIfNotExistsAsync();
        await _bot.Table("SpeeddateSessions").AddEntityAsync(new TableEntity("19:other-deal@thread.tacv2", otherSession)
        {
            ["OrganiserKey"] = "aad-anne", ["DealName"] = "Andere deal", ["Rounds"] = 2, ["Minutes"] = 5, ["State"] = "open",
        });

        foreach (var verb in new[] { "speeddate.join", "speeddate.start" })
        {
            var body = await PressAsync(verb, otherSession, People[0]);
            Assert.Contains("hoort niet bij deze deal", body, StringComparison.Ordinal);
        }

        Assert.Empty(await _bot.RowsAsync("SpeeddateParticipants"));
        Assert.Equal("open", Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetString("State"));
    }

    [Fact]
    public async Task Confirming_details_stores_them_and_bad_input_stores_nothing()
    {
        var session = await OpenAsync("speeddate");
        await PressAsync("speeddate.join", session, People[2]);
        var bad = await PressAsync("speeddate.confirm", session, People[2], new JsonObject { ["deal"] = "X", ["organisation"] = "UU", ["organisationType"] = "Pirate" });
        Assert.Contains("Er is niets opgeslagen", bad, StringComparison.Ordinal);
        Assert.False(Assert.Single(await _bot.RowsAsync("SpeeddateParticipants")).GetBoolean("IsConfirmed"));

        var saved = await PressAsync("speeddate.confirm", session, People[2],
            new JsonObject { ["deal"] = "City Deal Kennis", ["organisation"] = "Universiteit Utrecht", ["organisationType"] = "KnowledgeInstitute" });
        Assert.Contains("Opgeslagen", saved, StringComparison.Ordinal);
        var row = Assert.Single(await _bot.RowsAsync("SpeeddateParticipants"));
        Assert.True(row.GetBoolean("IsConfirmed"));
        Assert.Equal("Universiteit Utrecht", row.GetString("Organisation"));
        Assert.Equal("KnowledgeInstitute", row.GetString("OrganisationType"));
    }

    [Fact]
    public async Task With_the_roster_the_organisation_is_prefilled_and_groups_get_a_chat_link()
    {
        foreach (var p in People)
        {
            _bot.Connector.Members.Add(Activities.TeamMember(p));
        }

        var session = await OpenAsync("speeddate 1 5");
        var joined = await PressAsync("speeddate.join", session, People[2]);
        Assert.Contains("\"value\": \"Universiteit Utrecht\"", joined.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
        await PressAsync("speeddate.join", session, People[3]);
        var dina = (await _bot.RowsAsync("SpeeddateParticipants")).Single(r => r.RowKey == "aad-dina");
        Assert.Equal("Gemeente Amersfoort", dina.GetString("Organisation"));
        Assert.Equal("Municipality", dina.GetString("OrganisationType"));
        Assert.Equal("dina@amersfoort.nl", dina.GetString("Address"));

        await PressAsync("speeddate.start", session, People[0]);
        var message = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Ronde 1 van 1: tafel", StringComparison.Ordinal));
        var text = FakeConnector.Json(message);
        var link = System.Text.RegularExpressions.Regex.Match(text, "https://teams.microsoft.com/l/chat/0/0\\?users=([^&\"]+)&topicName=").Groups[1].Value;
        Assert.Equal(["chris%40uu.nl", "dina%40amersfoort.nl"], link.Split(',').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_the_last_round_the_pairs_become_history_and_everyone_gets_a_summary()
    {
        var session = await OpenAsync("speeddate 1 5");
        foreach (var person in People.Take(4))
        {
            await PressAsync("speeddate.join", session, person);
        }

        await PressAsync("speeddate.start", session, People[0]);
        var metrics = await PressAsync("speeddate.next", session, People[0]);
        Assert.Contains("Speeddate afgerond", metrics, StringComparison.Ordinal);

        var round = (await StoredPlanAsync(session))[0];
        var history = await _bot.RowsAsync("SpeeddateHistory");
        // Two pairs, each stored in both directions, met once.
        Assert.Equal(4, history.Count);
        foreach (var group in round)
        {
            Assert.Contains(history, h => h.PartitionKey == group[0] && h.RowKey == group[1] && h.GetInt32("Times") == 1);
            Assert.Contains(history, h => h.PartitionKey == group[1] && h.RowKey == group[0]);
        }

        var summaries = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Wie heb je gesproken?", StringComparison.Ordinal), 4);
        Assert.All(summaries, a => Assert.Contains("speeddate.feedback", FakeConnector.Json(a), StringComparison.Ordinal));
        Assert.Equal("finished", Assert.Single(await _bot.RowsAsync("SpeeddateSessions")).GetString("State"));

        // The one feedback question: stored on the answerer's own row; outsiders and odd scores are refused.
        Assert.Contains("helpt de organisator", await PressAsync("speeddate.feedback", session, People[1], new JsonObject { ["score"] = "4" }), StringComparison.Ordinal);
        Assert.Contains("hoort niet bij deze deal", await PressAsync("speeddate.feedback", session, People[4], new JsonObject { ["score"] = "5" }), StringComparison.Ordinal);
        Assert.Contains("van 1 tot 5", await PressAsync("speeddate.feedback", session, People[2], new JsonObject { ["score"] = "9" }), StringComparison.Ordinal);
        var feedback = (await _bot.RowsAsync("SpeeddateParticipants")).Where(r => r.GetInt32("Feedback") is not null).ToList();
        Assert.Equal(["aad-bram"], feedback.Select(r => r.RowKey));
        Assert.Equal(4, feedback[0].GetInt32("Feedback"));
        var again = await PressAsync("speeddate.next", session, People[0]);
        Assert.Contains("loopt niet", again, StringComparison.Ordinal);
        Assert.Equal(4, (await _bot.RowsAsync("SpeeddateHistory")).Count);
    }

    [Fact]
    public async Task The_next_session_avoids_pairs_that_met_before()
    {
        var first = await OpenAsync("speeddate 1 5");
        foreach (var person in People.Take(4))
        {
            await PressAsync("speeddate.join", first, person);
        }

        await PressAsync("speeddate.start", first, People[0]);
        await PressAsync("speeddate.next", first, People[0]);
        var earlier = (await StoredPlanAsync(first))[0].Select(g => string.Join('|', g.Order())).ToHashSet();

        var second = await OpenAsync("speeddate 1 5");
        foreach (var person in People.Take(4))
        {
            await PressAsync("speeddate.join", second, person);
        }

        await PressAsync("speeddate.start", second, People[0]);
        var now = (await StoredPlanAsync(second))[0].Select(g => string.Join('|', g.Order()));
        Assert.DoesNotContain(now, earlier.Contains);
    }

    [Fact]
    public async Task A_no_show_is_reseated_out_and_a_latecomer_in()
    {
        var session = await OpenAsync("speeddate 2 5");
        foreach (var person in People.Take(4))
        {
            await PressAsync("speeddate.join", session, person);
        }

        await PressAsync("speeddate.start", session, People[0]);
        await PressAsync("speeddate.join", session, People[4]);
        var control = await PressAsync("speeddate.replan", session, People[0], new JsonObject { ["noShows"] = "aad-bram" });
        Assert.Contains("Ronde 1 van 2 loopt", control, StringComparison.Ordinal);

        var round = (await StoredPlanAsync(session))[0];
        var seated = round.SelectMany(g => g).ToList();
        Assert.DoesNotContain("aad-bram", seated);
        Assert.Contains("aad-eva", seated);
        Assert.Equal(seated.Count, seated.Distinct().Count());
        Assert.Equal(4, seated.Count);
        // The latecomer's 1:1 chat is opened to send them their table (after the organiser's answer).
        await _bot.Connector.WaitForCallAsync(c => c.Path == "/v3/conversations" && c.Body?["members"]?[0]?["id"]?.GetValue<string>() == "29:eva");
    }

    [Fact]
    public async Task Next_posts_round_two_and_then_offers_to_finish()
    {
        var session = await OpenAsync("speeddate 2 5");
        foreach (var person in People.Take(4))
        {
            await PressAsync("speeddate.join", session, person);
        }

        await PressAsync("speeddate.start", session, People[0]);
        var control = await PressAsync("speeddate.next", session, People[0]);
        Assert.Contains("Ronde 2 van 2 loopt", control, StringComparison.Ordinal);
        Assert.Contains("Afronden", control, StringComparison.Ordinal);
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 2 van 2", StringComparison.Ordinal));
        await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ronde 2 van 2: tafel", StringComparison.Ordinal), 4);
        var row = Assert.Single(await _bot.RowsAsync("SpeeddateSessions"));
        Assert.Equal(2, row.GetInt32("CurrentRound"));

        // Four people over two rounds: nobody meets the same person twice.
        var plan = await StoredPlanAsync(session);
        var pairs = plan.SelectMany(r => r).Select(g => string.Join('|', g.Order())).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Theory]
    [InlineData("speeddate 9")]
    [InlineData("speeddate 3 1")]
    [InlineData("speeddate drie")]
    public async Task Bad_arguments_are_explained_and_no_session_is_opened(string command)
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, command));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Gebruik: speeddate", StringComparison.Ordinal));
        Assert.Empty(await _bot.RowsAsync("SpeeddateSessions"));
    }

    [Fact]
    public async Task The_submit_fallback_reaches_the_same_join()
    {
        var session = await OpenAsync("speeddate");
        var submit = Activities.ChannelMessage(_bot.ServiceUrl, string.Empty, userId: "29:chris", aad: "aad-chris", name: "Chris Bakker");
        submit.Remove("text");
        submit.Remove("entities");
        submit["value"] = new JsonObject { ["verb"] = "speeddate.join", ["session"] = session };
        await _bot.SendAsync(submit);
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Je doet mee", StringComparison.Ordinal));
        Assert.Equal("aad-chris", Assert.Single(await _bot.RowsAsync("SpeeddateParticipants")).RowKey);
    }

    [Fact]
    public async Task Joining_updates_the_shared_card_and_a_refresh_shows_each_person_their_own_view()
    {
        var session = await OpenAsync("speeddate");
        await PressAsync("speeddate.join", session, People[0]);
        await PressAsync("speeddate.join", session, People[1], replyToId: "card-1");

        // The shared card follows in the background, built from storage when it leaves.
        var update = await _bot.Connector.WaitForActivityAsync(a => a["id"]?.GetValue<string>() == "card-1"
            && FakeConnector.Json(a).Replace(" ", string.Empty, StringComparison.Ordinal).Contains("\"value\":\"2\"", StringComparison.Ordinal));
        var shared = FakeConnector.Json(update);
        Assert.Contains("\"value\":\"2\"", shared.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"userIds\":[\"29:anne\",\"29:bram\"]", shared.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Text", shared, StringComparison.Ordinal);

        var bram = await PressAsync("speeddate.refresh", session, People[1]);
        Assert.Contains("Input.Text", bram, StringComparison.Ordinal);
        var stranger = await PressAsync("speeddate.refresh", session, People[4]);
        Assert.DoesNotContain("Input.Text", stranger, StringComparison.Ordinal);
        Assert.Equal(2, (await _bot.RowsAsync("SpeeddateParticipants")).Count);

        await PressAsync("speeddate.start", session, People[0]);
        var organiser = await PressAsync("speeddate.refresh", session, People[0]);
        Assert.Contains("Ronde 1 van 3 loopt", organiser, StringComparison.Ordinal);
        var partner = await PressAsync("speeddate.refresh", session, People[1]);
        Assert.DoesNotContain("loopt", partner, StringComparison.Ordinal);
    }

    private Task<string> OpenAsync(string command) => SpeeddateTurns.OpenAsync(_bot, command);

    private Task<string> PressAsync(string verb, string session, (string Id, string Aad, string Name, string Email) user, JsonObject? inputs = null, string? replyToId = null) =>
        _bot.PressAsync(verb, SpeeddateTurns.Session(session, inputs), (user.Id, user.Aad, user.Name), replyToId: replyToId);

    private Task<List<List<List<string>>>> StoredPlanAsync(string session) => SpeeddateTurns.StoredPlanAsync(_bot, session);

    private async Task<List<JsonObject>> WaitForCountAsync(Func<JsonObject, bool> predicate, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var found = _bot.Connector.SentActivities.Where(predicate).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return [.. _bot.Connector.SentActivities.Where(predicate)];
    }
}
