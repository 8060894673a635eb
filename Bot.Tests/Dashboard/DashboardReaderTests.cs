using CityDealBot.Cards.Localization;
using CityDealBot.Dashboard;
using CityDealBot.Lifecycle;

namespace CityDealBot.Tests.Dashboard;

/// <summary>The programme view's filter and the deal milestones its timeline shows, without storage.</summary>
public class DashboardReaderTests
{
    [Fact]
    public void A_Town_Deal_running_until_mid_2028_shows_its_milestones_and_end_date_from_today_to_the_horizon()
    {
        // Steering groups in March and September, the administrators' network in the first week of December.
        var profile = new DealProfile(DealKind.TownDeal, new DateOnly(2026, 7, 1), new DateOnly(2028, 6, 30), DealPhase.Uitvoering, [3, 9]);

        var items = DashboardReader.DealMilestones(profile, "Town Deal Zwolle", new DateOnly(2026, 11, 29), new DateOnly(2028, 11, 29)).ToList();

        // The September 2026 report (due 18 August) lies before today; prompts due on a weekend or holiday move to the
        // next working day, none of these does.
        Assert.Equal(
            [
                (new DateOnly(2026, 12, 1), TimelineKind.DealMilestone, "Bijeenkomst van het bestuurdersnetwerk"),
                (new DateOnly(2026, 12, 30), TimelineKind.DealMilestone, "Opschaling en borging: beginnen met plannen (18 maanden voor het einde)"),
                (new DateOnly(2027, 2, 15), TimelineKind.DealMilestone, "Voortgangsrapportage voor de stuurgroep van maart 2027"),
                (new DateOnly(2027, 6, 30), TimelineKind.DealMilestone, "Plan voor opschaling en borging (12 maanden voor het einde)"),
                (new DateOnly(2027, 8, 18), TimelineKind.DealMilestone, "Voortgangsrapportage voor de stuurgroep van september 2027"),
                (new DateOnly(2027, 12, 1), TimelineKind.DealMilestone, "Bijeenkomst van het bestuurdersnetwerk"),
                (new DateOnly(2027, 12, 30), TimelineKind.DealMilestone, "Verlengen of afronden? (6 maanden voor het einde)"),
                (new DateOnly(2028, 2, 16), TimelineKind.DealMilestone, "Voortgangsrapportage voor de stuurgroep van maart 2028"),
                (new DateOnly(2028, 6, 30), TimelineKind.DealEnd, "Einde van de Town Deal"),
            ],
            items.Select(i => (i.Date, i.Kind, i.Title.In(Language.Dutch))));
        Assert.All(items, i => Assert.Equal(["Town Deal Zwolle"], i.Deals));
        Assert.Equal("End of the Town Deal", items[^1].Title.In(Language.English));
        Assert.Equal("Progress report for the steering group of March 2027", items[2].Title.In(Language.English));
    }

    [Fact]
    public void A_profile_without_dates_has_no_milestones()
    {
        Assert.Empty(DashboardReader.DealMilestones(DealProfile.Empty, "Deal", new DateOnly(2026, 11, 29), new DateOnly(2028, 11, 29)));
    }

    [Theory]
    [InlineData("TownDeal", "", "TownDeal", null, false)]
    [InlineData("", "Kwartiermaker", null, "Kwartiermaker", false)]
    [InlineData("none", "none", "none", "none", false)]
    [InlineData("Metropool", "Uitvoering", null, "Uitvoering", true)]
    [InlineData("1", "", null, null, true)]
    [InlineData("towndeal", "", null, null, true)]
    public void The_filter_takes_the_names_of_kinds_and_phases_and_reports_anything_else(string kind, string phase, string? expectedKind, string? expectedPhase, bool invalid)
    {
        var filter = ProgrammeFilter.Parse(kind, phase, out var wasInvalid);

        Assert.Equal(new ProgrammeFilter(expectedKind, expectedPhase), filter);
        Assert.Equal(invalid, wasInvalid);
    }

    [Fact]
    public void The_filter_matches_the_deals_kind_and_phase_and_none_only_deals_without_a_profile()
    {
        var town = new DealProfile(DealKind.TownDeal, null, null, DealPhase.Kwartiermaker, []);
        var city = new DealProfile(DealKind.CityDeal, null, null, DealPhase.Kwartiermaker, []);

        Assert.True(new ProgrammeFilter("TownDeal", null).Matches(town));
        Assert.False(new ProgrammeFilter("TownDeal", null).Matches(city));
        Assert.False(new ProgrammeFilter("TownDeal", null).Matches(null));
        Assert.True(new ProgrammeFilter(null, "Kwartiermaker").Matches(city));
        Assert.False(new ProgrammeFilter("TownDeal", "Uitvoering").Matches(town));
        Assert.True(new ProgrammeFilter("none", null).Matches(null));
        Assert.False(new ProgrammeFilter("none", null).Matches(town));
        Assert.True(ProgrammeFilter.All.Matches(null));
    }
}
