using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

public class PulseTallyTests
{
    private static readonly PulseTemplate Template = MidtermReviewTemplate.Template;
    private static readonly DateTimeOffset Closes = new(2026, 3, 26, 11, 0, 0, TimeSpan.Zero);

    private static PulseResponse Response(string who, string? remark = null, params (string Question, int Score)[] scores) =>
        new(who, new PulseAnswerSet(scores.ToDictionary(s => s.Question, s => s.Score), new Dictionary<string, string>(), remark));

    [Fact]
    public void Indicator_score_is_the_mean_of_its_statement_means()
    {
        // Process design has two statements. Statement means over those who scored them: (4+5+1)/3 and (2+5)/2;
        // the indicator is their mean, 41/12. (The mean of respondents' own means would be (3+5+1)/3 = 3.)
        var tally = PulseTally.Summarize(Template, "deal", "round", Closes,
        [
            Response("a", null, ("process-design-1", 4), ("process-design-2", 2)),
            Response("b", null, ("process-design-1", 5), ("process-design-2", 5)),
            Response("c", null, ("process-design-1", 1)),
        ]);

        var design = tally.Indicators[MidtermReviewTemplate.Indicators.ProcessDesign];
        Assert.Equal(3, design.RespondentCount);
        Assert.Equal(41.0 / 12, design.Mean, 10);
        Assert.Equal(1.0, design.Min);
        Assert.Equal(5.0, design.Max);
        Assert.Equal(3, tally.RespondentCount);
        Assert.False(tally.Indicators.ContainsKey(MidtermReviewTemplate.Indicators.Results));
    }

    [Fact]
    public void The_range_is_the_lowest_and_highest_single_answer()
    {
        // Both respondents average 3 over the two statements, but their answers run from 2 to 4.
        var tally = PulseTally.Summarize(Template, "deal", "round", Closes,
        [
            Response("a", null, ("process-design-1", 4), ("process-design-2", 2)),
            Response("b", null, ("process-design-1", 2), ("process-design-2", 4)),
        ]);

        var design = tally.Indicators[MidtermReviewTemplate.Indicators.ProcessDesign];
        Assert.Equal((3.0, 2.0, 4.0), (design.Mean, design.Min, design.Max));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 5 }, 3.0, 1, 5)]
    [InlineData(new[] { 5, 5, 5, 5 }, 5.0, 5, 5)]
    [InlineData(new[] { 2, 3 }, 2.5, 2, 3)]
    [InlineData(new[] { 1, 1, 1, 2 }, 1.25, 1, 2)]
    [InlineData(new[] { 4 }, 4.0, 4, 4)]
    public void Single_statement_indicator_gives_plain_mean_min_and_max(int[] scores, double mean, double min, double max)
    {
        var responses = scores.Select((s, i) => Response($"r{i}", null, ("results-1", s))).ToList();
        var tally = PulseTally.Summarize(Template, "deal", "round", Closes, responses).Indicators[MidtermReviewTemplate.Indicators.Results];
        Assert.Equal(scores.Length, tally.RespondentCount);
        Assert.Equal(mean, tally.Mean, 10);
        Assert.Equal(min, tally.Min);
        Assert.Equal(max, tally.Max);
    }

    [Fact]
    public void A_resubmission_replaces_the_earlier_answers()
    {
        var tally = PulseTally.Summarize(Template, "deal", "round", Closes,
        [
            Response("a", "eerste", ("results-1", 5)),
            Response("b", null, ("results-1", 3)),
            Response("a", "tweede", ("results-1", 1)),
        ]);

        Assert.Equal(2, tally.RespondentCount);
        Assert.Equal(2.0, tally.Indicators[MidtermReviewTemplate.Indicators.Results].Mean, 10);
        Assert.Equal(["tweede"], tally.Remarks);
    }

    [Fact]
    public void Scores_outside_the_scale_are_ignored()
    {
        var tally = PulseTally.Summarize(Template, "deal", "round", Closes,
            [Response("a", null, ("results-1", 9)), Response("b", null, ("results-1", 4))]);
        var results = tally.Indicators[MidtermReviewTemplate.Indicators.Results];
        Assert.Equal((1, 4.0), (results.RespondentCount, results.Mean));
    }

    [Fact]
    public void Blank_remarks_are_dropped_and_others_trimmed()
    {
        var tally = PulseTally.Summarize(Template, "deal", "round", Closes,
            [Response("a", "  "), Response("b", " Meer tempo graag "), Response("c")]);
        Assert.Equal(["Meer tempo graag"], tally.Remarks);
    }

    [Fact]
    public void Choice_answers_are_counted_per_option()
    {
        var template = new PulseTemplate("t", new("T", "T"), [], [
            new ChoiceQuestion("pick", new("Kies", "Pick"), [new ChoiceOption("a", new("A", "A")), new ChoiceOption("b", new("B", "B")), new ChoiceOption("c", new("C", "C"))]),
        ]);
        PulseResponse Pick(string who, string option) => new(who, new PulseAnswerSet(new Dictionary<string, int>(), new Dictionary<string, string> { ["pick"] = option }));

        var tally = PulseTally.Summarize(template, "deal", "round", Closes, [Pick("1", "a"), Pick("2", "b"), Pick("3", "a"), Pick("4", "zz")]);

        var choice = tally.Choices["pick"];
        Assert.Equal(3, choice.RespondentCount);
        Assert.Equal(2, choice.CountsByOption["a"]);
        Assert.Equal(1, choice.CountsByOption["b"]);
        Assert.Equal(0, choice.CountsByOption["c"]);
    }
}
