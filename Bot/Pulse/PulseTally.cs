namespace CityDealBot.Pulse;

/// <summary>One partner's submitted answers. RespondentKey is an opaque key (e.g. a hash), never shown.</summary>
public sealed record PulseResponse(string RespondentKey, PulseAnswerSet Answers);

/// <summary>
/// Unredacted aggregates of one closed or running round: what storage keeps for trends and the all-deals
/// mean. It holds no identities, but it is not yet privacy-checked: show it only through <see cref="PulseResultsBuilder"/>.
/// </summary>
public sealed record PulseRoundTally(
    string DealId,
    string RoundId,
    DateTimeOffset ClosesAt,
    int RespondentCount,
    IReadOnlyDictionary<string, IndicatorTally> Indicators,
    IReadOnlyDictionary<string, ChoiceTally> Choices,
    IReadOnlyList<string> Remarks);

/// <summary>
/// Statistics over respondents' indicator scores (a respondent's score is the mean of the statements of the
/// indicator they answered), so Min and Max are individual scores and the mean weighs every respondent once.
/// </summary>
public sealed record IndicatorTally(string IndicatorId, int RespondentCount, double Mean, double Min, double Max);

/// <summary>How many respondents picked each option of a choice question.</summary>
public sealed record ChoiceTally(string QuestionId, int RespondentCount, IReadOnlyDictionary<string, int> CountsByOption);

public static class PulseTally
{
    /// <summary>
    /// Aggregates the responses of one round. When a respondent submitted more than once, the last submission
    /// in the list counts. Answers that do not fit the template are skipped (they were refused at submission).
    /// </summary>
    public static PulseRoundTally Summarize(PulseTemplate template, string dealId, string roundId, DateTimeOffset closesAt, IReadOnlyList<PulseResponse> responses)
    {
        var latest = new Dictionary<string, PulseAnswerSet>(responses.Count, StringComparer.Ordinal);
        foreach (var response in responses)
        {
            latest[response.RespondentKey] = response.Answers;
        }

        // One pass over the responses: each scale statement adds to its indicator's per-respondent sum.
        var indicatorIds = template.Indicators.Select(i => i.Id).ToArray();
        var statements = template.ScaleQuestions
            .Select(q => (Question: q, Indicator: Array.IndexOf(indicatorIds, q.IndicatorId)))
            .Where(s => s.Indicator >= 0)
            .ToArray();
        var count = new int[indicatorIds.Length];
        var sum = new double[indicatorIds.Length];
        var min = Enumerable.Repeat(double.MaxValue, indicatorIds.Length).ToArray();
        var max = Enumerable.Repeat(double.MinValue, indicatorIds.Length).ToArray();
        var respondentSum = new double[indicatorIds.Length];
        var respondentAnswers = new int[indicatorIds.Length];

        foreach (var answers in latest.Values)
        {
            Array.Clear(respondentSum);
            Array.Clear(respondentAnswers);
            foreach (var (question, indicator) in statements)
            {
                if (answers.Scores.TryGetValue(question.Id, out var score) && score >= question.Min && score <= question.Max)
                {
                    respondentSum[indicator] += score;
                    respondentAnswers[indicator]++;
                }
            }

            for (var i = 0; i < indicatorIds.Length; i++)
            {
                if (respondentAnswers[i] == 0)
                {
                    continue;
                }

                var respondentScore = respondentSum[i] / respondentAnswers[i];
                count[i]++;
                sum[i] += respondentScore;
                min[i] = Math.Min(min[i], respondentScore);
                max[i] = Math.Max(max[i], respondentScore);
            }
        }

        var indicators = new Dictionary<string, IndicatorTally>(indicatorIds.Length, StringComparer.Ordinal);
        for (var i = 0; i < indicatorIds.Length; i++)
        {
            if (count[i] > 0)
            {
                indicators[indicatorIds[i]] = new IndicatorTally(indicatorIds[i], count[i], sum[i] / count[i], min[i], max[i]);
            }
        }

        var choices = new Dictionary<string, ChoiceTally>(StringComparer.Ordinal);
        foreach (var question in template.ChoiceQuestions)
        {
            var counts = question.Options.ToDictionary(o => o.Id, _ => 0, StringComparer.Ordinal);
            var respondents = 0;
            foreach (var answers in latest.Values)
            {
                if (answers.Choices.TryGetValue(question.Id, out var optionId) && counts.TryGetValue(optionId, out var current))
                {
                    counts[optionId] = current + 1;
                    respondents++;
                }
            }

            choices[question.Id] = new ChoiceTally(question.Id, respondents, counts);
        }

        var remarks = latest.Values
            .Select(a => a.Remark?.Trim())
            .Where(r => !string.IsNullOrEmpty(r))
            .Select(r => r!)
            .ToList();

        return new PulseRoundTally(dealId, roundId, closesAt, latest.Count, indicators, choices, remarks);
    }
}
