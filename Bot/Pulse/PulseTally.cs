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
    IReadOnlyList<string> Remarks)
{
    /// <summary>A follow-up round, held after the deal ended: compared with the deal's own rounds, never counted across deals.</summary>
    public bool IsFollowUp { get; init; }
}

/// <summary>
/// One indicator of one round, computed as the midterm review did ("per categorie geclusterd en gemiddeld"):
/// each statement's mean over the respondents who scored it, then the mean of those statement means, so every
/// statement weighs the same. Min and Max are the lowest and highest single answer to the indicator's
/// statements (the review's "minimale en maximale score ... als spreiding van de antwoorden").
/// RespondentCount is the number of respondents who scored at least one of its statements.
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

        var indicators = new Dictionary<string, IndicatorTally>(template.Indicators.Count, StringComparer.Ordinal);
        foreach (var indicator in template.Indicators)
        {
            var statements = template.StatementsOf(indicator.Id).ToArray();
            var statementSums = new double[statements.Length];
            var statementCounts = new int[statements.Length];
            var respondents = 0;
            var min = double.MaxValue;
            var max = double.MinValue;
            foreach (var answers in latest.Values)
            {
                var answered = false;
                for (var i = 0; i < statements.Length; i++)
                {
                    var question = statements[i];
                    if (answers.Scores.TryGetValue(question.Id, out var score) && score >= question.Min && score <= question.Max)
                    {
                        statementSums[i] += score;
                        statementCounts[i]++;
                        min = Math.Min(min, score);
                        max = Math.Max(max, score);
                        answered = true;
                    }
                }

                if (answered)
                {
                    respondents++;
                }
            }

            if (respondents > 0)
            {
                var meanOfStatementMeans = Enumerable.Range(0, statements.Length)
                    .Where(i => statementCounts[i] > 0)
                    .Average(i => statementSums[i] / statementCounts[i]);
                indicators[indicator.Id] = new IndicatorTally(indicator.Id, respondents, meanOfStatementMeans, min, max);
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
