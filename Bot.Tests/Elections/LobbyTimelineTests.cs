using System.Globalization;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

public class LobbyTimelineTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static Election Shipped(string id) => ShippedElectionData.Elections.Single(e => e.Id == id);

    [Fact]
    public void Every_moment_has_title_why_and_checklist_in_dutch_and_english()
    {
        var moments = LobbyTimeline.Standard.Moments;
        Assert.Equal(moments.Count, moments.Select(m => m.Id).Distinct().Count());
        foreach (var moment in moments)
        {
            foreach (var text in moment.Checklist.Append(moment.Title).Append(moment.Why))
            {
                Assert.False(string.IsNullOrWhiteSpace(text.Nl), moment.Id);
                Assert.False(string.IsNullOrWhiteSpace(text.En), moment.Id);
                Assert.NotEqual(text.Nl, text.En);
            }
            Assert.True(moment.Checklist.Count >= 3, moment.Id);
        }
    }

    // Gemeenteraad 18 Mar 2030 (computed): offsets from the issue and the reference's reminder schedule, worked out by hand.
    [Theory]
    [InlineData("programme-committees", "2028-09-20")] // about 18 months before
    [InlineData("programme-input", "2029-03-20")]      // 12 months
    [InlineData("position-paper", "2029-09-20")]       // 6 months
    [InlineData("candidate-lists", "2030-02-04")]      // nomination day, 44 days before
    [InlineData("campaign", "2030-02-06")]             // 6 weeks
    [InlineData("election-week", "2030-03-18")]        // Monday of election week
    [InlineData("coalition-input", "2030-03-27")]      // a week after
    [InlineData("installation", "2030-04-03")]         // Kieswet C 4
    [InlineData("coalition-agreement", "2030-05-23")]  // about 64 days (RUG 2018 average)
    [InlineData("re-engage", "2030-06-20")]            // about 3 months
    public void Municipal_timeline_for_2030(string momentId, string expected)
    {
        var moment = LobbyTimeline.Standard.Find(momentId)!;
        Assert.Contains(ElectionKind.Gemeenteraad, moment.AppliesTo);
        Assert.Equal(D(expected), moment.EstimatedDate(Shipped("gemeenteraad-2030")));
    }

    [Theory]
    [InlineData("eerste_kamer-2027", "candidate-lists", "2027-04-20")]
    [InlineData("eerste_kamer-2027", "election-week", "2027-05-24")]   // the vote is on a Monday
    [InlineData("eerste_kamer-2027", "installation", "2027-06-07")]
    [InlineData("europees_parlement-2029", "election-week", "2029-06-04")] // Thursday vote
    [InlineData("europees_parlement-2029", "campaign", "2029-04-26")]
    [InlineData("europees_parlement-2029", "programme-input", "2028-06-07")]
    [InlineData("tweede_kamer-2025", "installation", "2025-11-12")]
    [InlineData("tweede_kamer-2025", "coalition-agreement", "2026-01-27")]
    [InlineData("provinciale_staten-2027", "coalition-agreement", "2027-07-15")]
    [InlineData("provinciale_staten-2027", "installation", "2027-03-31")]
    public void Timeline_per_kind(string electionId, string momentId, string expected) =>
        Assert.Equal(D(expected), LobbyTimeline.Standard.Find(momentId)!.EstimatedDate(Shipped(electionId)));

    [Theory]
    [InlineData(ElectionKind.EersteKamer, new[] { "candidate-lists", "election-week", "installation" })]
    [InlineData(ElectionKind.EuropeesParlement, new[] { "programme-input", "position-paper", "campaign", "election-week" })]
    [InlineData(ElectionKind.Herindeling, new[] { "programme-input", "position-paper", "candidate-lists", "campaign", "election-week", "coalition-input", "installation", "re-engage" })]
    [InlineData(ElectionKind.Kiescollege, new string[0])]
    public void Kinds_get_the_moments_that_make_sense(ElectionKind kind, string[] expected) =>
        Assert.Equal(expected.Order(), LobbyTimeline.Standard.For(kind).Select(m => m.Id).Order());

    [Theory]
    [InlineData("coalition-agreement", true)]
    [InlineData("re-engage", true)]
    [InlineData("installation", false)]
    [InlineData("candidate-lists", false)]
    public void Event_dependent_moments_are_confirmable(string momentId, bool confirmable) =>
        Assert.Equal(confirmable, LobbyTimeline.Standard.Find(momentId)!.IsEventConfirmable);

    [Theory]
    [InlineData("2027-11-24", "2028-01-01", "2028-01-03")] // New Year on Saturday: first working day Monday 3 January
    [InlineData("2026-11-18", "2027-01-01", "2027-01-04")]
    [InlineData("2028-11-22", "2029-01-01", "2029-01-02")]
    public void Merged_council_is_installed_on_the_first_working_day(string election, string merger, string expected)
    {
        var herindeling = new Election { Id = "h", Kind = ElectionKind.Herindeling, Date = D(election), Status = ElectionDateStatus.Official, MergerDate = D(merger), Municipalities = ["A"] };
        Assert.Equal(D(expected), LobbyTimeline.InstallationDay(herindeling));
    }

    [Theory]
    [InlineData("nl", "Verkiezingsweek")]
    [InlineData("en", "Election week")]
    [InlineData("en-GB", "Election week")]
    [InlineData("nl-NL", "Verkiezingsweek")]
    public void Texts_follow_the_recipient_language(string language, string expected) =>
        Assert.Equal(expected, LobbyTimeline.Standard.Find("election-week")!.Title.In(language));
}

public class ElectionTextsTests
{
    [Fact]
    public void Every_label_exists_in_both_languages()
    {
        var labels = Enum.GetValues<ElectionDateStatus>().Select(ElectionTexts.Status)
            .Concat(Enum.GetValues<LobbyDueBasis>().Select(ElectionTexts.DueBasis))
            .Concat(Enum.GetValues<LobbyEvent>().Select(ElectionTexts.Event))
            .Concat(Enum.GetValues<GovernmentKind>().Select(ElectionTexts.GovernmentKindName))
            .Concat(Enum.GetValues<ElectionKind>().Select(k => k.DisplayName()))
            .Append(ElectionTexts.Late)
            .ToList();
        Assert.All(labels, l => Assert.False(string.IsNullOrWhiteSpace(l.Nl) || string.IsNullOrWhiteSpace(l.En)));
        Assert.All(labels, l => Assert.NotEqual(l.Nl, l.En));
    }

    [Theory]
    [InlineData(ElectionKind.TweedeKamer)]
    [InlineData(ElectionKind.Herindeling)]
    [InlineData(ElectionKind.Kiescollege)]
    public void Kind_slugs_round_trip(ElectionKind kind) => Assert.Equal(kind, ElectionKindNames.FromSlug(kind.Slug()));
}
