using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Cards;

namespace CityDealBot.Tests.CopSessions;

public sealed class CopCardTests
{
    [Fact]
    public void Plan_in_Dutch() => Snapshot.Match(CopCards.Plan(new CopPlanView(Language.Dutch, "19:deal", "Klimaatadaptatie", "2027-06-10", "14:00")), "cop.plan.nl");

    [Fact]
    public void Plan_in_English() => Snapshot.Match(CopCards.Plan(new CopPlanView(Language.English, "19:deal", "Climate adaptation", "2027-06-10", "14:00")), "cop.plan.en");

    [Fact]
    public void Announcement_for_the_organiser_in_Dutch() => Snapshot.Match(CopCards.Announcement(View(Language.Dutch, showNames: true, "https://teams.microsoft.com/l/meetup-join/x", null)), "cop.announcement.organiser.nl");

    [Fact]
    public void Announcement_with_ics_in_English() => Snapshot.Match(CopCards.Announcement(View(Language.English, showNames: false, null, "https://bot.example/cop/ics/abc.def.ics")), "cop.announcement.ics.en");

    [Fact]
    public void Without_a_join_link_the_card_says_it_is_added_by_hand()
    {
        var json = CopCards.Announcement(View(Language.Dutch, showNames: false, null, "https://bot.example/cop/ics/abc.def.ics")).ToJsonObject().ToJsonString();
        Assert.Contains("voegt de organisator zelf toe", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Anne de Vries", json, StringComparison.Ordinal);
    }

    private static CopAnnouncementView View(Language language, bool showNames, string? joinUrl, string? icsUrl) => new(
        language, "19:deal", "s1", "Klimaat en data", "donderdag 10 juni 2027, 15:00 uur", 90, "hybrid", "Stadhuis Utrecht", "1. Datastandaard\n2. Speeddate",
        joinUrl, icsUrl, IsCancelled: false, new CopAttendance(["Anne de Vries"], ["Bram Jansen"], []), showNames, showNames ? "yes" : null,
        showNames ? "29:anne" : null);
}
