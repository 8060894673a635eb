using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.DutchTime;
using CityDealBot.Lifecycle;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Lifecycle;

/// <summary>
/// The worked example end to end through two bot instances on one Azurite (two App Service instances): Town Deal
/// Krachtige Kernen, signed 22 April 2025 for two years. Its dealmaker and its project manager get every prompt in
/// their 1:1 chat, once, at 09:00 Amsterdam time on the day; moving the end date re-plans only what was not sent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LifecyclePromptTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Each_prompt_of_the_worked_example_reaches_the_dealmaker_and_project_manager_once_with_two_instances()
    {
        var time = new FakeTimeProvider(AmsterdamTime.ToInstant(new DateOnly(2025, 4, 22), new TimeOnly(14, 0)));
        await using var bots = await TwoBotInstances.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" }, time);
        await LifecycleHarness.SetUpKrachtigeKernenAsync(bots.ClientA, bots.Connector, new DateOnly(2027, 4, 22));

        async Task<IReadOnlyList<(string Recipient, string Text, string Heading)>> RunAtAsync(DateOnly day, int hour, int minute)
        {
            time.SetUtcNow(AmsterdamTime.ToInstant(day, new TimeOnly(hour, minute)));
            var before = LifecycleHarness.PersonalSends(bots.Connector).Count;
            await bots.RunOnBothAsync<LifecycleDispatcher>(d => d.RunOnceAsync(default));
            var conversations = await LifecycleHarness.PersonalConversationsAsync(storage, bots.TablePrefix);
            return [.. LifecycleHarness.PersonalSends(bots.Connector).Skip(before).Select(c => (conversations[c.Conversation], LifecycleHarness.CardText(c.Activity), LifecycleHarness.Heading(c.Activity)))];
        }

        // 18 months before the end: Wednesday 22 October 2025.
        Assert.Empty(await RunAtAsync(new DateOnly(2025, 10, 22), 8, 59));
        AssertBoth(await RunAtAsync(new DateOnly(2025, 10, 22), 9, 0), "18 maanden", "Town Deal");
        Assert.Empty(await RunAtAsync(new DateOnly(2025, 10, 22), 11, 0));

        // The administrators' network, first week of December 2025 (Monday the 1st).
        AssertBoth(await RunAtAsync(new DateOnly(2025, 12, 1), 9, 0), "Bestuurdersnetwerk", "Krachtige Kernen");
        Assert.Empty(await RunAtAsync(new DateOnly(2025, 12, 3), 10, 0));

        // The scaling-up prompt: Wednesday 22 April 2026 at 09:00 Amsterdam time, not a minute before.
        Assert.Empty(await RunAtAsync(new DateOnly(2026, 4, 22), 8, 59));
        AssertBoth(await RunAtAsync(new DateOnly(2026, 4, 22), 9, 0), "Nog een jaar", "Town Deal");

        // Extend or close: Thursday 22 October 2026.
        Assert.Empty(await RunAtAsync(new DateOnly(2026, 10, 21), 12, 0));
        AssertBoth(await RunAtAsync(new DateOnly(2026, 10, 22), 9, 0), "Verlengen of afronden", "Town Deal");

        // The administrators' network, first week of December 2026 (Tuesday the 1st).
        AssertBoth(await RunAtAsync(new DateOnly(2026, 12, 1), 9, 0), "Bestuurdersnetwerk", "Krachtige Kernen");

        // The deal is extended by half a year in January 2027: the closing checklist moves to 22 October 2027; what was
        // sent is not sent again, although the 12-month and 6-month prompts now fall on other days.
        time.SetUtcNow(AmsterdamTime.ToInstant(new DateOnly(2027, 1, 11), new TimeOnly(10, 0)));
        await LifecycleHarness.SaveProfileAsync(bots.ClientA, bots.ServiceUrl, new DateOnly(2027, 10, 22));
        Assert.Empty(await RunAtAsync(new DateOnly(2027, 4, 22), 9, 0));
        AssertBoth(await RunAtAsync(new DateOnly(2027, 10, 22), 9, 0), "Krachtige Kernen is afgelopen", "Slotevenement");
        Assert.Empty(await RunAtAsync(new DateOnly(2027, 10, 25), 9, 30));

        var ledger = await bots.RowsAsync("Deliveries");
        Assert.Equal(12, ledger.Count(r => r.PartitionKey.StartsWith("lifecycle:", StringComparison.Ordinal) && r.GetString("State") == "sent"));
    }

    /// <summary>Sent once to the dealmaker and once to the project manager, each card with every fragment, and its heading never calling this Town Deal a City Deal.</summary>
    private static void AssertBoth(IReadOnlyList<(string Recipient, string Text, string Heading)> sent, params string[] fragments)
    {
        Assert.Equal(["aad-anne", "aad-bram"], sent.Select(s => s.Recipient).Order());
        Assert.All(sent, s => Assert.All(fragments, f => Assert.Contains(f, s.Text, StringComparison.Ordinal)));
        Assert.All(sent, s => Assert.DoesNotContain("City Deal", s.Heading, StringComparison.Ordinal));
    }

}

