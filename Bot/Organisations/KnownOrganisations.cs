using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityDealBot.Organisations;

/// <summary>
/// An organisation the bot knows by its e-mail domains. <see cref="GovernmentName"/> is set for governments
/// (municipality, province, water board, ministry): the name the elections' lists use ("Utrecht" for Gemeente
/// Utrecht). A national agency is no government of its own; <see cref="PartOf"/> is the code of its ministry.
/// </summary>
public sealed record KnownOrganisation(
    string Name,
    OrganisationType Type,
    IReadOnlyList<string> Domains,
    string? GovernmentName = null,
    string? Code = null,
    string? PartOf = null,
    string? Source = null)
{
    public bool IsGovernment => GovernmentName is not null;

    public PartnerOrganisation AsPartner => new(Name, Type);
}

/// <summary>
/// The shipped list of known organisations (Data/organisations.json, embedded): the only place that says which
/// domain and name belong to which municipality, province, water board, ministry, agency or knowledge institute.
/// Pulses, elections, speeddates and coffee all read it.
/// </summary>
public sealed class KnownOrganisations
{
    private static readonly Lazy<KnownOrganisations> LazyShipped = new(() => Parse(ReadShippedJson()));
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Dictionary<string, KnownOrganisation> _byDomain;
    private readonly Dictionary<string, KnownOrganisation> _byName;

    private KnownOrganisations(IReadOnlyList<KnownOrganisation> all)
    {
        All = all;
        _byDomain = new Dictionary<string, KnownOrganisation>(StringComparer.Ordinal);
        _byName = new Dictionary<string, KnownOrganisation>(StringComparer.Ordinal);
        foreach (var organisation in all)
        {
            foreach (var domain in organisation.Domains)
            {
                var normalized = OrganisationDirectory.NormalizeDomain(domain);
                if (normalized != domain)
                {
                    throw new FormatException($"'{domain}' of {organisation.Name} is not a lower-case e-mail domain.");
                }

                if (!_byDomain.TryAdd(domain, organisation))
                {
                    throw new FormatException($"'{domain}' is listed for both {_byDomain[domain].Name} and {organisation.Name}.");
                }
            }

            // Ministries keep former names without domains; the first entry with a name wins for name look-ups.
            _byName.TryAdd(NormalizeName(organisation.Name), organisation);
        }

        DomainMap = OrganisationDomainMap.From(_byDomain.Select(e => KeyValuePair.Create(e.Key, e.Value.AsPartner)));
    }

    public static KnownOrganisations Shipped => LazyShipped.Value;

    /// <summary>Every known organisation, in the order of the data file.</summary>
    public IReadOnlyList<KnownOrganisation> All { get; }

    /// <summary>Domain to organisation, as the pulse's defaults below a deal's own mapping.</summary>
    public OrganisationDomainMap DomainMap { get; }

    public IEnumerable<KnownOrganisation> OfType(OrganisationType type) => All.Where(o => o.Type == type);

    /// <summary>The organisation a domain (or a subdomain of it) belongs to; the longest listed domain wins.</summary>
    public KnownOrganisation? ByDomain(string? domain)
    {
        foreach (var candidate in OrganisationDirectory.SelfAndParents(domain))
        {
            if (_byDomain.TryGetValue(candidate, out var organisation))
            {
                return organisation;
            }
        }

        return null;
    }

    /// <summary>The organisation with this name, ignoring case, diacritics and punctuation ("Provinsje Fryslan").</summary>
    public KnownOrganisation? ByName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : _byName.GetValueOrDefault(NormalizeName(name));

    /// <summary>The ministry with this code (BZK, IENW), for agencies' <see cref="KnownOrganisation.PartOf"/>.</summary>
    public KnownOrganisation? MinistryByCode(string code) =>
        All.FirstOrDefault(o => o.Type == OrganisationType.Ministry && o.IsGovernment && string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase));

    public static KnownOrganisations Parse(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, JsonOptions) ?? throw new FormatException("Organisation data is empty.");
        var all = new List<KnownOrganisation>();
        Add(document.Municipalities, OrganisationType.Municipality, isGovernment: true);
        Add(document.Provinces, OrganisationType.Province, isGovernment: true);
        Add(document.WaterBoards, OrganisationType.WaterBoard, isGovernment: true);
        Add(document.Ministries, OrganisationType.Ministry, isGovernment: true);
        // Pulse results count national agencies with the ministries they work for.
        Add(document.NationalAgencies, OrganisationType.Ministry, isGovernment: false);
        Add(document.KnowledgeInstitutes, OrganisationType.KnowledgeInstitute, isGovernment: false);
        Add(document.Companies, OrganisationType.Company, isGovernment: false);
        var directory = new KnownOrganisations(all);
        foreach (var agency in all.Where(o => o.PartOf is not null))
        {
            _ = directory.MinistryByCode(agency.PartOf!) ?? throw new FormatException($"{agency.Name} is part of unknown ministry '{agency.PartOf}'.");
        }

        return directory;

        void Add(Section? section, OrganisationType type, bool isGovernment)
        {
            foreach (var row in section?.Items ?? [])
            {
                if (string.IsNullOrWhiteSpace(row.Organisation))
                {
                    throw new FormatException($"A {type} without a name.");
                }

                all.Add(new KnownOrganisation(
                    row.Organisation,
                    type,
                    row.Domains ?? [],
                    isGovernment ? row.Government ?? row.Organisation : null,
                    row.Code,
                    row.PartOf,
                    section!.Source));
            }
        }
    }

    /// <summary>Lower case, without diacritics, apostrophes or punctuation, single spaces.</summary>
    public static string NormalizeName(string name)
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

    private static string ReadShippedJson()
    {
        const string name = "CityDealBot.Organisations.Data.organisations.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record Document(
        Section? Municipalities,
        Section? Provinces,
        Section? WaterBoards,
        Section? Ministries,
        Section? NationalAgencies,
        Section? KnowledgeInstitutes,
        Section? Companies);

    private sealed record Section(string? Source, List<Row> Items);

    private sealed record Row(
        string Organisation,
        string? Government,
        string? Code,
        [property: JsonPropertyName("partOf")] string? PartOf,
        List<string>? Domains);
}
