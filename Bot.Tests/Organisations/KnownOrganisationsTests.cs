using System.Text.Json.Nodes;
using CityDealBot.Elections;
using CityDealBot.Organisations;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Organisations;

/// <summary>
/// Every domain in the organisation directory, read straight from the data file (not through the directory's
/// own parser), is recognised as what the file says it is: by the pulse's organisation look-up and by the
/// elections' government recogniser.
/// </summary>
public class KnownOrganisationsTests
{
    private static readonly string DataFile = Path.Combine(RepoPaths.Root, "Bot", "Organisations", "Data", "organisations.json");

    // What each section of the data file means, written out here rather than taken from the code under test.
    private static readonly Dictionary<string, (OrganisationType Type, GovernmentKind? Government)> Sections = new(StringComparer.Ordinal)
    {
        ["municipalities"] = (OrganisationType.Municipality, GovernmentKind.Municipality),
        ["provinces"] = (OrganisationType.Province, GovernmentKind.Province),
        ["waterBoards"] = (OrganisationType.WaterBoard, GovernmentKind.WaterBoard),
        ["ministries"] = (OrganisationType.Ministry, GovernmentKind.Ministry),
        ["nationalAgencies"] = (OrganisationType.Ministry, null),
        ["knowledgeInstitutes"] = (OrganisationType.KnowledgeInstitute, null),
        ["companies"] = (OrganisationType.Company, null),
    };

    private static JsonObject Data => JsonNode.Parse(File.ReadAllText(DataFile))!.AsObject();

    /// <summary>One row per listed domain: section, the item's organisation name, and the domain.</summary>
    public static TheoryData<string, string, string> EveryListedDomain()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var (section, node) in Data.Where(p => p.Key != "description"))
        {
            foreach (var item in node!["items"]!.AsArray())
            {
                foreach (var domain in item!["domains"]!.AsArray())
                {
                    rows.Add(section, item["organisation"]!.GetValue<string>(), domain!.GetValue<string>());
                }
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(EveryListedDomain))]
    public void Every_listed_domain_resolves_to_its_organisation(string section, string organisation, string domain)
    {
        var (type, _) = Sections[section];
        foreach (var address in new[] { $"someone@{domain}", $"someone@mail.{domain}", $"someone_{domain}#EXT#@citydeals.onmicrosoft.com" })
        {
            var match = OrganisationDirectory.Resolve(address);
            Assert.Equal((OrganisationSource.BuiltInDefault, organisation, type), (match.Source, match.Organisation.Name, match.Organisation.Type));
        }
    }

    [Theory]
    [MemberData(nameof(EveryListedDomain))]
    public void Every_listed_domain_gets_the_right_government_suggestion(string section, string organisation, string domain)
    {
        var item = Item(section, organisation);
        var suggestions = GovernmentRecognizer.Shipped.Suggest(null, $"someone@{domain}");
        var expected = ExpectedGovernment(section, item);
        if (expected is null)
        {
            Assert.Empty(suggestions);
            return;
        }

        var suggestion = Assert.Single(suggestions);
        Assert.Equal(expected.Value, (suggestion.Government.Kind, suggestion.Government.Name, suggestion.Government.Code));
        Assert.Equal(SuggestionConfidence.Certain, suggestion.Confidence);
        // The organisation's own name says the same.
        var byName = Assert.Single(GovernmentRecognizer.Shipped.Suggest(organisation, null));
        Assert.Equal(expected.Value, (byName.Government.Kind, byName.Government.Name, byName.Government.Code));
    }

    [Fact]
    public void The_settings_card_offers_every_listed_province_water_board_and_ministry()
    {
        var directory = GovernmentDirectory.Shipped;
        Assert.Equal(Names("provinces", i => i["government"]), directory.Provinces.Select(g => g.Government.Name));
        Assert.Equal(Names("waterBoards", i => i["organisation"]), directory.WaterBoards.Select(g => g.Government.Name));
        Assert.Equal(Names("ministries", i => i["organisation"]), directory.Ministries.Select(g => g.Government.Name));
        Assert.Equal(12, directory.Provinces.Count);
        Assert.Equal(21, directory.WaterBoards.Count);
    }

    [Fact]
    public void The_directory_covers_every_public_kind_of_partner_and_every_domain_is_normalised()
    {
        var known = OrganisationDirectory.Known;
        foreach (var type in new[] { OrganisationType.Municipality, OrganisationType.Province, OrganisationType.WaterBoard, OrganisationType.Ministry, OrganisationType.KnowledgeInstitute })
        {
            Assert.Contains(known.All, o => o.Type == type);
        }

        var domains = known.All.SelectMany(o => o.Domains).ToList();
        Assert.Equal(EveryListedDomain().Count, domains.Count);
        Assert.All(domains, d => Assert.Equal(d, OrganisationDirectory.NormalizeDomain(d)));
    }

    [Theory]
    [InlineData("""{"municipalities":{"items":[{"organisation":"Gemeente A","government":"A","domains":["a.nl"]},{"organisation":"Gemeente B","government":"B","domains":["a.nl"]}]}}""", "a.nl")]
    [InlineData("""{"municipalities":{"items":[{"organisation":"Gemeente A","government":"A","domains":["A.nl"]}]}}""", "A.nl")]
    [InlineData("""{"nationalAgencies":{"items":[{"organisation":"Dienst","partOf":"XYZ","domains":["dienst.nl"]}]}}""", "XYZ")]
    public void A_broken_data_file_is_refused_with_the_reason(string json, string mentioned)
    {
        var problem = Assert.Throws<FormatException>(() => KnownOrganisations.Parse(json));
        Assert.Contains(mentioned, problem.Message, StringComparison.Ordinal);
    }

    private static JsonNode Item(string section, string organisation) =>
        Data[section]!["items"]!.AsArray().First(i => i!["organisation"]!.GetValue<string>() == organisation)!;

    private static (GovernmentKind Kind, string Name, string? Code)? ExpectedGovernment(string section, JsonNode item)
    {
        if (item["partOf"]?.GetValue<string>() is { } ministryCode)
        {
            var ministry = Data["ministries"]!["items"]!.AsArray().Single(m => m!["code"]?.GetValue<string>() == ministryCode)!;
            return (GovernmentKind.Ministry, ministry["organisation"]!.GetValue<string>(), ministryCode);
        }

        return Sections[section].Government is { } kind
            ? (kind, (item["government"] ?? item["organisation"])!.GetValue<string>(), item["code"]?.GetValue<string>())
            : null;
    }

    private static List<string> Names(string section, Func<JsonNode, JsonNode?> name) =>
        [.. Data[section]!["items"]!.AsArray().Select(i => name(i!)!.GetValue<string>())];
}