/// <summary>Setting up the worked example's deal through the bot, and reading what it sent.</summary>
public static class LifecycleHarness
{
    public static readonly (string Id, string Aad, string Name) Anne = ("29:anne", "aad-anne", "Anne de Vries");
    public static readonly (string Id, string Aad, string Name) Bram = ("29:bram", "aad-bram", "Bram Jansen");

    /// <summary>Every proactive send to a 1:1 chat so far, in order: the conversation id and the activity.</summary>
    public static IReadOnlyList<(string Conversation, JsonObject Activity)> PersonalSends(FakeConnector connector) =>
        [.. connector.Calls
            .Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal) && c.Body is JsonObject)
            .Select(c => (c.Path.Split('/')[3], (JsonObject)c.Body!))];

    /// <summary>The whole card text (title, intro and items), so a check can find the deal's name and kind.</summary>
    public static string CardText(JsonObject activity) => FakeConnector.Json(activity["attachments"]![0]!["content"]!["body"]!);

    /// <summary>Conversation id to person key, from what the bot stored after opening each 1:1 chat.</summary>
    public static async Task<Dictionary<string, string>> PersonalConversationsAsync(AzuriteFixture storage, string prefix) =>
        (await storage.Table(prefix, "People").QueryAsync<TableEntity>().ToListAsync())
            .Where(p => p.GetString("PersonalConversationId") is { Length: > 0 })
            .ToDictionary(p => p.GetString("PersonalConversationId")!, p => p.RowKey);

    /// <summary>The bot installed in the team by Anne (dealmaker), Bram made project manager, and the profile saved.</summary>
    public static async Task SetUpKrachtigeKernenAsync(HttpClient client, FakeConnector connector, DateOnly end, string steeringMonths = "")
    {
        connector.Members.Add(new JsonObject { ["id"] = Anne.Id, ["aadObjectId"] = Anne.Aad, ["name"] = Anne.Name, ["email"] = "anne@houten.nl" });
        connector.Members.Add(new JsonObject { ["id"] = Bram.Id, ["aadObjectId"] = Bram.Aad, ["name"] = Bram.Name, ["email"] = "bram@bzk.nl" });
        (await client.PostAsJsonAsync("/api/messages", InKrachtigeKernen(Activities.BotAddedToTeam(connector.ServiceUrl)))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/messages", Activities.ChannelMessage(connector.ServiceUrl, "profiel"))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/messages", Activities.ChannelMessage(connector.ServiceUrl, "hulp", userId: Bram.Id, aad: Bram.Aad, name: Bram.Name))).EnsureSuccessStatusCode();
        var role = await client.PostAsJsonAsync("/api/messages", Activities.CardAction(connector.ServiceUrl, DealRoleSaved.Verb,
            new JsonObject { [CardFields.Of<DealRoleSaved>(nameof(DealRoleSaved.Person))] = Bram.Aad, [CardFields.Of<DealRoleSaved>(nameof(DealRoleSaved.Role))] = CityDealBot.Deals.DealRoles.ProjectManager }, Anne));
        Assert.Contains("Projectmanager", await role.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await SaveProfileAsync(client, connector.ServiceUrl, end, steeringMonths: steeringMonths);
    }

    public const string TeamName = "Town Deal Krachtige Kernen";

    /// <summary>The test activities' team, named as the worked example's deal (the name a deal is registered under).</summary>
    public static JsonObject InKrachtigeKernen(JsonObject activity)
    {
        activity["channelData"]!["team"]!["name"] = TeamName;
        return activity;
    }

    /// <summary>The card's heading.</summary>
    public static string Heading(JsonObject activity) => activity["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>();

    public static async Task<JsonObject> SaveProfileAsync(HttpClient client, string serviceUrl, DateOnly end, (string Id, string Aad, string Name)? by = null, string steeringMonths = "")
    {
        var data = new JsonObject
        {
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.Kind))] = nameof(DealKind.TownDeal),
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.Phase))] = nameof(DealPhase.Uitvoering),
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.Start))] = "2025-04-22",
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.End))] = end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.SteeringMonths))] = steeringMonths,
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.NetworkMonth))] = "12",
            [CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.NetworkWeek))] = "1",
        };
        var response = await client.PostAsJsonAsync("/api/messages", Activities.CardAction(serviceUrl, SaveDealProfile.Verb, data, by ?? Anne));
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Contains("Profiel opgeslagen", FakeConnector.Json(body), StringComparison.Ordinal);
        return body;
    }
}
