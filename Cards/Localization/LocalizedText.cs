namespace CityDealBot.Cards.Localization;

/// <summary>A user-facing text in Dutch (default) and English.</summary>
public sealed record LocalizedText(string Nl, string En)
{
    /// <param name="language">A language code or Teams locale: anything starting with "en" is English.</param>
    public string In(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Nl;

    public string In(Language language) => language == Language.English ? En : Nl;

    /// <summary>Dutch, the default, wherever a text is written without a language (logs, exceptions).</summary>
    public override string ToString() => Nl;
}
