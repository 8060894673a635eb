using CityDealBot.Cards.Localization;
namespace CityDealBot.Elections;

/// <summary>The Dutch (and European) elections a City Deal lobbies around.</summary>
public enum ElectionKind
{
    TweedeKamer,
    ProvincialeStaten,
    Waterschap,
    Gemeenteraad,
    /// <summary>Herindelingsverkiezing: only the municipalities that merge on the next 1 January vote.</summary>
    Herindeling,
    EersteKamer,
    EuropeesParlement,
    Eilandsraad,
    Kiescollege,
}

/// <summary>How certain a date is.</summary>
public enum ElectionDateStatus
{
    /// <summary>The election took place.</summary>
    Held,
    /// <summary>Announced by the competent authority (royal decree, Kiesraad, municipality).</summary>
    Official,
    /// <summary>Derived from a statutory rule; not yet announced.</summary>
    Computed,
    /// <summary>An inference that may move (no statutory rule fixes the day).</summary>
    Estimate,
}

/// <summary>Where an election in the calendar came from; decides which entry wins when several describe the same election.</summary>
public enum ElectionOrigin
{
    Rule,
    Shipped,
    Override,
}

public static class ElectionKindNames
{
    /// <summary>Stable, lower-case identifier used in data files, ids and delivery keys.</summary>
    public static string Slug(this ElectionKind kind) => kind switch
    {
        ElectionKind.TweedeKamer => "tweede_kamer",
        ElectionKind.ProvincialeStaten => "provinciale_staten",
        ElectionKind.Waterschap => "waterschap",
        ElectionKind.Gemeenteraad => "gemeenteraad",
        ElectionKind.Herindeling => "gemeenteraad_herindeling",
        ElectionKind.EersteKamer => "eerste_kamer",
        ElectionKind.EuropeesParlement => "europees_parlement",
        ElectionKind.Eilandsraad => "eilandsraad",
        ElectionKind.Kiescollege => "kiescollege",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ElectionKind FromSlug(string slug)
    {
        foreach (var kind in Enum.GetValues<ElectionKind>())
        {
            if (kind.Slug() == slug)
            {
                return kind;
            }
        }
        throw new FormatException($"Unknown election kind '{slug}'.");
    }

    public static LocalizedText DisplayName(this ElectionKind kind) => kind switch
    {
        ElectionKind.TweedeKamer => new("Tweede Kamerverkiezing", "House of Representatives election"),
        ElectionKind.ProvincialeStaten => new("Provinciale Statenverkiezing", "Provincial council election"),
        ElectionKind.Waterschap => new("Waterschapsverkiezing", "Water board election"),
        ElectionKind.Gemeenteraad => new("Gemeenteraadsverkiezing", "Municipal council election"),
        ElectionKind.Herindeling => new("Herindelingsverkiezing", "Municipal merger election"),
        ElectionKind.EersteKamer => new("Eerste Kamerverkiezing", "Senate election"),
        ElectionKind.EuropeesParlement => new("Europees Parlementsverkiezing", "European Parliament election"),
        ElectionKind.Eilandsraad => new("Eilandsraadsverkiezing", "Island council election"),
        ElectionKind.Kiescollege => new("Kiescollegeverkiezing", "Electoral college election"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string StatusSlug(this ElectionDateStatus status) => status switch
    {
        ElectionDateStatus.Held => "held",
        ElectionDateStatus.Official => "official",
        ElectionDateStatus.Computed => "computed",
        ElectionDateStatus.Estimate => "estimate",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
