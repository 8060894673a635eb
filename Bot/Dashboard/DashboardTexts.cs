using CityDealBot.Cards.Localization;

namespace CityDealBot.Dashboard;

/// <summary>The dashboard's texts in Dutch (default) and English: its part of nl.json and en.json.</summary>
public sealed record DashboardTexts(Language Language)
{
    /// <summary>The dashboard's keys in the bot's one text system (Cards/Localization), under this prefix.</summary>
    public const string Prefix = "dashboard.";

    private readonly Texts _texts = Texts.For(Language);

    public string this[string key] => _texts[Prefix + key];

    public string Format(string key, params object?[] args) => string.Format(Language.Culture(), this[key], args);

    public string Code => Language.Code();
}
