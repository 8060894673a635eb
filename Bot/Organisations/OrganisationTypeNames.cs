using CityDealBot.Cards.Localization;

namespace CityDealBot.Organisations;

/// <summary>The kinds of organisation as partners read them.</summary>
public static class OrganisationTypeNames
{
    public static LocalizedText Of(OrganisationType type) => type switch
    {
        OrganisationType.Municipality => new("Gemeente", "Municipality"),
        OrganisationType.Province => new("Provincie", "Province"),
        OrganisationType.WaterBoard => new("Waterschap", "Water board"),
        OrganisationType.Ministry => new("Ministerie", "Ministry"),
        OrganisationType.KnowledgeInstitute => new("Kennisinstelling", "Knowledge institute"),
        OrganisationType.Company => new("Bedrijf", "Company"),
        _ => new("Overig", "Other"),
    };
}
