using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

public class PulseResultsBuilderTests
{
    private const string Results = MidtermReviewTemplate.Indicators.Results;
    private const string Measurability = MidtermReviewTemplate.Indicators.Measurability;
    private static readonly PulseTemplate Template = MidtermReviewTemplate.Template;
    private static readonly DateTimeOffset March = new(2026, 3, 26, 11, 0, 0, TimeSpan.Zero);

    /// <summary>A tally in which every indicator has the given respondent count, mean, min and max.</summary>
    internal static PulseRoundTally Tally(string deal, string round, DateTimeOffset closes, int respondents, double mean, double min = 1, double max = 5, IReadOnlyList<string>? remarks = null) =>
        new(deal, round, closes, respondents,
            Template.Indicators.ToDictionary(i => i.Id, i => new IndicatorTally(i.Id, respondents, mean, min, max)),
            new Dictionary<string, ChoiceTally>(),
            remarks ?? []);

    private static PulseResults Build(PulseRoundTally current, IReadOnlyList<PulseRoundTally>? history = null, IReadOnlyList<PulseRoundTally>? deals = null,
        PulseViewerRole viewer = PulseViewerRole.Partner, int threshold = 5) =>
        PulseResultsBuilder.Build(Template, current, history ?? [], deals ?? [], viewer, new PulsePrivacyOptions { MinimumRespondents = threshold });

