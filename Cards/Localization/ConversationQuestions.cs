using System.Globalization;

namespace CityDealBot.Cards.Localization;

/// <summary>
/// The default question deck, "working across layers of government", in the text catalogue
/// (<c>speeddate.question.1</c> to <c>.20</c>, each with a theme <c>speeddate.theme.*</c>): the deck a speeddate uses
/// unless its organiser picks another, and the conversation starters of coffee introductions.
/// </summary>
public static class ConversationQuestions
{
    /// <summary>The theme code of each question, in order (question n has theme <c>ThemeCodes[n - 1]</c>).</summary>
    private static readonly string[] ThemeCodes =
    [
        "roles", "roles", "roles", "rules", "rules", "rules", "knowledge", "knowledge", "knowledge", "timing", "timing", "timing",
        "partners", "partners", "partners", "partners", "policy", "policy", "policy", "policy",
    ];

    public static int Count => ThemeCodes.Length;

    /// <summary>The deck's name (<c>speeddate.deck.default.name</c>).</summary>
    public const string NameKey = "speeddate.deck.default.name";

    /// <param name="number">1 to <see cref="Count"/>.</param>
    public static string Key(int number) => "speeddate.question." + number.ToString(CultureInfo.InvariantCulture);

    /// <param name="number">1 to <see cref="Count"/>.</param>
    public static string ThemeKey(int number) => "speeddate.theme." + ThemeCodes[number - 1];
}
