using System.Collections.Frozen;
using System.Text.Json;

namespace CityDealBot.Cards.Localization;

/// <summary>
/// The bot's user-facing strings in one language. Strings live in nl.json and en.json (embedded), keyed
/// by dotted names; a test keeps the two files' keys identical.
/// </summary>
public sealed class Texts
{
    private static readonly Lazy<Texts> DutchTexts = new(() => Load(Language.Dutch));
    private static readonly Lazy<Texts> EnglishTexts = new(() => Load(Language.English));

    private readonly FrozenDictionary<string, string> _strings;

    private Texts(Language language, FrozenDictionary<string, string> strings)
    {
        Language = language;
        _strings = strings;
    }

    public Language Language { get; }

    public IEnumerable<string> Keys => _strings.Keys;

    public static Texts For(Language language) => language == Language.English ? EnglishTexts.Value : DutchTexts.Value;

    /// <summary>The string for <paramref name="key"/>; a missing key is a programming error and throws.</summary>
    public string this[string key] =>
        _strings.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"No {Language.Code()} text for '{key}'.");

    public bool Has(string key) => _strings.ContainsKey(key);

    /// <summary>The string for <paramref name="key"/> with {0}-style placeholders filled in the language's culture.</summary>
    public string Format(string key, params object?[] args) => string.Format(Language.Culture(), this[key], args);

    private static Texts Load(Language language)
    {
        var name = $"CityDealBot.Cards.Localization.{language.Code()}.json";
        using var stream = typeof(Texts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        var strings = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidOperationException($"{name} is empty.");
        return new Texts(language, strings.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
