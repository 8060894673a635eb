using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CityDealBot.Cards.Adaptive;

/// <summary>An Adaptive Card, schema 1.5: the highest version Teams renders.</summary>
public sealed class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    [JsonPropertyName("type")]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version { get; init; } = "1.5";

    /// <summary>Screen readers announce this when the card arrives.</summary>
    public string? Speak { get; init; }

    public string? Lang { get; init; }

    public IList<CardElement> Body { get; init; } = [];

    public IList<CardAction>? Actions { get; init; }

    public CardRefresh? Refresh { get; init; }

    /// <summary>Teams-specific properties, e.g. full width.</summary>
    [JsonPropertyName("msteams")]
    public JsonObject? MsTeams { get; init; }

    public JsonObject ToJsonObject() => (JsonObject)JsonSerializer.SerializeToNode(this, CardJson.Options)!;

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? CardJson.IndentedOptions : CardJson.Options);
}

/// <summary>Asks Teams to re-fetch the card per user through an <c>adaptiveCard/action</c> invoke.</summary>
/// <remarks>The action is declared as the base type so its JSON carries <c>"type": "Action.Execute"</c>, which Teams requires.</remarks>
public sealed record CardRefresh(CardAction Action, IReadOnlyList<string>? UserIds);

public static class CardJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
