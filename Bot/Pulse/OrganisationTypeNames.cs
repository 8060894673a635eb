using CityDealBot.Organisations;

namespace CityDealBot.Pulse;

public static class OrganisationTypeNames
{
    public static BilingualText Of(OrganisationType type) => type switch
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
