using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.CopSessions;
using CityDealBot.Deals;
using CityDealBot.Elections.Lobby;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Integration;

/// <summary>Turns as Teams sends them, in any channel of the team or a personal chat, and what the bot posted where.</summary>
public static class Turns
{
    public static JsonObject Plan(string invite) => new()
    {
        ["title"] = "Sessie voor alle deals",
        ["date"] = "2027-06-10",
        ["time"] = "15:00",
        ["duration"] = "90",
        ["mode"] = "online",
        ["invite"] = invite,
        ["speeddate"] = "false",
    };

    public static bool Has(JsonObject activity, string text) => FakeConnector.Json(activity).Contains(text, StringComparison.Ordinal);

    public static string Compact(JsonNode node) => FakeConnector.Json(node).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The first activity after <paramref name="before"/> that matches.</summary>
    public static Task<JsonObject> Next(BotHarness bot, int before, Func<JsonObject, bool> predicate) =>
        bot.Connector.WaitForActivityAsync(a => bot.Connector.SentActivities.Skip(before).Contains(a) && predicate(a));

    /// <summary>What the bot posted into channels (not personal chats) after <paramref name="before"/> activities.</summary>
    public static IReadOnlyList<JsonObject> ChannelPosts(BotHarness bot, int before)
    {
        var later = bot.Connector.SentActivities.Skip(before).ToHashSet(ReferenceEqualityComparer.Instance);
        return [.. bot.Connector.Calls
            .Where(c => c.Body is JsonObject body && later.Contains(body) && c.Path.StartsWith("/v3/conversations/19:", StringComparison.Ordinal))
            .Select(c => (JsonObject)c.Body!)];
    }

    /// <summary>A user writes in a channel (the deal's when null), with the team named as given; returns the first matching answer.</summary>
    public static async Task<JsonObject> SayAsync(
        BotHarness bot, string text, (string Id, string Aad, string Name) user, string? channelId, Func<JsonObject, bool> answer, string locale = "nl-NL", string? teamName = null)
    {
        var before = bot.Connector.SentActivities.Count;
        var message = Activities.ChannelMessage(bot.ServiceUrl, text, locale, user.Id, user.Aad, user.Name, channelId);
        if (teamName is not null)
        {
            message["channelData"]!["team"]!["name"] = teamName;
        }

        await bot.SendAsync(message);
        return await Next(bot, before, answer);
    }

    /// <summary>The first message in a channel registers it as a deal with its author as dealmaker.</summary>
    public static Task RegisterAsync(BotHarness bot, string channelId, string teamName, (string Id, string Aad, string Name) author) =>
        SayAsync(bot, "hulp", author, channelId, a => Has(a, "hulp"), teamName: teamName);

    /// <summary>An Action.Execute press by a user in a channel (the deal's when null) or in their personal chat.</summary>
    public static async Task<JsonNode> PressAsync(
        BotHarness bot, string verb, JsonObject data, (string Id, string Aad, string Name) user, string? channelId = null, string? replyToId = null, bool personal = false, string locale = "nl-NL")
    {
        var invoke = Activities.CardAction(bot.ServiceUrl, verb, data, user, locale);
        if (channelId is not null)
        {
            invoke["channelData"]!["channel"]!["id"] = channelId;
            invoke["conversation"]!["id"] = channelId + ";messageid=1";
        }

        if (personal)
        {
            invoke = Activities.InPersonalChat(invoke);
        }

        if (replyToId is not null)
        {
            invoke["replyToId"] = replyToId;
        }

        var response = await bot.SendAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
