namespace CityDealBot.Pulse;

/// <summary>Why an indicator is on the agenda of the follow-up conversation; an indicator can be there for both reasons.</summary>
public sealed record PulseGuideTopic(IndicatorResult Indicator, int LowestMeanRank, bool WidestRange);

/// <summary>
/// What the follow-up conversation ("verdiepend gesprek") should take up. Withheld lists the indicators that
/// could not be considered because too few people answered them: they are never named as lowest or widest.
/// </summary>
public sealed record PulseConversationGuide(IReadOnlyList<PulseGuideTopic> Topics, IReadOnlyList<IndicatorResult> Withheld);

/// <summary>
/// Picks the topics of the follow-up conversation after a pulse, as the midterm review used its self-assessment:
/// the two indicators with the lowest mean and the one with the widest lowest–highest range, each to be explored
/// with the review's "verdiepende elementen". Only indicators whose mean and range are shown take part.
/// </summary>
public static class PulseConversationGuideBuilder
{
    public const int LowestCount = 2;

    public static PulseConversationGuide Choose(PulseResults results)
    {
        if (!results.IsShown)
        {
            return new PulseConversationGuide([], []);
        }

        var shown = results.Indicators
            .Select((indicator, order) => (Indicator: indicator, Order: order))
            .Where(i => i.Indicator.DealMean.IsShown && i.Indicator.Range.IsShown)
            .ToList();
        var withheld = results.Indicators.Where(i => !i.DealMean.IsShown || !i.Range.IsShown).ToList();

        // Ties go to the indicator that comes first in the questionnaire, so the choice never depends on storage order.
        var lowest = shown
            .OrderBy(i => Math.Round(i.Indicator.DealMean.Value, 6))
            .ThenBy(i => i.Order)
            .Take(LowestCount)
            .ToList();
        var widest = shown
            .OrderByDescending(i => Math.Round(i.Indicator.Range.Value.Width, 6))
            .ThenBy(i => Math.Round(i.Indicator.DealMean.Value, 6))
            .ThenBy(i => i.Order)
            .FirstOrDefault();

        var topics = lowest
            .Select((l, rank) => new PulseGuideTopic(l.Indicator, rank + 1, widest.Indicator == l.Indicator))
            .ToList();
        if (widest.Indicator is not null && topics.All(t => t.Indicator != widest.Indicator))
        {
            topics.Add(new PulseGuideTopic(widest.Indicator, 0, WidestRange: true));
        }

        return new PulseConversationGuide(topics, withheld);
    }
}
