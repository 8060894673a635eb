using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Speeddates;

/// <summary>Opening a speeddate in the deal's channel and pressing its buttons, as the speeddate tests do.</summary>
public static class SpeeddateTurns
{
    /// <summary>Anne writes <paramref name="command"/> in the deal's channel; returns the session named on the sign-up card it posts.</summary>
    public static async Task<string> OpenAsync(BotHarness bot, string command)
    {
        var before = bot.Connector.SentActivities.Count;
        (await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, command))).EnsureSuccessStatusCode();
        var card = await Turns.Next(bot, before, a => FakeConnector.Json(a).Contains("speeddate.join", StringComparison.Ordinal));
        return SessionOf(card);
    }

    /// <summary>The session a card's buttons name; fails when the card names none.</summary>
    public static string SessionOf(JsonNode card)
    {
        const string marker = "\"session\":\"";
        var json = card.ToJsonString();
        var start = json.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No session on {json}");
        start += marker.Length;
        return json[start..json.IndexOf('"', start)];
    }

    /// <summary>A speeddate button's data: the session, with what the card's inputs send.</summary>
    public static JsonObject Session(string session, JsonObject? inputs = null)
    {
        var data = inputs ?? [];
        data["session"] = session;
        return data;
    }
}
