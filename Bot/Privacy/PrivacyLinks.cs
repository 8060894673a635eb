using CityDealBot.Operations;

namespace CityDealBot.Privacy;

/// <summary>The privacy export's signed link: a short-lived download of everything stored about one person, for that person only.</summary>
public static class PrivacyLinks
{
    /// <summary>Scope holds the tenant, Item the person key.</summary>
    public static readonly SignedLinkKind PersonalData = new("PersonalData", static o => o.ExportLifetime);

    public static readonly SignedLinkRoute PersonalDataRoute = new(PersonalData, "privacy/exports", ".json");
}
