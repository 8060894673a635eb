using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Cards;

namespace CityDealBot.Tests.CopSessions;

public sealed class CopCardTests
{
    [Fact]
    public void Plan_in_Dutch() => Snapshot.Match(CopCards.Plan(new CopPlanView(Language.Dutch, "19:deal", "Klimaatadaptatie", "2027-06-10", "14:00", CanInviteAllDeals: true)), "cop.plan.nl");

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

    [Fact]
    public void Reminder_an_hour_before_in_Dutch() => Snapshot.Match(CopCards.Reminder(new CopReminderView(
        Language.Dutch, "19:deal", "s1", "Klimaat en data", "donderdag 10 juni 2027, 15:00 uur", WithinTheHour: true, "online", null, "1. Datastandaard",
        "https://teams.microsoft.com/l/meetup-join/x", null)), "cop.reminder.hour.nl");

    [Fact]
    public void Reminder_the_day_before_in_English_offers_the_ics() => Snapshot.Match(CopCards.Reminder(new CopReminderView(
        Language.English, "19:deal", "s1", "Climate and data", "Thursday 10 June 2027, 15:00", WithinTheHour: false, "hybrid", "Utrecht city hall", null,
        null, "https://bot.example/cop/ics/abc.def.ics")), "cop.reminder.day.en");

    [Fact]
    public void Summary_for_the_organiser_in_Dutch() => Snapshot.Match(CopCards.RsvpSummary(new CopSummaryView(
        Language.Dutch, "19:deal", "s1", "Klimaat en data", "donderdag 10 juni 2027, 15:00 uur",
        new CopAttendance(["Anne de Vries", "Bram Jansen"], ["Chris Bakker"], ["Dirk Smit"]), Invited: 12)), "cop.summary.nl");

    [Theory]
    [InlineData(12, 3, "ongeveer 9")]
    [InlineData(2, 3, "ongeveer 0")]
    public void The_summary_counts_who_has_not_answered(int invited, int answered, string expected)
    {
        var names = Enumerable.Range(0, answered).Select(i => $"Persoon {i}").ToList();
        var json = CopCards.RsvpSummary(new CopSummaryView(Language.Dutch, "19:deal", "s1", "T", "nu", new CopAttendance(names, [], []), invited)).ToJsonObject().ToJsonString();
        Assert.Contains(expected, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_a_time_in_English() => Snapshot.Match(CopCards.FindTime(new CopFindTimeView(Language.English, "19:deal", "2027-06-07")), "cop.findtime.en");

    [Fact]
    public void Poll_for_the_organiser_in_Dutch() => Snapshot.Match(CopCards.Poll(new CopPollView(Language.Dutch, "19:deal", "p1", "Klimaat en data", 60,
        [new("dinsdag 8 juni 2027, 12:00 uur", 2, ["Bram Jansen", "Gast van Partner"], Mine: true, FreeInCalendars: 2),
         new("woensdag 9 juni 2027, 09:00 uur", 0, [], Mine: false, FreeInCalendars: 1)],
        IsOrganiser: true, Chosen: null, Note: null, CorePeople: 2)), "cop.poll.organiser.nl");

    private static CopAnnouncementView View(Language language, bool showNames, string? joinUrl, string? icsUrl) => new(
        language, "19:deal", "s1", "Klimaat en data", "donderdag 10 juni 2027, 15:00 uur", 90, "hybrid", "Stadhuis Utrecht", "1. Datastandaard\n2. Speeddate",
        joinUrl, icsUrl, IsCancelled: false, new CopAttendance(["Anne de Vries"], ["Bram Jansen"], []), showNames, showNames ? "yes" : null,
        showNames ? "29:anne" : null);
}
