using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Pulse;

/// <summary>
/// Programme rounds: a programme administrator opens one pulse in every active deal at once, exactly once with two
/// instances on one storage; everyone else is refused; a later round shows its change against the deal's baseline.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProgrammeRoundTests(AzuriteFixture storage)
{
    private const string AdminId = Deals.ProgrammeAdministratorTests.AdminId;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Programme:Administrators:0"] = AdminId,
        ["Pulse:SweepEvery"] = "00:00:00",
        ["Elections:RunDispatcher"] = "false",
    };

    private static string Channel(int i) => $"19:deal-{i:D2}@thread.tacv2";

    [Fact]
    public async Task One_programme_round_over_30_channels_opens_26_rounds_once_with_two_instances()
    {
        await using var connector = await FakeConnector.StartAsync();
        var time = new FakeTimeProvider(PulseHarness.Start);
        var prefix = AzuriteFixture.NewTablePrefix();
        await using var a = new BotFactory(storage, Settings, s => s.AddSingleton<TimeProvider>(time), prefix);
        await using var b = new BotFactory(storage, Settings, s => s.AddSingleton<TimeProvider>(time), prefix);
        var clientA = a.StartOnLoopback();
        var clientB = b.StartOnLoopback();

        // 30 channels, each its own team; the first message registers the channel as a deal.
        for (var i = 0; i < 30; i++)
        {
            var hello = Activities.ChannelMessage(connector.ServiceUrl, "hulp", channelId: Channel(i));
            hello["channelData"]!["team"]!["id"] = $"19:team-{i:D2}@thread.tacv2";
            hello["channelData"]!["team"]!["name"] = $"City Deal {i:D2}";
            (await clientA.PostAsJsonAsync("/api/messages", hello)).EnsureSuccessStatusCode();
        }

        var deals = storage.Table(prefix, "Deals");
        Assert.Equal(30, (await deals.QueryAsync<TableEntity>().ToListAsync()).Count);

        // Three deals ended (the bot was removed from their teams) and one channel is the CoP's.
        for (var i = 0; i < 3; i++)
        {
            var removed = Activities.BotRemovedFromTeam(connector.ServiceUrl);
            removed["conversation"]!["id"] = Channel(i);
            removed["channelData"]!["team"]!["id"] = $"19:team-{i:D2}@thread.tacv2";
            removed["channelData"]!["channel"]!["id"] = Channel(i);
            (await clientA.PostAsJsonAsync("/api/messages", removed)).EnsureSuccessStatusCode();
        }

        (await clientB.PostAsJsonAsync("/api/messages", Activities.ChannelMessage(connector.ServiceUrl, "kanaal cop", userId: "29:pia", aad: AdminId, name: "Pia", channelId: Channel(3)))).EnsureSuccessStatusCode();
        await connector.WaitForActivityAsync(x => FakeConnector.Json(x).Contains("Dit kanaal is nu het CoP-kanaal", StringComparison.Ordinal));
        var rows = await deals.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(27, rows.Count(r => r.GetBoolean("IsActive") == true));
        Assert.Equal("cop", rows.Single(r => r.GetString("ChannelId") == Channel(3)).GetString("ChannelKind"));

        // A dealmaker is not a programme administrator: refused, nothing opened.
        (await clientA.PostAsJsonAsync("/api/messages", Activities.PersonalMessage(connector.ServiceUrl, "programmaronde start 2026-12-11"))).EnsureSuccessStatusCode();
        var refusal = await connector.WaitForActivityAsync(x => FakeConnector.Json(x).Contains("Alleen programmabeheerders van Agenda Stad kunnen een programmaronde openen", StringComparison.Ordinal));
        Assert.Contains("Dat lukte niet", FakeConnector.Json(refusal), StringComparison.Ordinal);
        Assert.Empty(await RowsOrNoneAsync(storage.Table(prefix, "ProgrammeRounds")));

        // The administrator's command reaches both instances at once (a retry, or two presses).
        JsonObject Command() => Activities.PersonalMessage(connector.ServiceUrl, "programmaronde start 2026-12-11", userId: "29:pia", aad: AdminId, name: "Pia");
        var sent = await Task.WhenAll(clientA.PostAsJsonAsync("/api/messages", Command()), clientB.PostAsJsonAsync("/api/messages", Command()));
        Assert.All(sent, r => r.EnsureSuccessStatusCode());
        await connector.WaitForActivityAsync(x => FakeConnector.Json(x).Contains("Programmaronde 2026-01 wordt geopend in 26 deals", StringComparison.Ordinal));
        await connector.WaitForActivityAsync(x => FakeConnector.Json(x).Contains("Programmaronde 2026-01 loopt al", StringComparison.Ordinal));

        // Both instances also run the opener job at once (as after a restart), twice.
        for (var run = 0; run < 2; run++)
        {
            await Task.WhenAll(
                a.Services.GetRequiredService<ProgrammeRoundOpener>().RunOnceAsync(default),
                b.Services.GetRequiredService<ProgrammeRoundOpener>().RunOnceAsync(default));
        }

        var ledger = storage.Table(prefix, "Deliveries");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<TableEntity> claims;
        do
        {
            await Task.Delay(100);
            claims = await ledger.QueryAsync<TableEntity>(e => e.PartitionKey == "programme-round:2026-01").ToListAsync();
        }
        while (!(claims.Count == 26 && claims.All(c => c.GetString("State") == "sent")) && DateTime.UtcNow < deadline);
        Assert.Equal(26, claims.Count);
        Assert.All(claims, c => Assert.Equal("sent", c.GetString("State")));

        var expected = Enumerable.Range(4, 26).Select(Channel).Order(StringComparer.Ordinal).ToList();
        var rounds = await storage.Table(prefix, "PulseRounds").QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(expected, rounds.Select(r => r.GetString("DealChannelId")).Order(StringComparer.Ordinal));
        Assert.All(rounds, r => Assert.Equal("2026-01", r.GetString("ProgrammeRoundId")));
        Assert.Single(await storage.Table(prefix, "ProgrammeRounds").QueryAsync<TableEntity>().ToListAsync());
        var logged = await storage.Table(prefix, "AuditLog").QueryAsync<TableEntity>(e => e.PartitionKey == "programme").ToListAsync();
        Assert.Equal("admin.programme_round", Assert.Single(logged).GetString("Action"));

        // One pulse card per deal channel: none twice, none in the CoP channel or an ended deal.
        var posts = connector.Calls
            .Where(c => c.Method == "POST" && c.Body is JsonObject body && PulseHarness.Card(body)?["refresh"]?["action"]?["verb"]?.GetValue<string>() == "pulse.refresh")
            .Select(c => c.Path["/v3/conversations/".Length..^"/activities".Length])
            .ToList();
        Assert.Equal(expected, posts.Order(StringComparer.Ordinal));

        // A second start while it runs is refused, and the administrator's overview lists the 26 deals.
        var before = connector.SentActivities.Count;
        (await clientB.PostAsJsonAsync("/api/messages", Activities.PersonalMessage(connector.ServiceUrl, "programmaronde", userId: "29:pia", aad: AdminId, name: "Pia"))).EnsureSuccessStatusCode();
        var overview = await connector.WaitForActivityAsync(x => connector.SentActivities.Skip(before).Contains(x) && FakeConnector.Json(x).Contains("Programmaronde 2026-01", StringComparison.Ordinal));
        var text = FakeConnector.Json(overview);
        Assert.Contains("26 deals doen mee", text, StringComparison.Ordinal);
        Assert.Equal(26, CountOf(text, "Peiling geplaatst in het kanaal."));
        Assert.Equal(26, CountOf(text, "Niet getoond: 0 reacties"));
        Assert.DoesNotContain("City Deal 03", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_round_shows_its_change_since_the_baseline_to_the_channel_and_the_administrator()
    {
        await using var pulse = await PulseHarness.StartAsync(storage, new Dictionary<string, string?> { ["Programme:Administrators:0"] = AdminId });
        var bot = pulse.Bot;
        var connector = bot.Connector;

        // Baseline: the deal's own first pulse, everyone scores 2; then a second pulse at 3.
        var first = await RunPulseAsync(pulse, "2026-11-25", 2, new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var second = await RunPulseAsync(pulse, "2026-11-30", 3, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        // The programme round is the third round of this deal.
        await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "programmaronde start 2026-12-04", userId: "29:pia", aad: AdminId, name: "Pia"));
        var programmeCard = await connector.WaitForActivityAsync(a => PulseHarness.Card(a)?["refresh"]?["action"]?["data"]?["pulseId"]?.GetValue<string>() is { } id
            && id != first && id != second);
        var rounds = await bot.RowsAsync("PulseRounds");
        var programmeRound = rounds.Single(r => r.GetString("ProgrammeRoundId") == "2026-01");
        Assert.Equal(programmeRound.RowKey, PulseHarness.Card(programmeCard)!["refresh"]!["action"]!["data"]!["pulseId"]!.GetValue<string>());
        foreach (var person in People)
        {
            await pulse.AnswerAsync(programmeRound.RowKey, person, 4);
        }

        var before = connector.SentActivities.Count;
        pulse.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        await pulse.Service<PulseSweeper>().RunOnceAsync(default);
        var results = await connector.WaitForActivityAsync(a => connector.SentActivities.Skip(before).Contains(a) && FakeConnector.Json(a).Contains("Sinds nulmeting", StringComparison.Ordinal));
        var table = PulseHarness.Walk(PulseHarness.Card(results)!).OfType<JsonObject>().First(o => o["type"]?.GetValue<string>() == "Table");
        var header = Cells(table, 0);
        Assert.Equal("Sinds vorige", header[5]);
        Assert.Equal("Sinds nulmeting", header[6]);
        // Each indicator: 4.0 now, 3.0 in the previous round, 2.0 in the baseline.
        foreach (var row in Enumerable.Range(1, MidtermReviewTemplate.Template.Indicators.Count))
        {
            Assert.Equal("+1,0", Cells(table, row)[5]);
            Assert.Equal("+2,0", Cells(table, row)[6]);
        }

        Assert.Contains("Nulmeting: de eerste peiling van deze deal met deze vragenlijst, gesloten op 25 november 2026", FakeConnector.Json(results), StringComparison.Ordinal);

        // The administrator's overview per deal, and its CSV behind a signed link.
        before = connector.SentActivities.Count;
        await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "programmaronde", userId: "29:pia", aad: AdminId, name: "Pia"));
        var overview = await connector.WaitForActivityAsync(a => connector.SentActivities.Skip(before).Contains(a) && FakeConnector.Json(a).Contains("Programmaronde 2026-01", StringComparison.Ordinal));
        var text = FakeConnector.Json(overview);
        Assert.Contains("5 reacties", text, StringComparison.Ordinal);
        Assert.Contains("Sinds de nulmeting (25 november 2026): Vormgeving van het proces +2,0", text, StringComparison.Ordinal);
        var url = PulseHarness.Walk(PulseHarness.Card(overview)!).OfType<JsonObject>().First(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")["url"]!.GetValue<string>();
        var csv = Encoding.UTF8.GetString(await bot.Client.GetByteArrayAsync(new Uri(url).PathAndQuery));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', PulseResultsCsv.ProgrammeHeaders), lines[0]);
        Assert.Equal(1 + MidtermReviewTemplate.Template.Indicators.Count, lines.Length);
        Assert.EndsWith(";Vormgeving van het proces;4,00;1,00;2,00;", lines[1], StringComparison.Ordinal);

        // The same link with another scope's signature does not open it; a partner cannot see the overview.
        var forged = await bot.Client.GetAsync(new Uri(url).PathAndQuery.Replace("/pulse/programme/", "/pulse/exports/", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, forged.StatusCode);
        before = connector.SentActivities.Count;
        await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "programme round", "en-GB"));
        var explained = await connector.WaitForActivityAsync(a => connector.SentActivities.Skip(before).Contains(a));
        Assert.Contains("Only Agenda Stad programme administrators can open a programme round", FakeConnector.Json(explained), StringComparison.Ordinal);
    }

    private static readonly string[] People = ["bert", "carla", "daan", "eva", "fleur"];

    private static async Task<string> RunPulseAsync(PulseHarness pulse, string closes, int score, DateTimeOffset after)
    {
        var (_, pulseId) = await pulse.StartPulseAsync(closes);
        foreach (var person in People)
        {
            await pulse.AnswerAsync(pulseId, person, score);
        }

        pulse.Time.SetUtcNow(after);
        await pulse.Service<PulseSweeper>().RunOnceAsync(default);
        await pulse.Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(pulseId, StringComparison.Ordinal)
            && FakeConnector.Json(a).Contains("Sinds nulmeting", StringComparison.Ordinal));
        return pulseId;
    }

    /// <summary>The rows of a table; none when the table was never created (nothing was ever written to it).</summary>
    private static async Task<List<TableEntity>> RowsOrNoneAsync(TableClient table)
    {
        try
        {
            return await table.QueryAsync<TableEntity>().ToListAsync();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static List<string> Cells(JsonObject table, int row) =>
        [.. table["rows"]![row]!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>())];

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
