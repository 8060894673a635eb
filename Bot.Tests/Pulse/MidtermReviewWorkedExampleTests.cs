using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

/// <summary>
/// The worked example of the scoring rule: respondents who score the three measurability statements 1, 3 and 5
/// give "Meetbaarheid van resultaat" the mean of the three statement means, 3.0; below the privacy threshold
/// only the reason for withholding shows.
/// </summary>
public class MidtermReviewWorkedExampleTests
{
    private const string ChannelId = "19:deal@thread.tacv2";
    private const string RoundId = "2520000000000000000-0a1b2c3d";
    private static readonly DateTimeOffset Closes = new(2026, 12, 4, 16, 0, 0, TimeSpan.Zero);

    private static PulseResults Results(int respondents)
    {
        var template = MidtermReviewTemplate.Template;
        var measurability = template.StatementsOf(MidtermReviewTemplate.Indicators.Measurability).Select(s => s.Id).ToArray();
        Assert.Equal(3, measurability.Length);
        var responses = Enumerable.Range(1, respondents)
            .Select(n => new PulseResponse("person-" + n, new PulseAnswerSet(
                new Dictionary<string, int> { [measurability[0]] = 1, [measurability[1]] = 3, [measurability[2]] = 5 },
                new Dictionary<string, string>())))
            .ToList();
        var tally = PulseTally.Summarize(template, ChannelId, RoundId, Closes, responses);
        return PulseResultsBuilder.Build(template, tally, [], [], PulseViewerRole.Partner);
    }

    private static string CardJson(PulseResults results, Language language)
    {
        var round = new PulseRoundRecord { PartitionKey = ChannelId, RowKey = RoundId, DealChannelId = ChannelId, TemplateId = MidtermReviewTemplate.TemplateId, ClosesAt = Closes };
        return PulseCards.Results(PulsePresenter.ResultsViewOf(language, round, results, closed: true, chartUrl: null)).ToJsonObject().ToJsonString();
    }

    [Fact]
    public void Six_respondents_scoring_1_3_and_5_give_measurability_3_0()
    {
        var results = Results(6);

        var measurability = results.Indicators.Single(i => i.Indicator.Name.Nl == "Meetbaarheid van resultaat");
        Assert.True(measurability.DealMean.IsShown);
        Assert.Equal(3.0, measurability.DealMean.Value, 10);
        Assert.Equal(new ScoreRange(1, 5), measurability.Range.Value);
        Assert.Equal(6, measurability.RespondentCount);
        // Nobody scored the other indicators: they are withheld on their own, with zero responses.
        Assert.All(results.Indicators.Where(i => i != measurability), i => Assert.Equal(0, i.DealMean.Withholding!.Actual));

        var card = CardJson(results, Language.Dutch);
        Assert.Contains("\"Meetbaarheid van resultaat\"", card, StringComparison.Ordinal);
        Assert.Contains("\"3,0\"", card, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Dutch, "Niet getoond: 4 reacties, er zijn er minstens 5 nodig om antwoorden anoniem te houden.")]
    [InlineData(Language.English, "Not shown: 4 responses; at least 5 are needed to keep answers anonymous.")]
    public void Four_respondents_show_only_the_reason_for_withholding(Language language, string reason)
    {
        var results = Results(4);

        Assert.False(results.IsShown);
        Assert.All(results.Indicators, i => Assert.False(i.DealMean.IsShown));
        var card = CardJson(results, language);
        Assert.Contains(reason, card, StringComparison.Ordinal);
        Assert.DoesNotContain("Meetbaarheid van resultaat", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Measurability of the result", card, StringComparison.Ordinal);
        Assert.DoesNotContain("3,0", card, StringComparison.Ordinal);
        Assert.DoesNotContain("3.0", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":\"Table\"", card, StringComparison.Ordinal);
    }
}
