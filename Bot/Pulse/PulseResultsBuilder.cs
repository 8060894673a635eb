using System.Globalization;

namespace CityDealBot.Pulse;

/// <summary>Turns tallies into what a viewer may see, applying the privacy thresholds.</summary>
public static class PulseResultsBuilder
{
    // Remarks are sorted, not kept in submission order, so their order cannot point to a respondent.
    private static readonly StringComparer RemarkOrder = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreCase);

    /// <param name="template">The template of <paramref name="current"/>.</param>
    /// <param name="current">The round to show.</param>
    /// <param name="dealHistory">Earlier rounds of the same deal (any order; rounds of other deals or later rounds are ignored).</param>
    /// <param name="allDeals">The comparable round per deal (e.g. each deal's latest of this template); the current deal's entry is replaced by <paramref name="current"/>.</param>
    /// <param name="viewer">Who looks.</param>
    /// <param name="privacy">Thresholds; defaults to 5 respondents and 3 deals.</param>
    /// <param name="earlierRoundsUsedOtherTemplate">
    /// The deal ran pulses with another template before this one: without an earlier round of the same template
    /// the trend then says the scores are not comparable, rather than that there was no earlier pulse.
    /// </param>
    /// <summary>
    /// The stored tallies that count in the figures across deals (the all-deals mean and spread): rounds held in a deal
    /// channel while the deal ran. Never the CoP or programme channel (<paramref name="nonDealChannelIds"/>), never a
    /// follow-up round after a deal ended. The one place this is decided; the cards and the dashboard both use it.
    /// </summary>
    public static IReadOnlyList<PulseRoundTally> AcrossDeals(IEnumerable<PulseRoundTally> stored, IReadOnlySet<string> nonDealChannelIds) =>
        [.. stored.Where(t => !t.IsFollowUp && !nonDealChannelIds.Contains(t.DealId))];

    public static PulseResults Build(
        PulseTemplate template,
        PulseRoundTally current,
        IReadOnlyList<PulseRoundTally> dealHistory,
        IReadOnlyList<PulseRoundTally> allDeals,
        PulseViewerRole viewer,
        PulsePrivacyOptions? privacy = null,
        bool earlierRoundsUsedOtherTemplate = false)
    {
        privacy ??= new PulsePrivacyOptions();
        privacy.EnsureValid();
        var threshold = privacy.MinimumRespondents;

        var roundWithholding = current.RespondentCount < threshold
            ? new PulseWithholding(PulseWithholdingReason.TooFewRespondents, current.RespondentCount, threshold)
            : null;

        var previousRounds = dealHistory
            .Where(r => r.DealId == current.DealId && r.RoundId != current.RoundId && r.ClosesAt < current.ClosesAt)
            .OrderByDescending(r => r.ClosesAt)
            .ToList();

        // The baseline (nulmeting) is the deal's first round of this template; stored tallies are per template.
        var baseline = previousRounds.Count == 0 ? null : previousRounds[^1];

        // A follow-up round is compared with the deals' rounds but never counted among them, not even on its own card.
        var comparableDeals = allDeals
            .Where(r => r.DealId != current.DealId && !r.IsFollowUp)
            .GroupBy(r => r.DealId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.ClosesAt)!)
            .Concat(current.IsFollowUp ? [] : [current])
            .ToList();

        var indicators = new List<IndicatorResult>(template.Indicators.Count);
        foreach (var indicator in template.Indicators)
        {
            var statements = template.StatementsOf(indicator.Id).ToList();
            var scaleMin = statements.Count > 0 ? statements[0].Min : 0;
            var scaleMax = statements.Count > 0 ? statements[0].Max : 0;
            current.Indicators.TryGetValue(indicator.Id, out var tally);
            var count = tally?.RespondentCount ?? 0;

            var released = roundWithholding is null && tally is not null && count >= threshold;
            var ownWithholding = roundWithholding ?? new PulseWithholding(PulseWithholdingReason.TooFewRespondents, count, threshold);

            var mean = released ? Disclosure.Shown<double>(tally!.Mean) : Disclosure.Withheld<double>(ownWithholding);
            var range = released ? Disclosure.Shown<ScoreRange>(new ScoreRange(tally!.Min, tally.Max)) : Disclosure.Withheld<ScoreRange>(ownWithholding);

            var (allDealsMean, allDealsSpread, contributing) = AllDeals(indicator.Id, comparableDeals, privacy);
            var trend = released ? Trend(indicator.Id, tally!, previousRounds, threshold, earlierRoundsUsedOtherTemplate) : Disclosure.Withheld<PulseTrend>(ownWithholding);

            var sinceBaseline = released ? SinceBaseline(indicator.Id, tally!, baseline, threshold) : Disclosure.Withheld<PulseTrend>(ownWithholding);
            indicators.Add(new IndicatorResult(indicator, scaleMin, scaleMax, count, mean, range, allDealsMean, contributing, trend, allDealsSpread) { SinceBaseline = sinceBaseline });
        }

        var choices = template.ChoiceQuestions.Select(question =>
        {
            var tally = current.Choices.GetValueOrDefault(question.Id);
            var count = tally?.RespondentCount ?? 0;
            var counts = roundWithholding is null && tally is not null && count >= threshold
                ? Disclosure.Shown<IReadOnlyDictionary<string, int>>(tally.CountsByOption)
                : Disclosure.Withheld<IReadOnlyDictionary<string, int>>(roundWithholding ?? new PulseWithholding(PulseWithholdingReason.TooFewRespondents, count, threshold));
            return new ChoiceResult(question, count, counts);
        }).ToList();

        Disclosure<IReadOnlyList<string>> remarks;
        if (viewer != PulseViewerRole.Dealmaker)
        {
            remarks = Disclosure.Withheld<IReadOnlyList<string>>(PulseWithholdingReason.DealmakersOnly, 0, 0);
        }
        else if (roundWithholding is not null)
        {
            remarks = Disclosure.Withheld<IReadOnlyList<string>>(roundWithholding);
        }
        else
        {
            var sorted = current.Remarks.Order(RemarkOrder).ThenBy(r => r, StringComparer.Ordinal).ToList();
            remarks = Disclosure.Shown<IReadOnlyList<string>>(sorted);
        }

        return new PulseResults(
            current.DealId, current.RoundId, template.Title, current.ClosesAt, current.RespondentCount, threshold, viewer,
            roundWithholding, indicators, choices, remarks)
        {
            Baseline = baseline is null ? null : new PulseBaseline(baseline.RoundId, baseline.ClosesAt),
        };
    }

    private static Disclosure<PulseTrend> SinceBaseline(string indicatorId, IndicatorTally current, PulseRoundTally? baseline, int threshold)
    {
        if (baseline is null)
        {
            return Disclosure.Withheld<PulseTrend>(PulseWithholdingReason.IsBaseline, 0, threshold);
        }

        var count = baseline.Indicators.TryGetValue(indicatorId, out var then) ? then.RespondentCount : 0;
        if (then is null || baseline.RespondentCount < threshold || count < threshold)
        {
            return Disclosure.Withheld<PulseTrend>(PulseWithholdingReason.BaselineTooFewRespondents, Math.Min(count, baseline.RespondentCount), threshold);
        }

        return Disclosure.Shown<PulseTrend>(new PulseTrend(baseline.RoundId, baseline.ClosesAt, then.Mean, current.Mean - then.Mean));
    }

    /// <summary>
    /// Mean of the deal means, and the average spread (mean of the deals' lowest and of their highest answers),
    /// each deal counting once whatever its size, over deals above the threshold.
    /// </summary>
    private static (Disclosure<double> Mean, Disclosure<ScoreRange> Spread, int Contributing) AllDeals(string indicatorId, List<PulseRoundTally> deals, PulsePrivacyOptions privacy)
    {
        double sum = 0;
        double minSum = 0;
        double maxSum = 0;
        var contributing = 0;
        foreach (var deal in deals)
        {
            if (deal.RespondentCount >= privacy.MinimumRespondents
                && deal.Indicators.TryGetValue(indicatorId, out var tally)
                && tally.RespondentCount >= privacy.MinimumRespondents)
            {
                sum += tally.Mean;
                minSum += tally.Min;
                maxSum += tally.Max;
                contributing++;
            }
        }

        if (contributing < privacy.MinimumDeals)
        {
            var withheld = new PulseWithholding(PulseWithholdingReason.TooFewDeals, contributing, privacy.MinimumDeals);
            return (Disclosure.Withheld<double>(withheld), Disclosure.Withheld<ScoreRange>(withheld), contributing);
        }

        return (Disclosure.Shown<double>(sum / contributing), Disclosure.Shown<ScoreRange>(new ScoreRange(minSum / contributing, maxSum / contributing)), contributing);
    }

    private static Disclosure<PulseTrend> Trend(string indicatorId, IndicatorTally current, List<PulseRoundTally> previousRounds, int threshold, bool earlierRoundsUsedOtherTemplate)
    {
        var withIndicator = previousRounds
            .Where(r => r.Indicators.ContainsKey(indicatorId))
            .ToList();
        if (withIndicator.Count == 0)
        {
            // Rounds of another template are never compared: their statements differ, so their scores do too.
            return Disclosure.Withheld<PulseTrend>(
                earlierRoundsUsedOtherTemplate ? PulseWithholdingReason.PreviousPulseOtherTemplate : PulseWithholdingReason.NoPreviousPulse, 0, threshold);
        }

        var previous = withIndicator.FirstOrDefault(r => r.RespondentCount >= threshold && r.Indicators[indicatorId].RespondentCount >= threshold);
        if (previous is null)
        {
            return Disclosure.Withheld<PulseTrend>(PulseWithholdingReason.PreviousPulseTooFewRespondents, withIndicator[0].Indicators[indicatorId].RespondentCount, threshold);
        }

        var previousMean = previous.Indicators[indicatorId].Mean;
        return Disclosure.Shown<PulseTrend>(new PulseTrend(previous.RoundId, previous.ClosesAt, previousMean, current.Mean - previousMean));
    }
}
