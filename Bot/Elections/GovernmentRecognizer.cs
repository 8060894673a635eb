using System.Text.RegularExpressions;
using CityDealBot.Organisations;

namespace CityDealBot.Elections;

public enum SuggestionConfidence
{
    /// <summary>The name or domain says it outright ("Gemeente Utrecht", minbzk.nl, any domain in the organisation directory).</summary>
    Certain,
    /// <summary>A plain "name.nl" domain: most municipalities mail from one, but so do others; the dealmaker confirms.</summary>
    Likely,
}

public sealed record GovernmentSuggestion(Government Government, SuggestionConfidence Confidence, string Evidence);

/// <summary>
/// Pre-fills a deal's governments from partner organisation names and e-mail domains, where that is obvious.
/// The organisation directory decides first (every listed domain and name is certain, and a listed partner that is
/// no government suggests nothing); only unlisted ".nl" domains fall back to the municipality guess.
/// </summary>
public sealed partial class GovernmentRecognizer(GovernmentDirectory directory)
{
    // Unlisted plain ".nl" domains that are not municipalities: associations, national services and mail providers.
    private static readonly HashSet<string> NotMunicipalities = new(StringComparer.Ordinal)
    {
        "overheid", "vng", "ipo", "uvw", "agendastad", "g40stedennetwerk", "kiesraad", "ou", "cbs",
        "kpn", "ziggo", "xs4all", "planet", "home", "hetnet", "hotmail", "live", "outlook", "gmail", "icloud", "quicknet", "kpnmail", "telfort", "online",
    };

    private static readonly Dictionary<string, string> MunicipalityDomainNames = new(StringComparer.Ordinal)
    {
        ["denhaag"] = "Den Haag",
        ["s-hertogenbosch"] = "'s-Hertogenbosch",
        ["s-gravenhage"] = "Den Haag",
    };

    private static readonly HashSet<string> LowerCaseParticles = new(StringComparer.Ordinal) { "aan", "de", "den", "der", "en", "op", "van", "in", "bij" };

    public static GovernmentRecognizer Shipped { get; } = new(GovernmentDirectory.Shipped);

    /// <summary>Suggestions for one partner; name-based ones come first. Empty when nothing is obvious.</summary>
    public IReadOnlyList<GovernmentSuggestion> Suggest(string? organisationName, string? emailOrDomain)
    {
        var suggestions = new List<GovernmentSuggestion>();
        if (!string.IsNullOrWhiteSpace(organisationName) && FromName(organisationName.Trim()) is { } byName)
        {
            suggestions.Add(byName);
        }
        if (!string.IsNullOrWhiteSpace(emailOrDomain) && FromDomain(DomainOf(emailOrDomain), organisationName) is { } byDomain
            && !suggestions.Any(s => s.Government.SameAs(byDomain.Government)))
        {
            suggestions.Add(byDomain);
        }
        return suggestions;
    }

    /// <summary>Distinct governments for a list of partners (organisation name, e-mail), strongest evidence kept.</summary>
    public IReadOnlyList<GovernmentSuggestion> SuggestForPartners(IEnumerable<(string? OrganisationName, string? EmailOrDomain)> partners)
    {
        var result = new List<GovernmentSuggestion>();
        foreach (var (name, mail) in partners)
        {
            foreach (var suggestion in Suggest(name, mail))
            {
                var existing = result.FindIndex(s => s.Government.SameAs(suggestion.Government));
                if (existing < 0)
                {
                    result.Add(suggestion);
                }
                else if (suggestion.Confidence < result[existing].Confidence)
                {
                    result[existing] = suggestion;
                }
            }
        }
        return result;
    }

    private GovernmentSuggestion? FromName(string name)
    {
        if (directory.OrganisationByName(name) is { } listed)
        {
            return directory.For(listed) is { } government ? new(government, SuggestionConfidence.Certain, $"name: {name}") : null;
        }
        if (StripPrefix(name, "Gemeente ", "Municipality of ", "City of ") is { } municipality)
        {
            return new(new Government(GovernmentKind.Municipality, municipality), SuggestionConfidence.Certain, $"name: {name}");
        }
        if (StripPrefix(name, "Provincie ", "Province of ", "Province ") is { } provinceName)
        {
            var known = FindProvince(provinceName);
            return known is null ? null : new(known.Government, SuggestionConfidence.Certain, $"name: {name}");
        }
        if (StripPrefix(name, "Ministerie van ", "Ministry of ") is not null)
        {
            var normalized = GovernmentNames.Normalize(name);
            var known = directory.Ministries.FirstOrDefault(m => GovernmentNames.Normalize(m.Government.Name) == normalized);
            return new(known?.Government ?? new Government(GovernmentKind.Ministry, name), SuggestionConfidence.Certain, $"name: {name}");
        }
        var waterBoard = FindWaterBoard(name);
        return waterBoard is null ? null : new(waterBoard.Government, SuggestionConfidence.Certain, $"name: {name}");
    }

