using System.Globalization;
using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;

namespace CityDealBot.Teams;

/// <summary>Reading values from a card's submitted data, which comes from untrusted clients.</summary>
public static class CardData
{
    public const int MaxIdBytes = CardIds.MaxBytes;

    /// <summary>
    /// An id the bot put on a card (a deal, session, round, poll, group, week…), which becomes a table key: empty
    /// when missing or when it cannot be one of ours (<c>/ \ # ?</c>, control characters, over 1 KiB), so every
    /// feature answers "not found" instead of sending Table Storage a key it refuses.
    /// </summary>
    public static string Id(JsonObject data, string key)
    {
        var id = Text(data, key);
        return IsWellFormedId(id) ? id : string.Empty;
    }

    public static bool IsWellFormedId(string id) => CardIds.IsWellFormed(id);

    /// <summary>The trimmed text under <paramref name="key"/>; a number as invariant text; anything else empty.</summary>
    public static string Text(JsonObject data, string key) => data[key] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.Trim(),
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}
