using System.Globalization;

namespace CityDealBot.Cards.Localization;

/// <summary>
/// The conversation starters in the text catalogue (<c>speeddate.question.1</c> to <c>.12</c>), shared by speeddate
/// tables and coffee introductions.
/// </summary>
public static class ConversationQuestions
{
    public const int Count = 12;

    /// <param name="number">1 to <see cref="Count"/>.</param>
    public static string Key(int number) => "speeddate.question." + number.ToString(CultureInfo.InvariantCulture);
}