    private GovernmentSuggestion? FromDomain(string domain, string? organisationName)
    {
        if (domain.Length == 0)
        {
            return null;
        }
        if (directory.OrganisationByDomain(domain) is { } organisation)
        {
            return directory.For(organisation) is { } government ? new(government, SuggestionConfidence.Certain, $"domain: {domain}") : null;
        }
        var ministry = MinistryDomain().Match(domain);
        if (ministry.Success)
        {
            var code = ministry.Groups["code"].Value.ToUpperInvariant();
            var listed = directory.Ministries.FirstOrDefault(m => string.Equals(m.Government.Code, code, StringComparison.OrdinalIgnoreCase));
            return listed is null
                ? new(new Government(GovernmentKind.Ministry, $"Ministerie ({code})", code), SuggestionConfidence.Likely, $"domain: {domain}")
                : new(listed.Government, SuggestionConfidence.Certain, $"domain: {domain}");
        }
        var plain = PlainDutchDomain().Match(domain);
        if (!plain.Success)
        {
            return null;
        }
        var label = plain.Groups["label"].Value;
        var explicitMunicipality = label.StartsWith("gemeente", StringComparison.Ordinal) && label.Length > "gemeente".Length + 1;
        if (explicitMunicipality)
        {
            label = label["gemeente".Length..].TrimStart('-');
        }
        else if (NotMunicipalities.Contains(label) || label.Length < 3)
        {
            return null;
        }
        var name = MunicipalityName(label, organisationName);
        return new(new Government(GovernmentKind.Municipality, name), explicitMunicipality ? SuggestionConfidence.Certain : SuggestionConfidence.Likely, $"domain: {domain}");
    }

    private static string MunicipalityName(string label, string? organisationName)
    {
        if (!string.IsNullOrWhiteSpace(organisationName))
        {
            var bare = StripPrefix(organisationName.Trim(), "Gemeente ") ?? organisationName.Trim();
            if (GovernmentNames.Normalize(bare).Replace(" ", "", StringComparison.Ordinal) == label.Replace("-", "", StringComparison.Ordinal))
            {
                return bare;
            }
        }
        if (MunicipalityDomainNames.TryGetValue(label, out var known))
        {
            return known;
        }
        var words = label.Split('-', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Select((w, i) => i > 0 && LowerCaseParticles.Contains(w) ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private KnownGovernment? FindProvince(string name)
    {
        var normalized = GovernmentNames.Normalize(name) switch
        {
            "friesland" => "fryslan",
            "brabant" => "noord brabant",
            var other => other,
        };
        return directory.Provinces.FirstOrDefault(p => GovernmentNames.Normalize(p.Government.Name) == normalized);
    }

    private KnownGovernment? FindWaterBoard(string name)
    {
        var core = WaterBoardCore(name);
        return core.Length == 0 ? null : directory.WaterBoards.FirstOrDefault(w => WaterBoardCore(w.Government.Name) == core
            && (GovernmentNames.Normalize(name) == GovernmentNames.Normalize(w.Government.Name) || HasWaterBoardPrefix(name)));
    }

    private static bool HasWaterBoardPrefix(string name)
    {
        var normalized = GovernmentNames.Normalize(name);
        return normalized.StartsWith("waterschap ", StringComparison.Ordinal)
            || normalized.StartsWith("hoogheemraadschap ", StringComparison.Ordinal)
            || normalized.StartsWith("wetterskip ", StringComparison.Ordinal)
            || normalized.StartsWith("het hoogheemraadschap ", StringComparison.Ordinal);
    }

    private static string WaterBoardCore(string name)
    {
        var normalized = GovernmentNames.Normalize(name);
        foreach (var prefix in new[] { "het hoogheemraadschap van ", "hoogheemraadschap van ", "hoogheemraadschap ", "waterschap ", "wetterskip " })
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal))
            {
                return normalized[prefix.Length..];
            }
        }
        return normalized;
    }

    private static string? StripPrefix(string value, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && value.Length > prefix.Length)
            {
                return value[prefix.Length..].Trim();
            }
        }
        return null;
    }

    /// <summary>The domain of an address (Teams guest addresses included) or of a bare domain; empty when there is none.</summary>
    private static string DomainOf(string emailOrDomain) =>
        (emailOrDomain.Contains('@', StringComparison.Ordinal)
            ? OrganisationDirectory.DomainOf(emailOrDomain)
            : OrganisationDirectory.NormalizeDomain(emailOrDomain)) ?? string.Empty;

    [GeneratedRegex("^(?:[a-z0-9-]+\\.)*min(?<code>[a-z]{2,6})\\.nl$")]
    private static partial Regex MinistryDomain();

    [GeneratedRegex("^(?<label>[a-z][a-z-]*[a-z])\\.nl$")]
    private static partial Regex PlainDutchDomain();
}
