using System.Globalization;
using System.Text;

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

/// <summary>A government from the shipped lists with the domains it mails from, and the source of the list.</summary>
public sealed record KnownGovernment(Government Government, IReadOnlyList<string>? Domains, string Source);

/// <summary>The shipped lists of provinces, water boards and ministries.</summary>
public sealed class GovernmentDirectory(
    IReadOnlyList<KnownGovernment> provinces,
    IReadOnlyList<KnownGovernment> waterBoards,
    IReadOnlyList<KnownGovernment> ministries)
{
    public IReadOnlyList<KnownGovernment> Provinces { get; } = provinces;
    public IReadOnlyList<KnownGovernment> WaterBoards { get; } = waterBoards;
    public IReadOnlyList<KnownGovernment> Ministries { get; } = ministries;

    public IEnumerable<KnownGovernment> All => Provinces.Concat(WaterBoards).Concat(Ministries);

    public KnownGovernment? ByDomain(string domain)
    {
        var wanted = domain.Trim().TrimEnd('.').ToLowerInvariant();
        return All.FirstOrDefault(g => g.Domains?.Any(d => wanted == d || wanted.EndsWith("." + d, StringComparison.Ordinal)) == true);
    }
}

internal static class GovernmentNames
{
    /// <summary>Lower case, without diacritics, apostrophes or punctuation, single spaces: "Fryslân" and "fryslan" match.</summary>
    public static string Normalize(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’')
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace && builder.Length > 0)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }
        return builder.ToString().TrimEnd();
    }
}
