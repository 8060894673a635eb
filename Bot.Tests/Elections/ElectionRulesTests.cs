using CityDealBot.DutchTime;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

public class ElectionRulesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    // Known March election days and nomination days from the reference (held, official or computed by the Kiesraad rules).
    [Theory]
    [InlineData(2019, "2019-03-20")]
    [InlineData(2021, "2021-03-17")]
    [InlineData(2022, "2022-03-16")]
    [InlineData(2023, "2023-03-15")]
    [InlineData(2026, "2026-03-18")]
    [InlineData(2027, "2027-03-17")]
    [InlineData(2030, "2030-03-20")]
    [InlineData(2031, "2031-03-19")]
    public void March_election_day_matches_known_dates(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.MarchElectionDay(year));

    [Theory]
    [InlineData(2023, "2023-01-30")]
    [InlineData(2026, "2026-02-02")]
    [InlineData(2027, "2027-02-01")]
    [InlineData(2030, "2030-02-04")]
    [InlineData(2031, "2031-02-03")]
    public void March_nomination_day_matches_known_dates(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.MarchNominationDay(year));

    [Theory]
    [InlineData(2022, "2022-03-30")]
    [InlineData(2023, "2023-03-29")]
    [InlineData(2026, "2026-04-01")]
    [InlineData(2027, "2027-03-31")]
    [InlineData(2030, "2030-04-03")]
    [InlineData(2031, "2031-04-02")]
    public void Spring_change_over_matches_known_installations(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.SpringChangeOverDay(year));

    [Theory]
    [InlineData(2019, "2019-05-27")]
    [InlineData(2023, "2023-05-30")] // Monday 29 May 2023 was Whit Monday
    [InlineData(2027, "2027-05-24")]
    [InlineData(2031, "2031-05-26")]
    public void Senate_vote_matches_known_dates(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.SenateVoteDay(year));

    [Theory]
    [InlineData(2023, "2023-04-25")]
    [InlineData(2027, "2027-04-20")]
    [InlineData(2031, "2031-04-22")]
    public void Senate_nomination_matches_known_dates(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.SenateNominationDay(year));

    [Theory]
    [InlineData(2022, "2022-11-23", null)]
    [InlineData(2025, "2025-11-19", "2025-10-06")]
    [InlineData(2026, "2026-11-18", "2026-10-05")]
    [InlineData(2027, "2027-11-24", "2027-10-11")]
    [InlineData(2028, "2028-11-22", "2028-10-09")]
    [InlineData(2029, "2029-11-21", "2029-10-08")]
    [InlineData(2030, "2030-11-20", "2030-10-07")]
    [InlineData(2031, "2031-11-19", "2031-10-06")]
    public void Merger_election_matches_reference_windows(int year, string election, string? nomination)
    {
        Assert.Equal(D(election), ElectionRules.MergerElectionDay(year));
        if (nomination is not null)
        {
            Assert.Equal(D(nomination), ElectionRules.MergerNominationDay(year));
        }
    }

    [Theory]
    [InlineData(2024, "2024-06-06")]
    [InlineData(2029, "2029-06-07")]
    public void European_election_estimate_matches_reference(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.EuropeanElectionDay(year));

    // Later years, cross-checked with an independent implementation of Kieswet F 1 + J 1.
    [Theory]
    [InlineData(2032, "2032-03-17")]
    [InlineData(2034, "2034-03-15")]
    [InlineData(2035, "2035-03-21")]
    [InlineData(2038, "2038-03-17")]
    [InlineData(2039, "2039-03-16")]
    public void March_election_day_for_future_years(int year, string expected) =>
        Assert.Equal(D(expected), ElectionRules.MarchElectionDay(year));

    [Fact]
    public void March_elections_satisfy_the_statutory_windows_for_a_century()
    {
        for (var year = 2000; year <= 2100; year++)
        {
            var nomination = ElectionRules.MarchNominationDay(year);
            var election = ElectionRules.MarchElectionDay(year);
            var leap = DateTime.IsLeapYear(year);
            Assert.Equal(DayOfWeek.Monday, nomination.DayOfWeek);
            Assert.Equal(DayOfWeek.Wednesday, election.DayOfWeek);
            Assert.InRange(nomination, leap ? new DateOnly(year, 1, 31) : new DateOnly(year, 1, 30), leap ? new DateOnly(year, 2, 6) : new DateOnly(year, 2, 5));
            // The leap-year shift of the nomination window exactly absorbs 29 February: always 15-21 March.
            Assert.InRange(election, new DateOnly(year, 3, 15), new DateOnly(year, 3, 21));
            Assert.Equal(44, election.DayNumber - nomination.DayNumber);
            var changeOver = ElectionRules.SpringChangeOverDay(year);
            Assert.Equal(DayOfWeek.Wednesday, changeOver.DayOfWeek);
            Assert.InRange(changeOver, new DateOnly(year, 3, 29), new DateOnly(year, 4, 4));
            var merger = ElectionRules.MergerElectionDay(year);
            Assert.Equal(DayOfWeek.Wednesday, merger.DayOfWeek);
            Assert.InRange(merger, new DateOnly(year, 11, 18), new DateOnly(year, 11, 24));
            var senate = ElectionRules.SenateVoteDay(year);
            Assert.True(DutchWorkingDays.IsWorkingDay(senate));
        }
    }

    [Theory]
    [InlineData("2025-11-07", "2030-05-15", "2030-05-29", ElectionDateStatus.Estimate)] // C 2 + C 3: 2030 is a municipal election year
    [InlineData("2017-03-21", "2021-03-17", "2021-03-31", ElectionDateStatus.Computed)] // regular cycle
    [InlineData("2021-03-26", "2025-03-19", "2025-04-02", ElectionDateStatus.Computed)]
    [InlineData("2023-12-01", "2028-03-15", "2028-03-29", ElectionDateStatus.Computed)] // leap year: nomination window 31 Jan - 6 Feb
    [InlineData("2027-11-05", "2032-03-17", "2032-03-31", ElectionDateStatus.Computed)] // four years after the result is past the 2031 window
    [InlineData("2031-02-20", "2035-05-16", "2035-05-30", ElectionDateStatus.Estimate)] // 2035 is a provincial election year
    public void Next_tweede_kamer_election_follows_C2_and_C3(string result, string election, string changeOver, ElectionDateStatus status)
    {
        var next = ElectionRules.NextTweedeKamerElection(D(result));
        Assert.Equal(D(election), next.ElectionDay);
        Assert.Equal(D(changeOver), next.ChangeOverDay);
        Assert.Equal(status, next.Status);
    }

    // Reference table (Wet arhi memorandum and art. 56c): which regular March election a merged municipality skips.
    [Theory]
    [InlineData("2025-01-01", 2026, true)]
    [InlineData("2025-01-01", 2030, false)]
    [InlineData("2026-01-01", 2026, true)]
    [InlineData("2027-01-01", 2030, false)]
    [InlineData("2028-01-01", 2030, true)]
    [InlineData("2028-01-01", 2034, false)]
    [InlineData("2029-01-01", 2030, true)]
    [InlineData("2030-01-01", 2030, true)]
    [InlineData("2030-01-01", 2034, false)]
    [InlineData("2023-01-01", 2022, true)] // Voorne aan Zee: its three municipalities did not vote in March 2022
    [InlineData("2028-01-01", 2026, false)]
    [InlineData("2023-01-01", 2026, false)]
    public void Merged_municipalities_skip_the_next_regular_election_when_it_is_too_close(string merger, int regularYear, bool skips) =>
        Assert.Equal(skips, ElectionRules.MergerSkipsRegularElection(D(merger), regularYear));

    [Theory]
    [InlineData(2022, true, false, false)]
    [InlineData(2023, false, true, false)]
    [InlineData(2024, false, false, true)]
    [InlineData(2026, true, false, false)]
    [InlineData(2027, false, true, false)]
    [InlineData(2029, false, false, true)]
    [InlineData(2030, true, false, false)]
    [InlineData(2031, false, true, false)]
    [InlineData(2034, true, false, true)]
    public void Election_years_follow_the_cycles(int year, bool municipal, bool provincial, bool european)
    {
        Assert.Equal(municipal, ElectionRules.IsMunicipalElectionYear(year));
        Assert.Equal(provincial, ElectionRules.IsProvincialElectionYear(year));
        Assert.Equal(european, ElectionRules.IsEuropeanElectionYear(year));
    }
}
