using System.Text.Json.Nodes;
using CityDealBot.Deals;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Deals;

/// <summary>
/// The audit log: role changes, settings, exports and admin commands are written by the actions themselves and
/// read back by the deal's dealmakers, newest first, 20 at a time; nobody else sees it and no other deal's entries show.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditLogTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync()
    {
        _deal = await PulseHarness.StartAsync(storage);
        foreach (var name in new[] { "anne", "bert" })
        {
            Bot.Connector.Members.Add(new JsonObject { ["id"] = "29:" + name, ["aadObjectId"] = "aad-" + name, ["name"] = name, ["email"] = name + "@utrecht.nl" });
        }
    }

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    [Fact]
    public async Task Actions_are_logged_and_only_dealmakers_read_them()
    {
        _deal.Time.Advance(TimeSpan.FromMinutes(1));
        await _deal.ExecuteAsync("deal.settings.role", new JsonObject { ["person"] = "aad-bert", ["role"] = "organiser" }, "anne");
        _deal.Time.Advance(TimeSpan.FromMinutes(1));
        await _deal.ExecuteAsync("deal.settings.domain", new JsonObject { ["domain"] = "tno.nl", ["organisation"] = "TNO", ["type"] = "KnowledgeInstitute" }, "anne");
        _deal.Time.Advance(TimeSpan.FromMinutes(1));
        await _deal.Service<AuditTrail>().RecordAsync(DealDirectory.DealKey("19:andere-deal@thread.tacv2"), AuditActions.RoleChanged, "Mallory", ["Eve", "dealmaker"], default);
        await _deal.Service<AuditTrail>().RecordForProgrammeAsync(AuditActions.ElectionChanged, "Agenda Stad", ["Tweede Kamer", "2029-03-21"], default);

        var card = await LogAsync("anne", "logboek", "Logboek van");
        var lines = Lines(card);
        Assert.Equal(4, lines.Count);
        Assert.EndsWith("Agenda Stad: (programmabeheer) wijzigde de verkiezing Tweede Kamer op 2029-03-21", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("anne: koppelde het e-maildomein tno.nl aan TNO", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("anne: gaf bert de rol Organisator", lines[2], StringComparison.Ordinal);
        Assert.Contains("installeerde de bot en werd daarmee dealmaker", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", FakeConnector.Json(card), StringComparison.Ordinal);
        Assert.DoesNotContain("audit.more", FakeConnector.Json(card), StringComparison.Ordinal);

        // Bert is organiser now, not dealmaker: refused, in his language.
        await LogAsync("bert", "audit log", "Only this deal's dealmakers can see the audit log", "en-US");
        Assert.Equal(5, (await Bot.RowsAsync("AuditLog")).Count);
    }

    [Fact]
    public async Task Pages_of_twenty_go_back_in_time_without_gaps_or_repeats()
    {
        var audit = _deal.Service<AuditTrail>();
        for (var i = 1; i <= 24; i++)
        {
            _deal.Time.Advance(TimeSpan.FromMinutes(1));
            await audit.RecordAsync(DealDirectory.DealKey(Activities.ChannelId), AuditActions.CopCancelled, "anne", [$"Sessie {i:D2}"], default);
        }

        var first = await LogAsync("anne", "logboek", "Logboek van");
        var cursor = PulseHarness.Walk(first).OfType<JsonObject>().First(o => o["cursor"] is not null)["cursor"]!.GetValue<string>();
        var second = await _deal.ExecuteAsync("audit.more", new JsonObject { ["cursor"] = cursor }, "anne");
        var titles = Lines(first).Concat(Lines(second))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, "Sessie (\\d+)").Groups[1].Value)
            .Where(t => t.Length > 0).ToList();
        Assert.Equal(Enumerable.Range(1, 24).Reverse().Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), titles);
        Assert.Contains("installeerde de bot", Lines(second)[^1], StringComparison.Ordinal);
        Assert.Contains("(ouder)", FakeConnector.Json(second), StringComparison.Ordinal);

        var tampered = await _deal.ExecuteAsync("audit.more", new JsonObject { ["cursor"] = "' or PartitionKey ne ''" }, "anne", "en-US");
        Assert.Contains("This audit log request is not valid", FakeConnector.Json(tampered), StringComparison.Ordinal);
        var byPartner = await _deal.ExecuteAsync("audit.more", new JsonObject { ["cursor"] = cursor }, "bert");
        Assert.Contains("Alleen de dealmakers van deze deal", FakeConnector.Json(byPartner), StringComparison.Ordinal);
    }

    private async Task<JsonNode> LogAsync(string user, string command, string expected, string locale = "nl-NL")
    {
        var before = Bot.Connector.SentActivities.Count;
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, command, locale, userId: "29:" + user, aad: "aad-" + user, name: user));
        return await Bot.Connector.WaitForActivityAsync(a =>
            Bot.Connector.SentActivities.ToList().IndexOf(a) >= before && FakeConnector.Json(a).Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>The entry lines of a log card: the text blocks between the title and the footer.</summary>
    private static List<string> Lines(JsonNode card) =>
        [.. PulseHarness.Walk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "TextBlock" && o["text"]!.GetValue<string>().Contains(" · ", StringComparison.Ordinal))
            .Select(o => o["text"]!.GetValue<string>())];
}
