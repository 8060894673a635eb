using CityDealBot.Cards;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Tests.Cards;

public sealed class AuditCardTests
{
    [Fact]
    public void Log_with_more_in_Dutch() => Snapshot.Match(AuditCards.Log(new AuditLogView(Language.Dutch, "City Deal Klimaatadaptatie",
        [new("23 nov 2026 10:02", "Anne de Vries", "gaf Bert de rol Organisator"), new("23 nov 2026 09:00", string.Empty, "Een deelnemer liet zijn of haar gegevens verwijderen")],
        "2519999999999999999-abcdef", IsOlderPage: false, "19%3Adeal")), "audit.log.nl");

    [Fact]
    public void Empty_log_in_English() => Snapshot.Match(AuditCards.Log(new AuditLogView(Language.English, "City Deal Climate", [], null, IsOlderPage: false)), "audit.log.empty.en");
}
