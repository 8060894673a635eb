using CityDealBot.Cards.Localization;
using System.Globalization;

namespace CityDealBot.Pulse;

/// <summary>
/// Number formats fixed per language rather than taken from the thread or OS culture, so output is the
/// same on every server (Dutch: decimal comma, as nl-NL; English: decimal point).
/// </summary>
public static class PulseNumbers
{
    private static readonly NumberFormatInfo DutchFormat = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NegativeSign = "-" };
    private static readonly NumberFormatInfo EnglishFormat = new() { NumberDecimalSeparator = ".", NumberGroupSeparator = ",", NegativeSign = "-" };

    public static NumberFormatInfo For(Language language) => language == Language.English ? EnglishFormat : DutchFormat;

    /// <summary>A score with one decimal, e.g. "3,8" or "3.8".</summary>
    public static string Score(double value, Language language) => value.ToString("0.0", For(language));

    /// <summary>A change with sign and one decimal, e.g. "+0,4", "-1,2" or "0,0".</summary>
    public static string Delta(double value, Language language)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        return rounded > 0 ? "+" + rounded.ToString("0.0", For(language)) : rounded.ToString("0.0", For(language));
    }
}
