using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CityDealBot.Coffee;
using CityDealBot.Deals;
using CityDealBot.Privacy;
using CityDealBot.Storage;
using CityDealBot.Tests.CopSessions;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Privacy;

/// <summary>
/// The AVG contract over every store: one person uses every feature through the real HTTP endpoint (real Azurite,
/// fake Connector and Graph), the export lists every store that holds them, and after <c>vergeet mij</c> a scan of
/// every table and queue in the account finds none of their ids, name or e-mail, except what docs/privacy.md keeps.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ForgetEverywhereTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string DealKey = Activities.ChannelId;
    private static readonly Person Anne = new("29:anne", "aad-anne", "Anne de Vries", "anne@utrecht.nl");
    private static readonly Person Bram = new("29:bram", "aad-bram", "Bram Jansen", "bram@minbzk.nl");

    // Distinctive values, so a hit in the scan is theirs; the ë also checks that JSON-escaped text is scanned.
    private static readonly Person Zoe = new("29:1zoe-teams-7c4e", "aad-zoe-0f3c9b21", "Zoë Vergeetmij", "zoe.vergeetmij@zuid-holland.nl");

    // Monday 7 June 2027, 08:00 in Amsterdam: the coffee round is at 09:00.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 7, 6, 0, 0, TimeSpan.Zero));
    private BotHarness _bot = null!;
    private FakeGraph _graph = null!;

    private sealed record Person(string Id, string Aad, string Name, string Email);

    private sealed record Hit(string Store, string Row, string Property, string Value);

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            ["Pulse:SweepEvery"] = "00:00:00",
            ["CopSessions:ReminderSweepEvery"] = "00:00:00",
            ["Coffee:CheckEvery"] = "00:00:00",
            ["Outbox:DrainEvery"] = "00:00:00",
            ["Outbox:FirstBackoff"] = "00:00:00",
            ["Outbox:MaxDequeues"] = "1",
            ["Connector:MaxRetries"] = "0",
            ["Graph:BaseUrl"] = _graph.BaseUrl,
        }, services => services.AddSingleton<TimeProvider>(_time));
        await _bot.AddToTeamAsync(new[] { Anne, Bram, Zoe }.Select(p => (p.Id, p.Aad, p.Name, p.Email)));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task After_forget_me_no_table_or_queue_holds_the_person_and_the_export_covered_every_one()
    {
        await UseEveryFeatureAsync();

        // Every store that exists now is covered by a registered source or declared free of personal data.
        var data = _bot.Factory.Services.GetRequiredService<PersonalData>();
        var declared = data.Stores.Concat(_bot.Factory.Services.GetServices<StoreWithoutPersonalData>().Select(s => s.Store)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var existing = await StoresInAccountAsync();
        Assert.All(existing, store => Assert.True(declared.Contains(store), $"Store {store} has no personal-data source and is not declared free of personal data."));

        var before = await ScanAsync();
        var stores = before.Select(h => h.Store).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] expected =
        [
            "People", "DealMembers", "AuditLog", "PersonOrganisations", "DealOrganisations", "PulseResponses", "PulseRounds", "LobbySettings",
            "SpeeddateParticipants", "SpeeddateHistory", "SpeeddateSessions", "CopSessions", "CopRsvps", "CopPolls", "CopPollVotes",
            "CoffeeMembers", "CoffeeGroups", "Deliveries", "proactive-outbox", "proactive-poison", "Lessons",
        ];
        Assert.All(expected, store => Assert.True(stores.Contains(store), $"The journey left nothing of the person in {store}; the scan would prove nothing there."));

        // The export lists every store where the scan finds the person (other people's free text aside).
        var export = await ExportAsync(Zoe);
        var kept = KeptOnPurpose();
        foreach (var store in before.Where(h => !kept.Contains((h.Store, h.Property))).Select(h => h.Store).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var rows = export["tables"]![store]?.AsArray();
            Assert.True(rows is { Count: > 0 }, $"The export does not list {store}, where the person is stored.");
        }

        Assert.Contains(Zoe.Name, export["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(Zoe.Email, export["addresses"]!.AsArray().Select(n => n!.GetValue<string>()));

        await ForgetAsync(Zoe);

        var after = await ScanAsync();
        var leaks = after.Where(h => !kept.Contains((h.Store, h.Property))).ToList();
        Assert.True(leaks.Count == 0, "Still stored after forget me:\n" + string.Join("\n", leaks));
        // The allowed place is really exercised: Anne's remark about Zoë is Anne's and stays.
        Assert.Contains(after, h => h.Store == "PulseResponses" && h.Property == "Remark");

        // What others still need stays, without the person.
        var session = (await _bot.RowsAsync("CopSessions")).Single(s => s.GetString("Title") == "Klimaat en data");
        Assert.Equal(string.Empty, session.GetString("OrganiserName"));
        Assert.Equal(2, session.GetString("Invitees")!.Split(';').Length);
        var lesson = Assert.Single(await _bot.RowsAsync("Lessons"));
        Assert.Equal("De partners haakten af.", lesson.GetString("What"));
        Assert.StartsWith("forgotten-", lesson.GetString("AuthorKey"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, lesson.GetString("AuthorName"));
        var group = Assert.Single(await _bot.RowsAsync("CoffeeGroups"));
        Assert.Contains("aad-anne", group.GetString("Members"), StringComparison.Ordinal);
        Assert.Contains("forgotten-", group.GetString("Members"), StringComparison.Ordinal);
        var audit = await _bot.RowsAsync("AuditLog");
        Assert.Contains(audit, l => l.GetString("Action") == AuditActions.RoleChanged && l.GetString("Actor") == AuditTrail.ForgottenMember);
        Assert.Contains(audit, l => l.GetString("Action") == AuditActions.MemberForgotten);
        Assert.Equal("dealmaker", (await _bot.RowsAsync("DealMembers")).Single(m => m.RowKey == Anne.Aad).GetString("Role"));

        // The audit log shows the line with "een lid" in place of the name.
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "logboek"));
        var log = FakeConnector.Json(await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("een lid", StringComparison.Ordinal)));
        Assert.DoesNotContain("Zoë", log, StringComparison.Ordinal);
    }

    /// <summary>Zoë answers a pulse, runs a speeddate, plans, answers and polls CoP sessions, has coffee, gets and gives roles.</summary>
    private async Task UseEveryFeatureAsync()
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "help", userId: Zoe.Id, aad: Zoe.Aad, name: Zoe.Name));
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "help", userId: Zoe.Id, aad: Zoe.Aad, name: Zoe.Name));

        // Roles: Anne makes Zoë a dealmaker; Zoë makes Bram an organiser and maps her province's domain.
        Assert.Contains("Zoë Vergeetmij is nu Dealmaker", await PressAsync("deal.settings.role", new JsonObject { ["person"] = Zoe.Aad, ["role"] = "dealmaker" }, Anne), StringComparison.Ordinal);
        Assert.Contains("Bram Jansen is nu Organisator", await PressAsync("deal.settings.role", new JsonObject { ["person"] = Bram.Aad, ["role"] = "organiser" }, Zoe), StringComparison.Ordinal);
        await PressAsync("deal.settings.domain", new JsonObject { ["domain"] = "zuid-holland.nl", ["organisation"] = "Provincie Zuid-Holland", ["type"] = "Province" }, Zoe);
        Assert.Contains("Provincie Zuid-Holland", await PressAsync("person.organisation", new JsonObject { ["organisation"] = "Provincie Zuid-Holland (PZH)", ["type"] = "Province" }, Zoe), StringComparison.Ordinal);

        // The deal's election settings, last changed by Zoë.
        Assert.Contains("Opgeslagen", await PressAsync("lobby.settings.save", new JsonObject { ["deal"] = DealKey, ["municipalities"] = "Utrecht" }, Zoe), StringComparison.Ordinal);

        // A pulse Zoë starts and answers with a remark; Anne's remark names her.
        var before = _bot.Connector.SentActivities.Count;
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "peiling", userId: Zoe.Id, aad: Zoe.Aad, name: Zoe.Name));
        var pulseCard = PulseHarness.Card(await _bot.Connector.WaitForActivityAsync(a => _bot.Connector.SentActivities.ToList().IndexOf(a) >= before && PulseHarness.Card(a)?["refresh"] is not null))!;
        var pulseId = pulseCard["refresh"]!["action"]!["data"]!["pulseId"]!.GetValue<string>();
        await PressAsync("pulse.answer", Answers(pulseId, "Zoë vindt: meer data delen"), Zoe);
        await PressAsync("pulse.answer", Answers(pulseId, "Goed overleg met Zoë Vergeetmij"), Anne);
        Assert.Equal(2, (await _bot.RowsAsync("PulseResponses")).Count);

        // A speeddate Zoë organises and takes part in, with her feedback afterwards.
        before = _bot.Connector.SentActivities.Count;
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "speeddate 1 5", userId: Zoe.Id, aad: Zoe.Aad, name: Zoe.Name));
        var signup = await _bot.Connector.WaitForActivityAsync(a => _bot.Connector.SentActivities.ToList().IndexOf(a) >= before
            && FakeConnector.Json(a).Contains("speeddate.join", StringComparison.Ordinal));
        var speeddate = System.Text.RegularExpressions.Regex.Match(signup.ToJsonString(), "\"session\":\"([0-9a-f]{32})\"").Groups[1].Value;
        foreach (var person in new[] { Zoe, Anne, Bram })
        {
            await PressAsync("speeddate.join", new JsonObject { ["session"] = speeddate }, person);
        }

        await PressAsync("speeddate.start", new JsonObject { ["session"] = speeddate }, Zoe);
        Assert.Contains("Speeddate afgerond", await PressAsync("speeddate.next", new JsonObject { ["session"] = speeddate }, Zoe), StringComparison.Ordinal);
        await PressAsync("speeddate.feedback", new JsonObject { ["session"] = speeddate, ["score"] = "4" }, Zoe);
        Assert.NotEmpty(await _bot.RowsAsync("SpeeddateHistory"));

        // CoP: a session Zoë organises, one by Anne that Zoë answers, and a time poll Zoë opens and votes in.
        await PressAsync("cop.create", Plan("Klimaat en data", "2027-06-16"), Zoe);
        await PressAsync("cop.create", Plan("Waterbeheer", "2027-06-17"), Anne);
        var sessions = await _bot.RowsAsync("CopSessions");
        Assert.Equal(2, sessions.Count);
        foreach (var (session, person) in new[] { ("Waterbeheer", Zoe), ("Klimaat en data", Anne), ("Klimaat en data", Zoe) })
        {
            var id = sessions.Single(s => s.GetString("Title") == session).RowKey;
            await PressAsync("cop.rsvp", new JsonObject { ["deal"] = DealKey, ["session"] = id, ["answer"] = "yes" }, person);
        }

        await PressAsync("cop.findtime", new JsonObject
        {
            ["deal"] = DealKey, ["title"] = "CoP datadeling", ["people"] = $"{Anne.Email}; {Zoe.Email}", ["duration"] = "60", ["from"] = "2027-06-21", ["weeks"] = "1",
        }, Zoe);
        var poll = Assert.Single(await _bot.RowsAsync("CopPolls")).RowKey;
        await PressAsync("cop.vote", new JsonObject { ["deal"] = DealKey, ["poll"] = poll, ["slot"] = 0 }, Zoe);
        await PressAsync("cop.vote", new JsonObject { ["deal"] = DealKey, ["poll"] = poll, ["slot"] = 0 }, Anne);

        // The deal's profile, saved by Zoë, and a lesson she records: the lesson stays after she is forgotten, without her.
        Assert.Contains("Profiel opgeslagen", await PressAsync(CityDealBot.Cards.SaveDealProfile.Verb, CityDealBot.Cards.Adaptive.CardActionData.Write(
            new CityDealBot.Cards.SaveDealProfile("TownDeal", "Uitvoering", "2025-04-22", "2027-04-22", "3,9", "12", "1")), Zoe), StringComparison.Ordinal);
        Assert.Contains("Les opgeslagen", await PressAsync(CityDealBot.Cards.RecordLesson.Verb, CityDealBot.Cards.Adaptive.CardActionData.Write(
            new CityDealBot.Cards.RecordLesson("De partners haakten af.", "Bespreek hun eigen doelen.", "proces", true, false)), Zoe), StringComparison.Ordinal);

        // Coffee: Zoë and Anne join and are paired while the Connector is down, so their introductions are parked
        // and, after the one allowed attempt, poisoned; then they agree on a time, and the follow-ups wait in the outbox.
        foreach (var person in new[] { Zoe, Anne })
        {
            Assert.Contains("Opgeslagen", await PressAsync("coffee.save", new JsonObject { ["cadence"] = "Weekly" }, person), StringComparison.Ordinal);
        }

        // What the presses left to send goes before the Connector goes down, so only the coffee round meets the outage.
        await _bot.Connector.WaitForQuietAsync();
        _bot.Connector.FailNext(503, retryAfter: "0", times: 10_000);
        _time.SetUtcNow(new DateTimeOffset(2027, 6, 7, 7, 0, 0, TimeSpan.Zero));
        await Service<CoffeeRounds>().RunOnceAsync(default);
        await Service<ProactiveOutbox>().DrainOnceAsync(default);
        _bot.Connector.Recover();
        var group = Assert.Single(await _bot.RowsAsync("CoffeeGroups"));
        var reference = new JsonObject { ["week"] = group.PartitionKey, ["group"] = group.RowKey, ["slot"] = 0 };
        await PressAsync("coffee.tick", reference, Zoe);
        Assert.Contains("Afgesproken", await PressAsync("coffee.tick", reference, Anne), StringComparison.Ordinal);

        await _bot.Connector.WaitForQuietAsync();
        _bot.Connector.FailNext(503, retryAfter: "0", times: 10_000);
        _time.SetUtcNow(new DateTimeOffset(2027, 6, 12, 7, 0, 0, TimeSpan.Zero));
        await Service<CoffeeRounds>().RunOnceAsync(default);
        _bot.Connector.Recover();
    }

    [Fact]
    public async Task The_ics_on_the_channel_card_names_no_attendee()
    {
        var card = await PressAsync("cop.create", Plan("Klimaat en data", "2027-06-16"), Anne);
        Assert.Contains(Bram.Email, Assert.Single(await _bot.RowsAsync("CopSessions")).GetString("Invitees"), StringComparison.Ordinal);
        var url = System.Text.RegularExpressions.Regex.Match(card, "\"(http[^\"]*/cop/ics/[^\"]+\\.ics)\"").Groups[1].Value;
        var response = await _bot.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Klimaat en data", Assert.Single(Ical.Net.Calendar.Load(text)!.Events).Summary);
        Assert.Empty(Ical.Net.Calendar.Load(text)!.Events[0]!.Attendees);
        foreach (var address in new[] { Anne.Email, Bram.Email, Zoe.Email })
        {
            Assert.DoesNotContain(address, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("nl-NL", "vergeet mij", "Je bent de enige dealmaker van City Deal Klimaatadaptatie")]
    [InlineData("en-US", "forget me", "You are the only dealmaker of City Deal Klimaatadaptatie")]
    public async Task The_last_dealmaker_is_told_to_hand_the_role_on_first_and_nothing_is_deleted(string locale, string command, string expected)
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, command, locale, Anne.Id, Anne.Aad, Anne.Name));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(expected, StringComparison.Ordinal));

        // Pressing an old confirmation anyway changes nothing.
        var refused = await PressForgetAsync(Anne, locale);
        Assert.Contains(expected, refused, StringComparison.Ordinal);
        Assert.Contains(await _bot.RowsAsync("People"), r => r.RowKey == Anne.Aad);
        Assert.Equal("dealmaker", (await _bot.RowsAsync("DealMembers")).Single(m => m.RowKey == Anne.Aad).GetString("Role"));

        // Once Bram is a dealmaker too, Anne is forgotten and the deal keeps its dealmaker.
        await PressAsync("deal.settings.role", new JsonObject { ["person"] = Bram.Aad, ["role"] = "dealmaker" }, Anne);
        Assert.DoesNotContain(expected, await PressForgetAsync(Anne, locale), StringComparison.Ordinal);
        var members = await _bot.RowsAsync("DealMembers");
        Assert.DoesNotContain(members, m => m.RowKey == Anne.Aad);
        Assert.Equal("dealmaker", members.Single(m => m.RowKey == Bram.Aad).GetString("Role"));
        Assert.Null(Assert.Single(await _bot.RowsAsync("Deals")).GetString("InstalledBy"));
    }

    [Fact]
    public async Task The_last_dealmaker_of_a_deal_whose_bot_was_removed_is_forgotten_at_once()
    {
        await _bot.SendAsync(Activities.BotRemovedFromTeam(_bot.ServiceUrl));
        Assert.False(Assert.Single(await _bot.RowsAsync("Deals")).GetBoolean("IsActive"));
        Assert.Contains("Vergeten:", await PressForgetAsync(Anne, "nl-NL"), StringComparison.Ordinal);
        Assert.DoesNotContain(await _bot.RowsAsync("DealMembers"), m => m.RowKey == Anne.Aad);
    }

    /// <summary>Also the tables no journey reaches: every table or queue name the bot's code declares is covered.</summary>
    [Fact]
    public void Every_table_and_queue_the_code_names_is_covered()
    {
        var services = _bot.Factory.Services;
        var declared = services.GetRequiredService<PersonalData>().Stores.Concat(services.GetServices<StoreWithoutPersonalData>().Select(s => s.Store)).ToHashSet(StringComparer.Ordinal);
        var named = typeof(PersonalData).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && (f.Name.EndsWith("Table", StringComparison.Ordinal) || f.Name.EndsWith("Queue", StringComparison.Ordinal)))
            .Select(f => (Field: f.DeclaringType!.Name + "." + f.Name, Store: (string)f.GetRawConstantValue()!))
            .ToList();
        Assert.Contains(named, n => n.Store == "CopRsvps");
        Assert.All(named, n => Assert.True(declared.Contains(n.Store), $"{n.Field} = {n.Store} has no personal-data source and is not declared free of personal data."));
    }

    [Fact]
    public void Every_registered_store_is_described_in_docs_privacy()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "privacy.md"));
        var services = _bot.Factory.Services;
        var stores = services.GetRequiredService<PersonalData>().Stores.Concat(services.GetServices<StoreWithoutPersonalData>().Select(s => s.Store));
        Assert.All(stores, store => Assert.Contains("| `" + store + "`", doc, StringComparison.Ordinal));
    }

    private T Service<T>()
        where T : notnull => _bot.Factory.Services.GetRequiredService<T>();

    /// <summary>The (store, property) pairs docs/privacy.md keeps on purpose: the table under "Kept on purpose".</summary>
    private static HashSet<(string Store, string Property)> KeptOnPurpose()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "privacy.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## Kept on purpose", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/privacy.md has no 'Kept on purpose' section.");
        var kept = new HashSet<(string, string)>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 4 && cells[1].StartsWith('`') && cells[2].StartsWith('`'))
            {
                kept.Add((cells[1].Trim('`'), cells[2].Trim('`')));
            }
        }

        Assert.NotEmpty(kept);
        return kept;
    }

    /// <summary>Logical names of every table and queue of this test's bot, listed from the storage service itself.</summary>
    private async Task<List<string>> StoresInAccountAsync()
    {
        var prefix = _bot.Factory.TablePrefix;
        var names = new List<string>();
        await foreach (var table in new TableServiceClient(storage.ConnectionString).QueryAsync($"TableName ge '{prefix}' and TableName lt '{prefix}~'"))
        {
            names.Add(table.Name[prefix.Length..]);
        }

        await foreach (var queue in new QueueServiceClient(storage.ConnectionString).GetQueuesAsync(prefix: prefix.ToLowerInvariant()))
        {
            names.Add(queue.Name[prefix.Length..]);
        }

        Assert.Contains("People", names);
        Assert.Contains(ProactiveOutbox.OutboxQueue, names);
        return names;
    }

    /// <summary>Every key (decoded) and property value of every row and every queue message that names the person.</summary>
    private async Task<List<Hit>> ScanAsync()
    {
        var prefix = _bot.Factory.TablePrefix;
        var hits = new List<Hit>();
        foreach (var store in await StoresInAccountAsync())
        {
            if (store.StartsWith("proactive-", StringComparison.Ordinal))
            {
                var queue = storage.Queue(prefix, store);
                var count = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
                var messages = (await queue.PeekMessagesAsync(32)).Value;
                Assert.Equal(count, messages.Length);
                hits.AddRange(messages.Where(m => Names(m.MessageText)).Select(m => new Hit(store, m.MessageId, "message", m.MessageText)));
                continue;
            }

            await foreach (var row in storage.Table(prefix, store).QueryAsync<TableEntity>())
            {
                foreach (var (property, value) in row)
                {
                    var text = property is "PartitionKey" or "RowKey" ? TableKey.Decode((string)value) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                    if (property != "odata.etag" && Names(text))
                    {
                        hits.Add(new Hit(store, row.PartitionKey + "/" + row.RowKey, property, text!));
                    }
                }
            }
        }

        return hits;
    }

    /// <summary>Whether a value holds Zoë's ids, name or e-mail, also inside JSON (escaped, or nested as a string).</summary>
    private static bool Names(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string[] needles = [Zoe.Aad, Zoe.Id, Zoe.Name, Zoe.Email, "zoe-teams-7c4e", "0f3c9b21"];
        if (needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        try
        {
            return text.TrimStart() is ['{' or '[', ..] && Strings(JsonNode.Parse(text)!).Any(Names);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => new[] { p.Key }.Concat(p.Value is null ? [] : Strings(p.Value))),
        JsonArray array => array.SelectMany(v => v is null ? [] : Strings(v)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private static JsonObject Answers(string pulseId, string remark)
    {
        var data = new JsonObject { ["pulseId"] = pulseId, ["remark"] = remark };
        foreach (var id in PulseHarness.QuestionIds)
        {
            data[id] = "4";
        }

        return data;
    }

    private static JsonObject Plan(string title, string date) => new()
    {
        ["deal"] = DealKey, ["title"] = title, ["date"] = date, ["time"] = "15:00", ["duration"] = "90", ["mode"] = "online",
        ["agenda"] = "Bespreking", ["invite"] = "channel", ["speeddate"] = "false",
    };

    private async Task<JsonObject> ExportAsync(Person person)
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "mijn gegevens", userId: person.Id, aad: person.Aad, name: person.Name));
        var reply = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("/privacy/exports/", StringComparison.Ordinal));
        // The summary names the kinds the new stores hold, in the person's language.
        foreach (var kind in new[] { "Aanmeldingen en feedback bij speeddates", "Je antwoorden op CoP-uitnodigingen", "Je stemmen in tijdpeilingen", "Koffiekoppels waar je in zat", "Regels in het logboek die jou noemen" })
        {
            Assert.Contains(kind, FakeConnector.Json(reply), StringComparison.Ordinal);
        }

        var url = PulseHarness.Walk(reply).OfType<JsonObject>().Single(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")["url"]!.GetValue<string>();
        var download = await _bot.Client.GetAsync(new Uri(url).PathAndQuery);
        download.EnsureSuccessStatusCode();
        return JsonNode.Parse(await download.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task ForgetAsync(Person person)
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "vergeet mij", userId: person.Id, aad: person.Aad, name: person.Name));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Alles over jou vergeten?", StringComparison.Ordinal));
        Assert.Contains("Vergeten:", await PressForgetAsync(person, "nl-NL"), StringComparison.Ordinal);
    }

    private async Task<string> PressForgetAsync(Person person, string locale) =>
        FakeConnector.Json(await Turns.PressAsync(_bot, "privacy.forget", [], (person.Id, person.Aad, person.Name), personal: true, locale: locale));

    private Task<string> PressAsync(string verb, JsonObject data, Person person) => _bot.PressAsync(verb, data, (person.Id, person.Aad, person.Name));
}
