namespace CityDealBot.Pulse;

/// <summary>The two languages the bot speaks; Dutch is the default.</summary>
public enum PulseLanguage
{
    Dutch,
    English,
}

/// <summary>A text in Dutch and English; the caller picks the language explicitly.</summary>
public sealed record BilingualText(string Nl, string En)
{
    public string In(PulseLanguage language) => language == PulseLanguage.English ? En : Nl;

    public override string ToString() => Nl;
}
