using CityDealBot.Cards.Localization;

namespace CityDealBot.Lifecycle;

/// <summary>The deal formulas of the programme: City Deals, the two-year Town Deals for smaller municipalities, Regio Deals, and any other.</summary>
public enum DealKind
{
    CityDeal,
    TownDeal,
    RegioDeal,
    Other,
}

/// <summary>A deal's phases, in order: exploration, the quartermaster stage, carrying out the covenant, rounding off, ended.</summary>
public enum DealPhase
{
    Verkenning,
    Kwartiermaker,
    Uitvoering,
    Afronding,
    Afgerond,
}

/// <summary>
/// What the programme knows about a deal's life: its formula, when it runs, where it is, and its governance rhythm
/// (the months the steering group meets, the week the network of signatory administrators meets).
/// </summary>
/// <param name="SteeringGroupMonths">Months (1-12) in which the steering group meets; the project manager reports
/// twice a year (seed 003), so two months is the usual answer.</param>
/// <param name="NetworkMonth">Month of the yearly meeting of the administrators' network (default December, seed 003).</param>
/// <param name="NetworkWeek">Week of that month (1 = days 1-7); default the first week.</param>
public sealed record DealProfile(
    DealKind Kind,
    DateOnly? Start,
    DateOnly? End,
    DealPhase Phase,
    IReadOnlyList<int> SteeringGroupMonths,
    int NetworkMonth = DealProfile.DefaultNetworkMonth,
    int NetworkWeek = DealProfile.DefaultNetworkWeek)
{
    public const int DefaultNetworkMonth = 12;
    public const int DefaultNetworkWeek = 1;

    /// <summary>Town Deals run two years (seed 004: "De Town Deal heeft een looptijd van twee jaar").</summary>
    public const int TownDealYears = 2;

    /// <summary>A new deal's profile before anyone filled it in.</summary>
    public static DealProfile Empty { get; } = new(DealKind.CityDeal, null, null, DealPhase.Uitvoering, []);

    public bool HasDates => Start is not null && End is not null;

    /// <summary>The first day of the administrators' network week in a year.</summary>
    public DateOnly NetworkWeekStart(int year) => new(year, NetworkMonth, ((NetworkWeek - 1) * 7) + 1);
}

/// <summary>The names of the kinds and phases in both languages; a text says the deal's own kind, never "City Deal" for a Town Deal.</summary>
public static class DealProfileNames
{
    /// <summary>The deal's kind as a noun in a sentence ("je Town Deal", "your deal").</summary>
    public static string Kind(DealKind kind, Language language) => kind switch
    {
        DealKind.CityDeal => "City Deal",
        DealKind.TownDeal => "Town Deal",
        DealKind.RegioDeal => language == Language.English ? "Region Deal" : "Regio Deal",
        _ => "deal",
    };

    public static string Phase(DealPhase phase, Language language) => Texts.For(language)["lifecycle.phase." + phase.ToString().ToLowerInvariant()];

    public static string Month(int month, Language language) =>
        language.Culture().DateTimeFormat.GetMonthName(month);
}
