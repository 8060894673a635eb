using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Tests.Integration.TeamsUsers;
using static CityDealBot.Tests.Speeddates.SpeeddateTurns;

namespace CityDealBot.Tests.Speeddates;

/// <summary>
/// Question decks: the default deck at every table, an organiser's own deck chosen on the sign-up card and copied into
/// the session at the start, sharing with other deals (read and use, never change), and bad input refused in both
/// languages.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class QuestionDeckTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string OtherChannel = "19:team-water@thread.tacv2";

    // Anne installed the bot in the first deal (its dealmaker); Olga in the second; Bram is a partner.
    private static readonly (string Id, string Aad, string Name) Olga = ("29:olga", "aad-olga", "Olga Visser");

    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await _bot.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Seventeen_in_trios_over_three_rounds_sit_in_twos_and_threes_meet_nobody_twice_and_every_table_has_its_own_question()
    {
        var session = await OpenAsync("speeddate 3 8 drietallen");
        (string Id, string Aad, string Name)[] everyone = [Anne, .. Enumerable.Range(1, 16).Select(i => ($"29:p{i}", $"aad-p{i}", $"Deelnemer {i}"))];
        foreach (var person in everyone)
        {
            await PressAsync("speeddate.join", Session(session), person);
        }

        Assert.Contains("Ronde 1 van 3 loopt", await PressAsync("speeddate.start", Session(session), Anne), StringComparison.Ordinal);
        Assert.Contains("Ronde 2 van 3 loopt", await PressAsync("speeddate.next", Session(session), Anne), StringComparison.Ordinal);
        Assert.Contains("Ronde 3 van 3 loopt", await PressAsync("speeddate.next", Session(session), Anne), StringComparison.Ordinal);

        // The default deck, as the text catalogue words it: theme and question.
        var dutch = Texts.For(Language.Dutch);
        var deck = Enumerable.Range(1, ConversationQuestions.Count)
            .Select(n => $"{dutch[ConversationQuestions.ThemeKey(n)]}: {dutch[ConversationQuestions.Key(n)]}").ToList();

        var plan = await StoredPlanAsync(session);
        Assert.Equal(3, plan.Count);
        var met = new HashSet<(string, string)>();
        var questionsByTable = new Dictionary<int, List<string>>();
        for (var round = 1; round <= 3; round++)
        {
            var groups = plan[round - 1];
            Assert.All(groups, g => Assert.InRange(g.Count, 2, 3));
            Assert.Equal(everyone.Select(p => p.Aad).Order(), groups.SelectMany(g => g).Order());
            foreach (var group in groups)
            {
                foreach (var a in group)
                {
                    foreach (var b in group.Where(b => string.CompareOrdinal(a, b) < 0))
                    {
                        Assert.True(met.Add((a, b)), $"{a} and {b} meet twice");
                    }
                }
            }

            // The channel's round card: tables of two or three, each with a question of the deck, no two alike.
            var card = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains($"Speeddate ronde {round} van 3", StringComparison.Ordinal));
            var tables = Tables(card);
            Assert.Equal(groups.Count, tables.Count);
            Assert.All(tables, t => Assert.InRange(t.Seats, 2, 3));
            Assert.Equal(tables.Count, tables.Select(t => t.Question).Distinct().Count());
            Assert.All(tables, t => Assert.Contains(t.Question, deck));
            foreach (var (number, _, question) in tables)
            {
                (questionsByTable.TryGetValue(number, out var had) ? had : questionsByTable[number] = []).Add(question);
            }
        }

        // Twenty questions are enough for six tables over three rounds: no table hears a question twice.
        Assert.All(questionsByTable.Values, questions => Assert.Equal(questions.Count, questions.Distinct().Count()));
    }

    [Fact]
    public async Task A_deck_edited_while_its_session_runs_does_not_change_that_session()
    {
        var deck = await CreateDeckAsync("Slotbijeenkomst", shared: false, "Wat neem je mee naar huis?", "Wie ga je morgen bellen?", "Wat laat je los?", "Waar ben je trots op?");
        var session = await OpenAsync("speeddate 2 6");
        var chosen = await PressAsync("speeddate.deck", Session(session, new JsonObject { ["deck"] = deck }), Anne);
        Assert.Contains("gebruikt de vraagkaarten 'Slotbijeenkomst'", chosen, StringComparison.Ordinal);
        foreach (var person in new[] { Anne, Bram, ("29:chris", "aad-chris", "Chris Bakker"), ("29:dina", "aad-dina", "Dina Yilmaz") })
        {
            await PressAsync("speeddate.join", Session(session), person);
        }

        await PressAsync("speeddate.start", Session(session), Anne);
        string[] original = ["Wat neem je mee naar huis?", "Wie ga je morgen bellen?", "Wat laat je los?", "Waar ben je trots op?"];
        var first = Tables(await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 1 van 2", StringComparison.Ordinal)));
        Assert.Equal(2, first.Count);
        Assert.All(first, t => Assert.Contains(t.Question, original));

        // The deck is rewritten during the session: the session keeps the questions it started with.
        var saved = await SaveDeckAsync(deck, "Slotbijeenkomst", false, Anne, "nl-NL", ("Nieuwe vraag een?", null), ("Nieuwe vraag twee?", null));
        Assert.Contains("Opgeslagen: 2 vragen", saved, StringComparison.Ordinal);
        await PressAsync("speeddate.next", Session(session), Anne);
        var second = Tables(await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 2 van 2", StringComparison.Ordinal)));
        Assert.All(second, t => Assert.Contains(t.Question, original));
        Assert.DoesNotContain(_bot.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Nieuwe vraag", StringComparison.Ordinal));
        // Four questions for two tables over two rounds: each table gets a question it did not have.
        Assert.All(first.Zip(second), p => Assert.NotEqual(p.First.Question, p.Second.Question));
    }

    [Fact]
    public async Task A_deck_smaller_than_the_tables_is_reused_evenly_and_the_organiser_is_told()
    {
        var deck = await CreateDeckAsync("Kort", shared: false, "Eerste vraag?", "Tweede vraag?");
        var session = await OpenAsync("speeddate 1 5");
        await PressAsync("speeddate.deck", Session(session, new JsonObject { ["deck"] = deck }), Anne);
        foreach (var i in Enumerable.Range(1, 8))
        {
            await PressAsync("speeddate.join", Session(session), ($"29:q{i}", $"aad-q{i}", $"Persoon {i}"));
        }

        var control = await PressAsync("speeddate.start", Session(session), Anne);
        Assert.Contains("Deze vraagkaarten hebben 2 vragen voor 4 tafels", control, StringComparison.Ordinal);
        var tables = Tables(await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 1 van 1", StringComparison.Ordinal)));
        Assert.Equal([2, 2], tables.GroupBy(t => t.Question).Select(g => g.Count()));
    }

    [Fact]
    public async Task A_shared_deck_is_usable_by_another_deal_but_only_its_own_deals_organisers_change_it()
    {
        var shared = await CreateDeckAsync("Interbestuurlijk", shared: true, "Wie beslist bij jou?", "Wat heb je van het Rijk nodig?");
        var own = await CreateDeckAsync("Alleen voor ons", shared: false, "Intern?");

        // A partner of the owning deal can neither change nor create decks.
        var partnerSave = await SaveDeckAsync(shared, "Overgenomen", false, Bram, "nl-NL", ("Van Bram?", null));
        Assert.Contains("Alleen organisatoren en dealmakers van deze deal kunnen vraagkaarten", partnerSave, StringComparison.Ordinal);
        var partnerCreate = await PressAsync("decks.create", new JsonObject { ["name"] = "Van Bram" }, Bram);
        Assert.Contains("Alleen organisatoren en dealmakers van deze deal kunnen vraagkaarten", partnerCreate, StringComparison.Ordinal);

        // Another deal sees the shared deck (not the other one), and can use it but not change or delete it.
        await _bot.SendAsync(InOtherDeal(Activities.BotAddedToTeam(_bot.ServiceUrl), Olga));
        await _bot.SendAsync(InOtherDeal(Activities.ChannelMessage(_bot.ServiceUrl, "vraagkaarten"), Olga));
        var list = FakeConnector.Json(await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Gedeeld door andere deals", StringComparison.Ordinal)));
        Assert.Contains("Interbestuurlijk", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Alleen voor ons", list, StringComparison.Ordinal);

        var foreignSave = await SaveDeckAsync(shared, "Overgenomen", false, Olga, "nl-NL", ("Van Olga?", null), channel: OtherChannel);
        Assert.Contains("van een andere deal", foreignSave, StringComparison.Ordinal);
        var foreignDelete = await PressAsync("decks.delete", new JsonObject { ["deck"] = shared }, Olga, channel: OtherChannel);
        Assert.Contains("van een andere deal", foreignDelete, StringComparison.Ordinal);
        var foreignView = await PressAsync("decks.open", new JsonObject { ["deck"] = shared }, Olga, channel: OtherChannel);
        Assert.Contains("Gedeeld door City Deal Klimaatadaptatie; alleen die deal kan ze wijzigen", foreignView, StringComparison.Ordinal);
        Assert.DoesNotContain("decks.save", foreignView, StringComparison.Ordinal);

        var stored = (await _bot.RowsAsync("QuestionDecks")).Single(d => d.GetString("Name") == "Interbestuurlijk");
        Assert.Contains("Wie beslist bij jou?", stored.GetString("QuestionsJson"), StringComparison.Ordinal);
        Assert.Equal(2, (await _bot.RowsAsync("QuestionDecks")).Count);

        await _bot.SendAsync(InOtherDeal(Activities.ChannelMessage(_bot.ServiceUrl, "speeddate", userId: Olga.Id, aad: Olga.Aad, name: Olga.Name), Olga));
        var signUp = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("speeddate.join", StringComparison.Ordinal)
            && FakeConnector.Json(a).Contains("City Deal Water", StringComparison.Ordinal));
        var session = SessionOf(signUp);
        var unshared = await PressAsync("speeddate.deck", Session(session, new JsonObject { ["deck"] = own }), Olga, channel: OtherChannel);
        Assert.Contains("zijn niet van deze deal of gedeeld", unshared, StringComparison.Ordinal);
        var usable = await PressAsync("speeddate.deck", Session(session, new JsonObject { ["deck"] = shared }), Olga, channel: OtherChannel);
        Assert.Contains("gebruikt de vraagkaarten 'Interbestuurlijk'", usable, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-NL", "Vraag 2 is leeg maar heeft wel een thema", "Vraag 1 is te lang: ten hoogste 200 tekens, het zijn er 201.", "Er is niets opgeslagen")]
    [InlineData("en-US", "Question 2 is empty but has a theme", "Question 1 is too long: at most 200 characters, it has 201.", "Nothing was stored")]
    public async Task An_empty_or_too_long_question_is_explained_in_the_persons_language_and_nothing_is_stored(
        string locale, string empty, string tooLong, string nothingStored)
    {
        var deck = await CreateDeckAsync("Proef", shared: false);

        var emptyQuestion = await SaveDeckAsync(deck, "Proef", false, Anne, locale, ("Een goede vraag?", null), (string.Empty, "Thema zonder vraag"));
        Assert.Contains(empty, emptyQuestion, StringComparison.Ordinal);
        Assert.Contains(nothingStored, emptyQuestion, StringComparison.Ordinal);
        Assert.Contains("Een goede vraag?", emptyQuestion, StringComparison.Ordinal); // what was typed stays on the card

        var longQuestion = await SaveDeckAsync(deck, "Proef", false, Anne, locale, (new string('x', 200) + "?", null));
        Assert.Contains(tooLong, longQuestion, StringComparison.Ordinal);

        var emptyName = await PressAsync("decks.create", new JsonObject { ["name"] = "  " }, Anne, locale);
        Assert.Contains(locale == "nl-NL" ? "Geef de vraagkaarten een naam." : "Give the question cards a name.", emptyName, StringComparison.Ordinal);

        var row = Assert.Single(await _bot.RowsAsync("QuestionDecks"));
        Assert.Equal("[]", row.GetString("QuestionsJson"));
    }

    /// <summary>Creates a deck in the first deal as Anne and saves its questions; returns its reference on the cards.</summary>
    private async Task<string> CreateDeckAsync(string name, bool shared, params string[] questions)
    {
        var created = await PressAsync("decks.create", new JsonObject { ["name"] = name }, Anne);
        Assert.Contains("Aangemaakt", created, StringComparison.Ordinal);
        var deck = ValueAfter(created, "\"deck\":\"");
        if (questions.Length > 0)
        {
            Assert.Contains("Opgeslagen", await SaveDeckAsync(deck, name, shared, Anne, "nl-NL", [.. questions.Select(q => (q, (string?)null))]), StringComparison.Ordinal);
        }

        return deck;
    }

    private Task<string> SaveDeckAsync(string deck, string name, bool shared, (string Id, string Aad, string Name) user, string locale, params (string Text, string? Theme)[] rows) =>
        SaveDeckAsync(deck, name, shared, user, locale, rows, Activities.ChannelId);

    private Task<string> SaveDeckAsync(string deck, string name, bool shared, (string Id, string Aad, string Name) user, string locale, (string Text, string? Theme) row, string channel) =>
        SaveDeckAsync(deck, name, shared, user, locale, [row], channel);

    private Task<string> SaveDeckAsync(string deck, string name, bool shared, (string Id, string Aad, string Name) user, string locale, (string Text, string? Theme)[] rows, string channel)
    {
        var data = new JsonObject { ["deck"] = deck, ["name"] = name, ["shared"] = shared ? "true" : "false" };
        for (var i = 0; i < rows.Length; i++)
        {
            data["q" + (i + 1)] = rows[i].Text;
            data["theme" + (i + 1)] = rows[i].Theme ?? string.Empty;
        }

        return PressAsync("decks.save", data, user, locale, channel);
    }

    private Task<string> OpenAsync(string command) => SpeeddateTurns.OpenAsync(_bot, command);

    private static string ValueAfter(string json, string marker)
    {
        var start = json.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{marker} not in {json}");
        start += marker.Length;
        return json[start..json.IndexOf('"', start)];
    }

    private async Task<string> PressAsync(string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL", string channel = Activities.ChannelId)
    {
        var invoke = Activities.Invoke(_bot.ServiceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
        }, locale);
        invoke["from"] = new JsonObject { ["id"] = user.Id, ["aadObjectId"] = user.Aad, ["name"] = user.Name };
        if (channel != Activities.ChannelId)
        {
            invoke = InOtherDeal(invoke, user);
        }

        var response = await _bot.SendAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return FakeConnector.Json(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The same activity in the second deal's team and channel, from this person.</summary>
    private static JsonObject InOtherDeal(JsonObject activity, (string Id, string Aad, string Name) user)
    {
        var conversation = activity["conversation"]!.AsObject();
        var id = conversation["id"]!.GetValue<string>();
        conversation["id"] = id.Replace(Activities.ChannelId, OtherChannel, StringComparison.Ordinal);
        var channelData = activity["channelData"]!.AsObject();
        channelData["team"] = new JsonObject { ["id"] = OtherChannel, ["name"] = "City Deal Water", ["aadGroupId"] = "00000000-0000-0000-0000-000000000032" };
        channelData["channel"] = new JsonObject { ["id"] = OtherChannel, ["name"] = "Algemeen" };
        activity["from"] = new JsonObject { ["id"] = user.Id, ["aadObjectId"] = user.Aad, ["name"] = user.Name };
        return activity;
    }

    /// <summary>The tables of a round card: number, seats, question.</summary>
    private static List<(int Number, int Seats, string Question)> Tables(JsonNode card) =>
    [
        .. Containers(card).Where(c => c["id"]?.GetValue<string>().StartsWith("table-", StringComparison.Ordinal) == true).Select(t => (
            int.Parse(t["id"]!.GetValue<string>()["table-".Length..], System.Globalization.CultureInfo.InvariantCulture),
            t["items"]![1]!["text"]!.GetValue<string>().Split(" · ").Length,
            t["items"]![2]!["text"]!.GetValue<string>())),
    ];

    private Task<List<List<List<string>>>> StoredPlanAsync(string session) => SpeeddateTurns.StoredPlanAsync(_bot, session);
}
