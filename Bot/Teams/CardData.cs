using System.Globalization;
using System.Text.Json.Nodes;

namespace CityDealBot.Teams;

/// <summary>Reading values from a card's submitted data, which comes from untrusted clients.</summary>
public static class CardData
{
    /// <summary>The trimmed text under <paramref name="key"/>; a number as invariant text; anything else empty.</summary>
    public static string Text(JsonObject data, string key) => data[key] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.Trim(),
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}
