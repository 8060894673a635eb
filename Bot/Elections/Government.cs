using CityDealBot.Organisations;

namespace CityDealBot.Elections;

public enum GovernmentKind
{
    Municipality,
    Province,
    WaterBoard,
    Ministry,
    /// <summary>Openbaar lichaam in the Caribbean Netherlands (Bonaire, Sint Eustatius, Saba).</summary>
    CaribbeanPublicBody,
}

/// <summary>A government a deal works with. <see cref="Code"/> is optional (CBS code GM0344 / PV26, ministry abbreviation).</summary>
public sealed record Government(GovernmentKind Kind, string Name, string? Code = null)
{
    /// <summary>Stable identity for matching and keys: the code when known, otherwise the normalised name.</summary>
    public string Key => $"{Kind}:{(string.IsNullOrWhiteSpace(Code) ? GovernmentNames.Normalize(Name) : Code.Trim().ToUpperInvariant())}";

    public bool SameAs(Government other) =>
        Kind == other.Kind
        && (GovernmentNames.Normalize(Name) == GovernmentNames.Normalize(other.Name)
            || (!string.IsNullOrWhiteSpace(Code) && string.Equals(Code.Trim(), other.Code?.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>The elections whose outcome changes who governs this body (directly or, for provinces, the Eerste Kamer).</summary>
    public IReadOnlyList<ElectionKind> ElectionKinds => Kind switch
    {
        GovernmentKind.Municipality => [ElectionKind.Gemeenteraad, ElectionKind.Herindeling],
        GovernmentKind.Province => [ElectionKind.ProvincialeStaten, ElectionKind.EersteKamer],
        GovernmentKind.WaterBoard => [ElectionKind.Waterschap],
        GovernmentKind.Ministry => [ElectionKind.TweedeKamer, ElectionKind.EuropeesParlement],
        GovernmentKind.CaribbeanPublicBody => [ElectionKind.Eilandsraad],
        _ => [],
    };
}

/// <summary>A government from the organisation directory with the domains it mails from, and the source of the list.</summary>
public sealed record KnownGovernment(Government Government, IReadOnlyList<string>? Domains, string Source);

/// <summary>
/// The elections' view of the organisation directory: the one place where a directory kind becomes a
/// <see cref="GovernmentKind"/>, and where a national agency stands for its ministry. The settings card offers
/// <see cref="Provinces"/>, <see cref="WaterBoards"/> and <see cref="Ministries"/>; municipalities are typed in.
/// </summary>
public sealed class GovernmentDirectory
{
    private readonly KnownOrganisations _organisations;

    public GovernmentDirectory(KnownOrganisations organisations)
    {
        _organisations = organisations;
        Municipalities = Governments(organisations, OrganisationType.Municipality);
        Provinces = Governments(organisations, OrganisationType.Province);
        WaterBoards = Governments(organisations, OrganisationType.WaterBoard);
        Ministries = Governments(organisations, OrganisationType.Ministry);
    }

    public static GovernmentDirectory Shipped { get; } = new(OrganisationDirectory.Known);

    public IReadOnlyList<KnownGovernment> Municipalities { get; }
    public IReadOnlyList<KnownGovernment> Provinces { get; }
    public IReadOnlyList<KnownGovernment> WaterBoards { get; }
    public IReadOnlyList<KnownGovernment> Ministries { get; }

    /// <summary>The governments the settings card offers as choices.</summary>
    public IEnumerable<KnownGovernment> All => Provinces.Concat(WaterBoards).Concat(Ministries);

    /// <summary>Which kind of government a directory kind is; null for partners that are no government.</summary>
    public static GovernmentKind? KindOf(OrganisationType type) => type switch
    {
        OrganisationType.Municipality => GovernmentKind.Municipality,
        OrganisationType.Province => GovernmentKind.Province,
        OrganisationType.WaterBoard => GovernmentKind.WaterBoard,
        OrganisationType.Ministry => GovernmentKind.Ministry,
        _ => null,
    };

    /// <summary>The government an organisation is, or works for (an agency: its ministry); null for the others.</summary>
    public Government? For(KnownOrganisation organisation)
    {
        if (organisation.PartOf is { } ministryCode)
        {
            return _organisations.MinistryByCode(ministryCode) is { } ministry ? For(ministry) : null;
        }

        return organisation.GovernmentName is { } name && KindOf(organisation.Type) is { } kind ? new Government(kind, name, organisation.Code) : null;
    }

    /// <summary>The directory's organisation for a domain (or a subdomain of it), whether or not it is a government.</summary>
    public KnownOrganisation? OrganisationByDomain(string domain) => _organisations.ByDomain(domain);

    /// <summary>The directory's organisation with this name.</summary>
    public KnownOrganisation? OrganisationByName(string name) => _organisations.ByName(name);

    private IReadOnlyList<KnownGovernment> Governments(KnownOrganisations organisations, OrganisationType type) =>
        [.. organisations.OfType(type).Where(o => o.IsGovernment).Select(o => new KnownGovernment(For(o)!, o.Domains, o.Source ?? string.Empty))];
}

internal static class GovernmentNames
{
    /// <summary>Lower case, without diacritics, apostrophes or punctuation, single spaces: "Fryslân" and "fryslan" match.</summary>
    public static string Normalize(string name) => KnownOrganisations.NormalizeName(name);
}
