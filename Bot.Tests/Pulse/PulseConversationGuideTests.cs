using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Pulse;
using static CityDealBot.Pulse.MidtermReviewTemplate.Indicators;

namespace CityDealBot.Tests.Pulse;

public class PulseConversationGuideTests
{
    private static readonly PulseTemplate Template = MidtermReviewTemplate.Template;
    private static readonly DateTimeOffset Closes = new(2026, 12, 4, 16, 0, 0, TimeSpan.Zero);

    /// <summary>Results from a tally that gives each indicator (respondents, mean, min, max); others 3.5 over 3–4 by 8 people.</summary>
    private static PulseResults Results(int roundRespondents, params (string Indicator, int Respondents, double Mean, double Min, double Max)[] indicators)
    {
        var given = indicators.ToDictionary(i => i.Indicator);
        var tally = new PulseRoundTally("deal", "round", Closes, roundRespondents,
            Template.Indicators.ToDictionary(i => i.Id, i => given.TryGetValue(i.Id, out var g)
                ? new IndicatorTally(i.Id, g.Respondents, g.Mean, g.Min, g.Max)
                : new IndicatorTally(i.Id, roundRespondents, 3.5, 3, 4)),
            new Dictionary<string, ChoiceTally>(), []);
        return PulseResultsBuilder.Build(Template, tally, [], [], PulseViewerRole.Partner);
    }

    private static IEnumerable<(string Id, int Rank, bool Widest)> Topics(PulseResults results) =>
        PulseConversationGuideBuilder.Choose(results).Topics.Select(t => (t.Indicator.Indicator.Id, t.LowestMeanRank, t.WidestRange));

    [Fact]
    public void The_two_lowest_means_and_the_widest_range_are_taken_up()
    {
        var results = Results(8,
            (Measurability, 8, 2.1, 1, 3),
            (ResultsSafeguarding, 8, 2.6, 2, 3),
            (PartnerComposition, 8, 3.9, 1, 5));

        Assert.Equal([(Measurability, 1, false), (ResultsSafeguarding, 2, false), (PartnerComposition, 0, true)], Topics(results));
    }

    [Fact]
    public void An_indicator_that_is_both_lowest_and_widest_is_named_once_with_both_reasons()
    {
        var results = Results(8,
            (Measurability, 8, 2.1, 1, 5),
            (ResultsSafeguarding, 8, 2.6, 2, 3));

        Assert.Equal([(Measurability, 1, true), (ResultsSafeguarding, 2, false)], Topics(results));
    }

    [Fact]
    public void Ties_go_to_the_indicator_that_comes_first_in_the_questionnaire()
    {
        var results = Results(8,
            (KnowledgeSharing, 8, 2.0, 2, 3),
            (ProcessSafeguarding, 8, 2.0, 2, 3),
            (MidtermReviewTemplate.Indicators.Results, 8, 2.0, 2, 3));

        Assert.Equal([MidtermReviewTemplate.Indicators.Results, ProcessSafeguarding], Topics(results).Where(t => t.Rank > 0).Select(t => t.Id));
    }

    [Fact]
    public void A_withheld_indicator_is_never_named_as_lowest_or_widest()
    {
        // Only three people scored measurability: its low mean and wide range stay unnamed.
        var results = Results(8,
            (Measurability, 3, 1.0, 1, 5),
            (ResultsSafeguarding, 8, 2.6, 2, 3),
            (ProcessDesign, 8, 2.9, 2, 4));

        var guide = PulseConversationGuideBuilder.Choose(results);
        Assert.DoesNotContain(guide.Topics, t => t.Indicator.Indicator.Id == Measurability);
        Assert.Equal([(ResultsSafeguarding, 1, false), (ProcessDesign, 2, true)], Topics(results));
        Assert.Equal([Measurability], guide.Withheld.Select(i => i.Indicator.Id));
    }