    [Theory]
    [InlineData(0, 5, false)]
    [InlineData(4, 5, false)]
    [InlineData(5, 5, true)]
    [InlineData(6, 5, true)]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, true)]
    [InlineData(24, 25, false)]
    [InlineData(25, 25, true)]
    [InlineData(10, 25, false)]
    public void Results_show_only_from_the_respondent_threshold(int respondents, int threshold, bool shown)
    {
        var results = Build(Tally("deal-a", "r1", March, respondents, 3.5, 2, 5), threshold: threshold);

        Assert.Equal(shown, results.IsShown);
        Assert.All(results.Indicators, i => Assert.Equal(shown, i.DealMean.IsShown));
        Assert.All(results.Indicators, i => Assert.Equal(shown, i.Range.IsShown));
        if (shown)
        {
            Assert.All(results.Indicators, i => Assert.Equal(3.5, i.DealMean.Value));
            Assert.All(results.Indicators, i => Assert.Equal(new ScoreRange(2, 5), i.Range.Value));
        }
        else
        {
            Assert.Equal(PulseWithholdingReason.TooFewRespondents, results.Withholding!.Reason);
            Assert.Equal((respondents, threshold), (results.Withholding.Actual, results.Withholding.Required));
            Assert.All(results.Indicators, i => Assert.Equal(PulseWithholdingReason.TooFewRespondents, i.DealMean.Withholding!.Reason));
        }
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(25, true)]
    [InlineData(26, false)]
    [InlineData(0, false)]
    public void Respondent_threshold_is_configurable_from_3_to_25(int threshold, bool valid)
    {
        var options = new PulsePrivacyOptions { MinimumRespondents = threshold };
        if (valid)
        {
            options.EnsureValid();
            Assert.Equal(threshold, PulseResultsBuilder.Build(Template, Tally("d", "r", March, 30, 3), [], [], PulseViewerRole.Partner, options).RespondentThreshold);
        }
        else
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => options.EnsureValid());
            Assert.Throws<ArgumentOutOfRangeException>(() => PulseResultsBuilder.Build(Template, Tally("d", "r", March, 30, 3), [], [], PulseViewerRole.Partner, options));
        }

        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        Assert.Equal(valid, System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, null, true));
    }

    [Fact]
    public void An_indicator_answered_by_too_few_is_withheld_while_the_rest_shows()
    {
        var current = Tally("deal-a", "r1", March, 8, 4.0);
        var indicators = current.Indicators.ToDictionary();
        indicators[Measurability] = new IndicatorTally(Measurability, 4, 2.0, 1, 3);
        var results = Build(current with { Indicators = indicators });

        Assert.True(results.IsShown);
        var measurability = results.Indicators.Single(i => i.Indicator.Id == Measurability);
        Assert.False(measurability.DealMean.IsShown);
        Assert.False(measurability.Range.IsShown);
        Assert.Equal((4, 5), (measurability.DealMean.Withholding!.Actual, measurability.DealMean.Withholding.Required));
        Assert.True(results.Indicators.Single(i => i.Indicator.Id == Results).DealMean.IsShown);
    }

    [Theory]
    [InlineData(new[] { 3.0, 4.0 }, false, 0)]
    [InlineData(new[] { 3.0, 4.0, 2.0 }, true, 3.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, true, 2.5)]
    [InlineData(new[] { 5.0 }, false, 0)]
    public void All_deals_mean_needs_three_contributing_deals(double[] dealMeans, bool shown, double expected)
    {
        // The first mean is the current deal's own; every deal has 6 respondents.
        var current = Tally("deal-0", "r0", March, 6, dealMeans[0]);
        var others = dealMeans.Skip(1).Select((m, i) => Tally($"deal-{i + 1}", $"r{i + 1}", March, 6, m)).ToList();

        var result = Build(current, deals: others).Indicators.Single(i => i.Indicator.Id == Results);

        Assert.Equal(dealMeans.Length, result.ContributingDeals);
        Assert.Equal(shown, result.AllDealsMean.IsShown);
        if (shown)
        {
            Assert.Equal(expected, result.AllDealsMean.Value, 10);
        }
        else
        {
            Assert.Equal(PulseWithholdingReason.TooFewDeals, result.AllDealsMean.Withholding!.Reason);
            Assert.Equal((dealMeans.Length, 3), (result.AllDealsMean.Withholding.Actual, result.AllDealsMean.Withholding.Required));
        }
    }

    [Fact]
    public void Deals_below_the_threshold_do_not_count_towards_the_all_deals_mean()
    {
        var current = Tally("deal-0", "r0", March, 6, 3.0);
        var others = new[]
        {
            Tally("deal-1", "r1", March, 7, 4.0),
            Tally("deal-2", "r2", March, 4, 5.0), // too few respondents: left out
            Tally("deal-3", "r3", March, 5, 2.0),
        };

        var result = Build(current, deals: others).Indicators.Single(i => i.Indicator.Id == Results);

        Assert.Equal(3, result.ContributingDeals);
        Assert.Equal((3.0 + 4.0 + 2.0) / 3, result.AllDealsMean.Value, 10);
    }

    [Fact]
    public void Each_deal_counts_once_with_its_latest_round_and_the_current_round_replaces_its_own_entry()
    {
        var current = Tally("deal-0", "r-new", March, 6, 1.0);
        var others = new[]
        {
            Tally("deal-0", "r-old", March.AddMonths(-6), 6, 5.0), // own older round: replaced by current
            Tally("deal-1", "a", March.AddMonths(-6), 6, 5.0),
            Tally("deal-1", "b", March, 6, 2.0), // latest of deal-1
            Tally("deal-2", "c", March, 6, 3.0),
        };

        var result = Build(current, deals: others).Indicators.Single(i => i.Indicator.Id == Results);

        Assert.Equal(3, result.ContributingDeals);
        Assert.Equal((1.0 + 2.0 + 3.0) / 3, result.AllDealsMean.Value, 10);
    }

    [Fact]
    public void Trend_is_the_change_against_the_previous_shown_pulse()
    {
        var current = Tally("deal-a", "r3", March, 6, 3.5);
        var history = new[]
        {
            Tally("deal-a", "r1", March.AddMonths(-12), 9, 2.0),
            Tally("deal-a", "r2", March.AddMonths(-6), 7, 3.0),
            Tally("deal-a", "r4", March.AddMonths(6), 7, 1.0), // later than current: ignored
            Tally("deal-b", "x", March.AddMonths(-1), 7, 5.0), // other deal: ignored
        };

        var trend = Build(current, history).Indicators.Single(i => i.Indicator.Id == Results).Trend;

        Assert.True(trend.IsShown);
        Assert.Equal("r2", trend.Value!.PreviousRoundId);
        Assert.Equal(3.0, trend.Value.PreviousMean);
        Assert.Equal(0.5, trend.Value.Delta, 10);
    }

    [Fact]
    public void The_first_round_is_the_baseline_and_later_rounds_show_their_change_against_it()
    {
        var history = new[]
        {
            Tally("deal-a", "r1", March.AddMonths(-12), 9, 2.0),
            Tally("deal-a", "r2", March.AddMonths(-6), 7, 3.0),
            Tally("deal-b", "x", March.AddMonths(-24), 7, 5.0), // other deal: not this deal's baseline
        };

        var results = Build(Tally("deal-a", "r3", March, 6, 3.5), history);
        var sinceBaseline = results.Indicators.Single(i => i.Indicator.Id == Results).SinceBaseline;
        Assert.Equal("r1", results.Baseline!.RoundId);
        Assert.Equal("r1", sinceBaseline.Value!.PreviousRoundId);
        Assert.Equal(1.5, sinceBaseline.Value.Delta, 10);

        var first = Build(Tally("deal-a", "r1", March.AddMonths(-12), 9, 2.0), history);
        Assert.Null(first.Baseline);
        Assert.Equal(PulseWithholdingReason.IsBaseline, first.Indicators[0].SinceBaseline.Withholding!.Reason);
    }

    [Fact]
    public void A_baseline_with_too_few_respondents_is_named_but_not_compared()
    {
        var results = Build(Tally("deal-a", "r3", March, 6, 3.0), [Tally("deal-a", "r1", March.AddMonths(-12), 4, 1.0), Tally("deal-a", "r2", March.AddMonths(-6), 8, 2.0)]);
        var sinceBaseline = results.Indicators[0].SinceBaseline;
        Assert.Equal("r1", results.Baseline!.RoundId);
        Assert.Equal(PulseWithholdingReason.BaselineTooFewRespondents, sinceBaseline.Withholding!.Reason);
        Assert.Equal((4, 5), (sinceBaseline.Withholding.Actual, sinceBaseline.Withholding.Required));
        Assert.Equal(1.0, results.Indicators[0].Trend.Value!.Delta, 10);
    }

    [Fact]
    public void Trend_skips_an_earlier_pulse_that_had_too_few_respondents()
    {
        var current = Tally("deal-a", "r3", March, 6, 3.0);
        var history = new[] { Tally("deal-a", "r1", March.AddMonths(-12), 9, 4.0), Tally("deal-a", "r2", March.AddMonths(-6), 3, 1.0) };

        var trend = Build(current, history).Indicators.Single(i => i.Indicator.Id == Results).Trend;

        Assert.Equal("r1", trend.Value!.PreviousRoundId);
        Assert.Equal(-1.0, trend.Value.Delta, 10);
    }

    [Fact]
    public void Trend_is_withheld_when_no_earlier_pulse_could_be_shown()
    {
        var current = Tally("deal-a", "r3", March, 6, 3.0);
        var trend = Build(current, [Tally("deal-a", "r2", March.AddMonths(-6), 4, 1.0)]).Indicators[0].Trend;
        Assert.Equal(PulseWithholdingReason.PreviousPulseTooFewRespondents, trend.Withholding!.Reason);
        Assert.Equal((4, 5), (trend.Withholding.Actual, trend.Withholding.Required));

        var none = Build(current).Indicators[0].Trend;
        Assert.Equal(PulseWithholdingReason.NoPreviousPulse, none.Withholding!.Reason);
    }

    [Theory]
    [InlineData(PulseViewerRole.Partner, 8, PulseWithholdingReason.DealmakersOnly)]
    [InlineData(PulseViewerRole.Dealmaker, 4, PulseWithholdingReason.TooFewRespondents)]
    public void Remarks_are_withheld_from_partners_and_below_the_threshold(PulseViewerRole viewer, int respondents, PulseWithholdingReason reason)
    {
        var results = Build(Tally("deal-a", "r1", March, respondents, 3, remarks: ["Top"]), viewer: viewer);
        Assert.False(results.Remarks.IsShown);
        Assert.Equal(reason, results.Remarks.Withholding!.Reason);
    }

    [Fact]
    public void Dealmakers_see_remarks_sorted_so_submission_order_is_not_revealed()
    {
        string[] submitted = ["zeker doorgaan", "Agenda eerder delen", "betere notulen", "Agenda eerder delen"];
        var a = Build(Tally("deal-a", "r1", March, 5, 3, remarks: submitted), viewer: PulseViewerRole.Dealmaker);
        var b = Build(Tally("deal-a", "r1", March, 5, 3, remarks: [.. submitted.Reverse()]), viewer: PulseViewerRole.Dealmaker);

        Assert.Equal(["Agenda eerder delen", "Agenda eerder delen", "betere notulen", "zeker doorgaan"], a.Remarks.Value);
        Assert.Equal(a.Remarks.Value, b.Remarks.Value);
    }

    [Fact]
    public void Choice_counts_follow_the_threshold()
    {
        var template = Template with
        {
            Questions = [.. Template.Questions, new ChoiceQuestion("focus", new("Focus", "Focus"), [new ChoiceOption("a", new("A", "A")), new ChoiceOption("b", new("B", "B"))], Required: false)],
        };
        var counts = new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 };
        var current = Tally("deal-a", "r1", March, 6, 3) with { Choices = new Dictionary<string, ChoiceTally> { ["focus"] = new("focus", 4, counts) } };

        var choice = Assert.Single(PulseResultsBuilder.Build(template, current, [], [], PulseViewerRole.Partner).Choices);
        Assert.False(choice.CountsByOption.IsShown);
        Assert.Equal(4, choice.CountsByOption.Withholding!.Actual);

        var enough = current with { Choices = new Dictionary<string, ChoiceTally> { ["focus"] = new("focus", 5, counts) } };
        Assert.Equal(3, PulseResultsBuilder.Build(template, enough, [], [], PulseViewerRole.Partner).Choices[0].CountsByOption.Value!["a"]);
    }

    [Theory]
    [InlineData(PulseWithholdingReason.TooFewRespondents, 4, 5, "4", "5")]
    [InlineData(PulseWithholdingReason.TooFewDeals, 2, 3, "2", "3")]
    [InlineData(PulseWithholdingReason.PreviousPulseTooFewRespondents, 3, 5, "3", "5")]
    [InlineData(PulseWithholdingReason.NoPreviousPulse, 0, 5, "", "")]
    [InlineData(PulseWithholdingReason.DealmakersOnly, 0, 0, "", "")]
    public void Every_withholding_explains_itself_in_dutch_and_english(PulseWithholdingReason reason, int actual, int required, string actualText, string requiredText)
    {
        var explanation = new PulseWithholding(reason, actual, required).Explanation;
        Assert.NotEqual(explanation.Nl, explanation.En);
        Assert.Contains(actualText, explanation.Nl, StringComparison.Ordinal);
        Assert.Contains(requiredText, explanation.En, StringComparison.Ordinal);
    }
}
