using System.Text.Json;
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

    /// <summary>Every Container on a card, depth first (a round card's tables are containers).</summary>
    public static IEnumerable<JsonObject> Containers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "Container") yield return o;
                foreach (var child in o.Select(p => p.Value).SelectMany(Containers)) yield return child;
                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Containers)) yield return child;
                break;
        }
    }

    /// <summary>The session's stored plan: per round, its groups, each the person keys at one table.</summary>
    public static async Task<List<List<List<string>>>> StoredPlanAsync(BotHarness bot, string session)
    {
        var row = (await bot.RowsAsync("SpeeddateSessions")).Single(r => r.RowKey == session);
        return JsonSerializer.Deserialize<List<List<List<string>>>>(row.GetString("PlanJson"))!;
    }
}
