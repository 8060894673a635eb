namespace CityDealBot.Organisations;

/// <summary>Kinds of City Deal partner: how pulse results are broken down, and which governments elections concern.</summary>
public enum OrganisationType
{
    Municipality,
    Province,
    WaterBoard,
    Ministry,
    KnowledgeInstitute,
    Company,
    Other,
}

public sealed record PartnerOrganisation(string Name, OrganisationType Type);

/// <summary>Where an organisation came from, in order of precedence.</summary>
public enum OrganisationSource
{
    UserCorrection,
    DealMapping,
    BuiltInDefault,
    Unknown,
}

public sealed record OrganisationMatch(PartnerOrganisation Organisation, OrganisationSource Source, string? Domain);

/// <summary>
/// An immutable mapping from e-mail domain to organisation. A domain also covers its subdomains
/// (students.uu.nl falls under uu.nl); the longest matching domain wins.
/// </summary>
public sealed class OrganisationDomainMap
{
    private readonly Dictionary<string, PartnerOrganisation> byDomain;

    private OrganisationDomainMap(Dictionary<string, PartnerOrganisation> byDomain) => this.byDomain = byDomain;

    public static OrganisationDomainMap Empty { get; } = new(new Dictionary<string, PartnerOrganisation>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, PartnerOrganisation> Entries => byDomain;

    public static OrganisationDomainMap From(IEnumerable<KeyValuePair<string, PartnerOrganisation>> entries)
    {
        var map = new Dictionary<string, PartnerOrganisation>(StringComparer.Ordinal);
        foreach (var (domain, organisation) in entries)
        {
            map[RequireDomain(domain)] = organisation;
        }

        return new OrganisationDomainMap(map);
    }

    /// <summary>A copy with the domain set (or replaced).</summary>
    public OrganisationDomainMap With(string domain, PartnerOrganisation organisation)
    {
        var copy = new Dictionary<string, PartnerOrganisation>(byDomain, StringComparer.Ordinal) { [RequireDomain(domain)] = organisation };
        return new OrganisationDomainMap(copy);
    }

    /// <summary>A copy without the domain.</summary>
    public OrganisationDomainMap Without(string domain)
    {
        var copy = new Dictionary<string, PartnerOrganisation>(byDomain, StringComparer.Ordinal);
        copy.Remove(RequireDomain(domain));
        return new OrganisationDomainMap(copy);
    }

    public PartnerOrganisation? Find(string domain)
    {
        foreach (var candidate in OrganisationDirectory.SelfAndParents(domain))
        {
            if (byDomain.TryGetValue(candidate, out var organisation))
            {
                return organisation;
            }
        }

        return null;
    }

    private static string RequireDomain(string domain) =>
        OrganisationDirectory.NormalizeDomain(domain) ?? throw new ArgumentException($"'{domain}' is not an e-mail domain.", nameof(domain));
}

/// <summary>
/// The government and organisation directory every feature uses: the organisations the bot knows by e-mail
/// domain (<see cref="Known"/>), and a partner's organisation worked out from their address: the user's own
/// correction first, then the deal's mapping, then the known organisations, else "other" named after the domain.
/// </summary>
public static class OrganisationDirectory
{
    /// <summary>The shipped directory (Organisations/Data/organisations.json).</summary>
    public static KnownOrganisations Known => KnownOrganisations.Shipped;

    public static OrganisationMatch Resolve(
        string email,
        PartnerOrganisation? userCorrection = null,
        OrganisationDomainMap? dealMapping = null,
        OrganisationDomainMap? defaults = null)
    {
        var domain = DomainOf(email);
        if (userCorrection is not null)
        {
            return new OrganisationMatch(userCorrection, OrganisationSource.UserCorrection, domain);
        }

        if (domain is null)
        {
            return new OrganisationMatch(new PartnerOrganisation(string.Empty, OrganisationType.Other), OrganisationSource.Unknown, null);
        }

        if (dealMapping?.Find(domain) is { } mapped)
        {
            return new OrganisationMatch(mapped, OrganisationSource.DealMapping, domain);
        }

        if ((defaults ?? Known.DomainMap).Find(domain) is { } known)
        {
            return new OrganisationMatch(known, OrganisationSource.BuiltInDefault, domain);
        }

        return new OrganisationMatch(new PartnerOrganisation(domain, OrganisationType.Other), OrganisationSource.Unknown, domain);
    }

    /// <summary>
    /// The domain of an address. Teams guest accounts look like "jan_utrecht.nl#EXT#@tenant.onmicrosoft.com";
    /// for those the guest's own domain is returned, since that is their organisation.
    /// </summary>
    public static string? DomainOf(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var address = email.Trim();
        var guestMarker = address.IndexOf("#EXT#", StringComparison.OrdinalIgnoreCase);
        if (guestMarker > 0)
        {
            var original = address[..guestMarker];
            var underscore = original.LastIndexOf('_');
            address = underscore > 0 ? original[..underscore] + "@" + original[(underscore + 1)..] : original;
        }

        var at = address.LastIndexOf('@');
        return at > 0 ? NormalizeDomain(address[(at + 1)..]) : null;
    }

    /// <summary>
    /// The domain and the domains it falls under, longest first, down to two labels: "lab.science.uu.nl",
    /// "science.uu.nl", "uu.nl". Empty when the domain is not plausible.
    /// </summary>
    public static IEnumerable<string> SelfAndParents(string? domain)
    {
        var candidate = NormalizeDomain(domain);
        while (candidate is not null)
        {
            yield return candidate;
            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            candidate = dot > 0 && candidate.IndexOf('.', dot + 1) > 0 ? candidate[(dot + 1)..] : null;
        }
    }

    /// <summary>Lower-case domain without a trailing dot, or null when it is not a plausible domain.</summary>
    public static string? NormalizeDomain(string? domain)
    {
        var value = domain?.Trim().TrimEnd('.').ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Length > 253 || !value.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var label in value.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return null;
            }
        }

        return value;
    }
}
