using CityDealBot.Organisations;
using CityDealBot.Pulse;

using CityDealBot.Cards.Localization;

namespace CityDealBot.Tests.Organisations;

public class PartnerOrganisationTests
{
    [Theory]
    [InlineData("jan@utrecht.nl", OrganisationType.Municipality, "Gemeente Utrecht")]
    [InlineData("Jan.de.Vries@DenHaag.NL", OrganisationType.Municipality, "Gemeente Den Haag")]
    [InlineData("a@rotterdam.nl", OrganisationType.Municipality, "Gemeente Rotterdam")]
    [InlineData("a@amsterdam.nl", OrganisationType.Municipality, "Gemeente Amsterdam")]
    [InlineData("p@provincie-utrecht.nl", OrganisationType.Province, "Provincie Utrecht")]
    [InlineData("p@zuid-holland.nl", OrganisationType.Province, "Provincie Zuid-Holland")]
    [InlineData("w@hdsr.nl", OrganisationType.WaterBoard, "Hoogheemraadschap De Stichtse Rijnlanden")]
    [InlineData("m@minbzk.nl", OrganisationType.Ministry, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")]
    [InlineData("m@minienw.nl", OrganisationType.Ministry, "Ministerie van Infrastructuur en Waterstaat")]
    [InlineData("m@rijksoverheid.nl", OrganisationType.Ministry, "Rijksoverheid")]
    [InlineData("k@uu.nl", OrganisationType.KnowledgeInstitute, "Universiteit Utrecht")]
    [InlineData("k@students.uu.nl", OrganisationType.KnowledgeInstitute, "Universiteit Utrecht")]
    [InlineData("k@tudelft.nl", OrganisationType.KnowledgeInstitute, "TU Delft")]
    [InlineData("k@tno.nl", OrganisationType.KnowledgeInstitute, "TNO")]
    [InlineData("k@hu.nl", OrganisationType.KnowledgeInstitute, "Hogeschool Utrecht")]
    [InlineData("b@example.com", OrganisationType.Other, "example.com")]
    [InlineData("b@notutrecht.nl", OrganisationType.Other, "notutrecht.nl")]
    public void Built_in_defaults_classify_common_dutch_domains(string email, OrganisationType type, string name)
    {
        var match = OrganisationDirectory.Resolve(email);
        Assert.Equal(type, match.Organisation.Type);
        Assert.Equal(name, match.Organisation.Name);
        Assert.Equal(type == OrganisationType.Other ? OrganisationSource.Unknown : OrganisationSource.BuiltInDefault, match.Source);
    }

    [Theory]
    [InlineData("jan_utrecht.nl#EXT#@citydeals.onmicrosoft.com", "utrecht.nl")]
    [InlineData("j.de_vries_minbzk.nl#EXT#@tenant.onmicrosoft.com", "minbzk.nl")]
    [InlineData("anna@Mail.Example.ORG.", "mail.example.org")]
    [InlineData("no-at-sign", null)]
    [InlineData("x@localhost", null)]
    [InlineData("x@bad_domain.nl", null)]
    [InlineData("", null)]
    public void Domain_is_read_from_addresses_including_teams_guests(string email, string? domain) =>
        Assert.Equal(domain, OrganisationDirectory.DomainOf(email));

    [Fact]
    public void User_correction_beats_deal_mapping_which_beats_defaults()
    {
        var dealMapping = OrganisationDomainMap.Empty.With("utrecht.nl", new PartnerOrganisation("Gemeente Utrecht, team Ruimte", OrganisationType.Municipality));
        var correction = new PartnerOrganisation("Stichting Lokaal Meten", OrganisationType.Other);

        Assert.Equal(OrganisationSource.BuiltInDefault, OrganisationDirectory.Resolve("a@utrecht.nl").Source);
        var byDeal = OrganisationDirectory.Resolve("a@utrecht.nl", dealMapping: dealMapping);
        Assert.Equal((OrganisationSource.DealMapping, "Gemeente Utrecht, team Ruimte"), (byDeal.Source, byDeal.Organisation.Name));
        var byUser = OrganisationDirectory.Resolve("a@utrecht.nl", correction, dealMapping);
        Assert.Equal((OrganisationSource.UserCorrection, correction), (byUser.Source, byUser.Organisation));
    }

    [Fact]
    public void Deal_mapping_can_classify_a_company_domain()
    {
        var mapping = OrganisationDomainMap.Empty.With("Arcadis.com", new PartnerOrganisation("Arcadis", OrganisationType.Company));
        var match = OrganisationDirectory.Resolve("x@nl.arcadis.com", dealMapping: mapping);
        Assert.Equal((OrganisationType.Company, "arcadis.com"), (match.Organisation.Type, mapping.Entries.Keys.Single()));
    }

    [Fact]
    public void Longest_matching_domain_wins()
    {
        var mapping = OrganisationDomainMap.Empty
            .With("uu.nl", new PartnerOrganisation("UU", OrganisationType.KnowledgeInstitute))
            .With("science.uu.nl", new PartnerOrganisation("Faculteit Bètawetenschappen", OrganisationType.KnowledgeInstitute));
        Assert.Equal("Faculteit Bètawetenschappen", mapping.Find("lab.science.uu.nl")!.Name);
        Assert.Equal("UU", mapping.Find("law.uu.nl")!.Name);
        Assert.Null(mapping.Find("nl"));
    }

    [Fact]
    public void Mapping_edits_return_new_maps_and_leave_the_original_alone()
    {
        var original = OrganisationDomainMap.Empty.With("hdsr.nl", new PartnerOrganisation("HDSR", OrganisationType.WaterBoard));
        var without = original.Without("HDSR.nl");

        Assert.NotNull(original.Find("hdsr.nl"));
        Assert.Null(without.Find("hdsr.nl"));
        Assert.Equal(OrganisationSource.BuiltInDefault, OrganisationDirectory.Resolve("x@hdsr.nl", dealMapping: without).Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nl")]
    [InlineData("-bad.nl")]
    [InlineData("with space.nl")]
    public void Invalid_domains_cannot_be_mapped(string domain) =>
        Assert.Throws<ArgumentException>(() => OrganisationDomainMap.Empty.With(domain, new PartnerOrganisation("X", OrganisationType.Other)));

    [Fact]
    public void Missing_address_resolves_to_other_unless_corrected()
    {
        Assert.Equal((OrganisationType.Other, OrganisationSource.Unknown), (OrganisationDirectory.Resolve("").Organisation.Type, OrganisationDirectory.Resolve("").Source));
        Assert.Equal(OrganisationSource.UserCorrection, OrganisationDirectory.Resolve("", new PartnerOrganisation("TNO", OrganisationType.KnowledgeInstitute)).Source);
    }

    [Theory]
    [InlineData(OrganisationType.Municipality, "Gemeente", "Municipality")]
    [InlineData(OrganisationType.Province, "Provincie", "Province")]
    [InlineData(OrganisationType.WaterBoard, "Waterschap", "Water board")]
    [InlineData(OrganisationType.Ministry, "Ministerie", "Ministry")]
    [InlineData(OrganisationType.KnowledgeInstitute, "Kennisinstelling", "Knowledge institute")]
    [InlineData(OrganisationType.Company, "Bedrijf", "Company")]
    [InlineData(OrganisationType.Other, "Overig", "Other")]
    public void Organisation_types_have_dutch_and_english_names(OrganisationType type, string nl, string en) =>
        Assert.Equal(new LocalizedText(nl, en), OrganisationTypeNames.Of(type));

    [Fact]
    public void Built_in_domains_are_all_valid_and_cover_every_public_type()
    {
        var entries = OrganisationDirectory.Known.DomainMap.Entries;
        Assert.All(entries.Keys, d => Assert.Equal(d, OrganisationDirectory.NormalizeDomain(d)));
        foreach (var type in new[] { OrganisationType.Municipality, OrganisationType.Province, OrganisationType.WaterBoard, OrganisationType.Ministry, OrganisationType.KnowledgeInstitute })
        {
            Assert.Contains(entries.Values, o => o.Type == type);
        }
    }
}
