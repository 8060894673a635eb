using System.Globalization;

namespace CityDealBot.Cards.Localization;

/// <summary>The two languages the bot speaks. Dutch is the default for every locale that is not English.</summary>
public enum Language
{
    Dutch,
    English,
}

public static class Languages
{
    private static readonly CultureInfo DutchCulture = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Maps a Teams locale such as "en-US" or "nl-NL" to a language.</summary>
    public static Language FromLocale(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Language.English : Language.Dutch;

    public static CultureInfo Culture(this Language language) =>
        language == Language.English ? EnglishCulture : DutchCulture;

    public static string Code(this Language language) => language == Language.English ? "en" : "nl";
}