    [Fact]
    public void Below_the_round_threshold_nothing_is_named()
    {
        var results = Results(4, (Measurability, 4, 1.0, 1, 2));
        Assert.Empty(PulseConversationGuideBuilder.Choose(results).Topics);

        var view = PulsePresenter.GuideView(Language.English, Deal(), Round(), Template, results);
        Assert.Equal("Not shown: 4 responses; at least 5 are needed to keep answers anonymous.", view.Withheld);
        Assert.Empty(view.Topics);
    }

    [Fact]
    public void The_guide_quotes_the_reviews_points_to_explore_with_the_numbers()
    {
        var results = Results(8,
            (Measurability, 7, 2.1, 1, 3),
            (ResultsSafeguarding, 8, 2.6, 2, 3),
            (PartnerComposition, 8, 3.9, 1, 5));

        var dutch = PulsePresenter.GuideView(Language.Dutch, Deal(), Round(), Template, results);
        Assert.Equal(["Meetbaarheid van resultaat", "Borging van resultaat", "Samenstelling van de partners"], dutch.Topics.Select(t => t.Indicator));
        Assert.Equal("Meetbaarheid", dutch.Topics[0].FollowUpHeading);
        Assert.Equal(["Helderheid input", "Helderheid output", "Helderheid outcome"], dutch.Topics[0].Elements);
        Assert.Equal("Gemiddeld 2,1, laagste–hoogste 1,0–3,0, 7 reacties op deze indicator.", dutch.Topics[0].Numbers);
        Assert.Equal("Grootste spreiding tussen de antwoorden", dutch.Topics[2].Why);
        Assert.Equal("8 reacties; uitkomsten worden getoond vanaf 5.", dutch.Respondents);

        var english = PulsePresenter.GuideView(Language.English, Deal(), Round(), Template, results);
        Assert.Equal(["Clarity of input", "Clarity of output", "Clarity of outcome"], english.Topics[0].Elements);
        Assert.Equal("Measurability of the result", english.Topics[0].Indicator);
        Assert.Equal("Mean 2.1, lowest–highest 1.0–3.0, 7 responses on this indicator.", english.Topics[0].Numbers);

        var agenda = PulsePresenter.GuideAgenda(dutch);
        Assert.Contains("1. Meetbaarheid van resultaat (laagste gemiddelde): Helderheid input; Helderheid output; Helderheid outcome", agenda, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_of_the_first_template_names_its_indicators_without_points_it_never_had()
    {
        var legacy = LegacyPulseTemplate.Template;
        var tally = new PulseRoundTally("deal", "round", Closes, 6,
            legacy.Indicators.Select((i, n) => (i, n)).ToDictionary(x => x.i.Id, x => new IndicatorTally(x.i.Id, 6, 2.0 + (x.n * 0.25), 1, 4)),
            new Dictionary<string, ChoiceTally>(), []);
        var results = PulseResultsBuilder.Build(legacy, tally, [], [], PulseViewerRole.Partner);

        var view = PulsePresenter.GuideView(Language.Dutch, Deal(), Round(), legacy, results);
        Assert.Equal([legacy.Indicators[0].Name.Nl, legacy.Indicators[1].Name.Nl], view.Topics.Select(t => t.Indicator));
        Assert.All(view.Topics, t => Assert.Empty(t.Elements));
        Assert.DoesNotContain("Verdiepende elementen", PulseCards.Guide(view).ToJsonObject().ToJsonString(), StringComparison.Ordinal);
    }

    internal static DealRecord Deal() => new()
    {
        PartitionKey = "19:deal@thread.tacv2",
        RowKey = "deal",
        ChannelId = "19:deal@thread.tacv2",
        TeamName = "City Deal Klimaatadaptatie",
        IsActive = true,
    };

    internal static PulseRoundRecord Round() => new()
    {
        PartitionKey = "19:deal@thread.tacv2",
        RowKey = "2520000000000000000-0a1b2c3d",
        DealChannelId = "19:deal@thread.tacv2",
        TemplateId = MidtermReviewTemplate.TemplateId,
        OpensAt = Closes.AddDays(-7),
        ClosesAt = Closes,
    };
}
