namespace CityDealBot.Operations;

/// <summary>
/// A kind of signed link, declared by the feature that hands it out (e.g. <c>PulseLinks.Chart</c>). Its
/// <paramref name="Name"/> is signed into every token, so a token of one kind never opens another kind's route; a
/// name must never change while its links are out, and two features may not share one (checked at start).
/// </summary>
/// <param name="Lifetime">How long a link of this kind works, from the <c>Links</c> settings.</param>
public sealed record SignedLinkKind(string Name, Func<SignedLinkOptions, TimeSpan> Lifetime)
{
    /// <summary>Two kinds with one name would open each other's routes: the names must be distinct.</summary>
    public static void EnsureDistinct(IEnumerable<SignedLinkKind> kinds)
    {
        if (kinds.GroupBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Distinct().Count() > 1) is { } shared)
        {
            throw new InvalidOperationException($"Signed-link kind '{shared.Key}' is declared more than once.");
        }
    }

    public override string ToString() => Name;
}

/// <summary>
/// Where links of a <see cref="Kind"/> are served: <c>/{Folder}/{token}{Extension}</c>. A feature builds its URLs
/// with <see cref="SignedLinks.Issue"/> and maps <see cref="Pattern"/> itself, so both come from one declaration.
/// </summary>
public sealed record SignedLinkRoute(SignedLinkKind Kind, string Folder, string Extension)
{
    /// <summary>The route to map; the token stays a route value so request spans show the route, not the credential.</summary>
    public string Pattern => $"/{Folder}/{{token}}{Extension}";
}

/// <summary>A link handed out, and until when it works.</summary>
public sealed record SignedUrl(string Url, DateTimeOffset ExpiresAt);

/// <summary>What a signed link grants: one file of one item (a pulse round, a person, a session) in one scope (a deal, a tenant), until it expires.</summary>
public sealed record SignedLink(SignedLinkKind Kind, string Scope, string Item, string Language, DateTimeOffset ExpiresAt);
