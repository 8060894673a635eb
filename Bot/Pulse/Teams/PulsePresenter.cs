using CityDealBot.Operations;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using Microsoft.Extensions.Options;
using CityDealBot.DutchTime;

namespace CityDealBot.Pulse;

/// <summary>Turns stored pulses into the cards' view models: the form for one user, and results for a viewer.</summary>
public sealed class PulsePresenter(PulseStore store, Deals.DealDirectory directory, SignedLinks links, IOptions<PulsePrivacyOptions> privacy, TimeProvider time)
{
    public PulsePrivacyOptions Privacy => privacy.Value;

    /// <summary>The template a round ran with (rounds keep theirs when the default changes).</summary>
    public static PulseTemplate? FindTemplate(string templateId) => PulseTemplates.Find(templateId);

    /// <summary>An instant as Dutch wall-clock time, written out in the reader's language.</summary>
    public static string When(DateTimeOffset instant, Language language) =>
        AmsterdamTime.LocalDateTime(instant).ToString(language == Language.English ? "dddd d MMMM yyyy, HH:mm" : "dddd d MMMM yyyy 'om' HH:mm", language.Culture());

    public PulseCardView Form(Language language, PulseRoundRecord round, PulseTemplate template, PulseAnswerSet? answers, bool hasAnswered, string? confirmation = null, IReadOnlyList<string>? problems = null) =>
        FormView(language, round, template, answers, hasAnswered, round.ToRound().IsClosedAt(time.GetUtcNow()), Privacy.MinimumRespondents, confirmation, problems);

    /// <summary>The pulse form for one user: their own answers (if any) prefilled, or the closed notice.</summary>
    public static PulseCardView FormView(
        Language language, PulseRoundRecord round, PulseTemplate template, PulseAnswerSet? answers, bool hasAnswered, bool isClosed, int threshold,
        string? confirmation = null, IReadOnlyList<string>? problems = null)
    {
        var indicators = template.Indicators
            .Select(i => new PulseIndicatorView(i.Name.In(language), [.. template.StatementsOf(i.Id).Select(q => new PulseStatementView(
                q.Id, q.Text.In(language), q.Min, q.Max, q.MinLabel.In(language), q.MaxLabel.In(language), q.Required,
                answers is not null && answers.Scores.TryGetValue(q.Id, out var score) ? score : null))]))
            .Where(i => i.Statements.Count > 0)
            .ToList();
        var choices = template.ChoiceQuestions
            .Select(q => new PulseChoiceView(q.Id, q.Text.In(language), [.. q.Options.Select(o => new Cards.Adaptive.Choice(o.Label.In(language), o.Id))], q.Required,
                answers?.Choices.GetValueOrDefault(q.Id)))
            .ToList();
        var texts = Texts.For(language);
        return new PulseCardView(
            language,
            round.RowKey,
            round.IsFollowUp ? texts.Format("pulse.followup.title", round.DealName ?? string.Empty) : template.Title.In(language),
            When(round.ClosesAt, language),
            isClosed,
            threshold,
            indicators,
            choices,
            template.AllowsRemark,
            template.MaxRemarkLength,
            answers?.Remark,
            hasAnswered,
            confirmation,
            problems ?? [],
            string.IsNullOrEmpty(round.RefreshUserIds) ? null : round.RefreshUserIds.Split(','),
            template.Instruction?.In(language),
            template.Source,
            round.IsFollowUp ? round.PartitionKey : null,
            round.IsFollowUp ? texts.Format("pulse.followup.intro", round.DealName ?? string.Empty, EndedOn(round, language)) : null);
    }

    /// <summary>The day a follow-up round's deal ended, written out in the reader's language.</summary>
    public static string EndedOn(PulseRoundRecord round, Language language) =>
        DateOnly.TryParseExact(round.DealEndedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date.ToString("d MMMM yyyy", language.Culture())
            : string.Empty;

    /// <summary>
    /// The results of a follow-up round as sent personally: what the deal's people reported some years after the end,
    /// against the deal's baseline and its last round during the deal; remarks only in <paramref name="results"/> seen
    /// as a dealmaker (from the threshold, without names); no buttons, because they work in the deal's channel only.
    /// </summary>
    public PulseResultsCardView FollowUpResultsView(Language language, PulseRoundRecord round, PulseResults results)
    {
        var texts = Texts.For(language);
        var view = ResultsView(language, round, results);
        var previous = results.Indicators.Select(i => i.Trend).FirstOrDefault(t => t.IsShown).Value;
        var intro = texts.Format("pulse.followup.results.intro", round.DealName ?? string.Empty, EndedOn(round, language));
        if (previous is not null)
        {
            intro += " " + texts.Format("pulse.followup.results.previous", AmsterdamTime.LocalDateTime(previous.PreviousClosesAt).ToString("d MMMM yyyy", language.Culture()));
        }

        return view with
        {
            Title = texts.Format("pulse.followup.title", round.DealName ?? string.Empty),
            FollowUpIntro = intro,
            Remarks = results.Remarks.IsShown ? results.Remarks.Value : null,
            IsPersonal = true,
        };
    }

    /// <summary>What <paramref name="viewer"/> may see of a round now; the current round is tallied from its responses.</summary>
    public async Task<PulseResults> ResultsAsync(PulseRoundRecord round, PulseTemplate template, PulseViewerRole viewer, CancellationToken ct)
    {
        var tally = await TallyAsync(round, template, ct);
        var stored = await store.TalliesAsync(template.Id, ct);
        var history = stored.Where(t => t.DealId == round.DealChannelId).ToList();
        var acrossDeals = PulseResultsBuilder.AcrossDeals(stored, await directory.NonDealChannelIdsAsync(ct));
        var otherTemplateBefore = await store.RanOtherTemplateBeforeAsync(round.DealChannelId, template.Id, round.ClosesAt, ct);
        return PulseResultsBuilder.Build(template, tally, history, acrossDeals, viewer, Privacy, otherTemplateBefore);
    }

    public async Task<PulseRoundTally> TallyAsync(PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        var responses = await store.ResponsesAsync(round.RowKey, ct);
        return PulseTally.Summarize(template, round.DealChannelId, round.RowKey, round.ClosesAt, responses) with { IsFollowUp = round.IsFollowUp };
    }

    public PulseResultsCardView ResultsView(Language language, PulseRoundRecord round, PulseResults results) =>
        ResultsViewOf(language, round, results, round.ToRound().IsClosedAt(time.GetUtcNow()),
            PulseRadarChart.CanRender(results) ? links.Url(PulseLinks.ChartRoute, round.DealChannelId, round.RowKey, language.Code()) : null);

    /// <summary>The results card's content; <paramref name="chartUrl"/> is null when there is no chart to show.</summary>
    public static PulseResultsCardView ResultsViewOf(Language language, PulseRoundRecord round, PulseResults results, bool closed, string? chartUrl)
    {
        var texts = Texts.For(language);
        var notShown = texts["pulse.results.not_shown"];
        var notes = new List<string>();
        void Note(PulseWithholding? withholding)
        {
            if (withholding is not null && results.IsShown)
            {
                var text = withholding.Explanation.In(language);
                if (!notes.Contains(text))
                {
                    notes.Add(text);
                }
            }
        }

        var rows = results.Indicators.Select(i =>
        {
            Note(i.DealMean.Withholding);
            Note(i.AllDealsMean.Withholding);
            Note(i.Trend.Withholding);
            // That this round is the baseline is said once above the table, not as a note per indicator.
            Note(i.SinceBaseline.Withholding is { Reason: PulseWithholdingReason.IsBaseline } ? null : i.SinceBaseline.Withholding);
            return new PulseResultRowView(
                i.Indicator.Name.In(language),
                i.DealMean.IsShown ? PulseNumbers.Score(i.DealMean.Value, language) : notShown,
                i.Range.IsShown ? Range(i.Range.Value, language) : notShown,
                i.AllDealsMean.IsShown ? PulseNumbers.Score(i.AllDealsMean.Value, language) : notShown,
                i.AllDealsSpread.IsShown ? Range(i.AllDealsSpread.Value, language) : notShown,
                i.Trend.IsShown ? PulseNumbers.Delta(i.Trend.Value!.Delta, language) : notShown,
                i.SinceBaseline.IsShown ? PulseNumbers.Delta(i.SinceBaseline.Value!.Delta, language) : notShown);
        }).ToList();

        return new PulseResultsCardView(
            language,
            round.RowKey,
            results.Title.In(language),
            closed ? texts.Format("pulse.results.final", When(round.ClosesAt, language)) : texts.Format("pulse.results.interim", When(round.ClosesAt, language)),
            texts.Format("pulse.results.respondents", results.RespondentCount, results.RespondentThreshold),
            results.Withholding?.Explanation.In(language),
            rows,
            notes,
            chartUrl,
            chartUrl is null ? null : PulseChartDescription.Describe(results, language),
            PulseTemplates.Find(round.TemplateId)?.Source,
            BaselineLine(texts, results, language));
    }

    /// <summary>Names the round the change since the baseline is measured against, or says this round is the baseline.</summary>
    public static string BaselineLine(Texts texts, PulseResults results, Language language) =>
        results.Baseline is { } baseline
            ? texts.Format("pulse.results.baseline", AmsterdamTime.LocalDateTime(baseline.ClosesAt).ToString("d MMMM yyyy", language.Culture()))
            : texts["pulse.results.is_baseline"];

    private static string Range(ScoreRange range, Language language) =>
        $"{PulseNumbers.Score(range.Min, language)}–{PulseNumbers.Score(range.Max, language)}";

    /// <summary>
    /// The follow-up conversation guide for a dealmaker: the two lowest indicators and the widest range, each with
    /// the template's points to explore. Built from what a partner may see, so the thresholds apply unchanged.
    /// </summary>
    public static PulseGuideCardView GuideView(Language language, Deals.DealRecord deal, PulseRoundRecord round, PulseTemplate template, PulseResults results, string? confirmation = null)
    {
        var texts = Texts.For(language);
        var guide = PulseConversationGuideBuilder.Choose(results);
        var topics = guide.Topics.Select(topic =>
        {
            var indicator = topic.Indicator;
            var reasons = new List<string>();
            if (topic.LowestMeanRank > 0)
            {
                reasons.Add(texts["pulse.guide.lowest." + topic.LowestMeanRank.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            if (topic.WidestRange)
            {
                reasons.Add(reasons.Count == 0 ? texts["pulse.guide.widest"] : texts["pulse.guide.widest"].ToLower(language.Culture()));
            }

            var followUp = indicator.Indicator.FollowUp;
            return new PulseGuideTopicView(
                indicator.Indicator.Name.In(language),
                string.Join(texts["pulse.guide.and"], reasons),
                texts.Format("pulse.guide.numbers",
                    PulseNumbers.Score(indicator.DealMean.Value, language),
                    PulseNumbers.Score(indicator.Range.Value.Min, language),
                    PulseNumbers.Score(indicator.Range.Value.Max, language),
                    indicator.RespondentCount),
                (followUp?.Heading ?? indicator.Indicator.Name).In(language),
                followUp is null ? [] : [.. followUp.Elements.Select(e => e.In(language))]);
        }).ToList();

        string? note = null;
        if (results.IsShown && topics.Count == 0)
        {
            note = texts["pulse.guide.none"];
        }
        else if (results.IsShown && guide.Withheld.Count > 0)
        {
            note = texts.Format("pulse.guide.withheld", string.Join(", ", guide.Withheld.Select(i => i.Indicator.Name.In(language))));
        }

        return new PulseGuideCardView(
            language,
            deal.PartitionKey,
            round.RowKey,
            DealName(deal),
            results.Title.In(language),
            When(round.ClosesAt, language),
            texts.Format("pulse.results.respondents", results.RespondentCount, results.RespondentThreshold),
            results.Withholding?.Explanation.In(language),
            topics,
            note,
            template.Source ?? results.Title.In(language),
            confirmation);
    }

    /// <summary>The planning card's agenda for the follow-up conversation: the guide's indicators and their points.</summary>
    public static string GuideAgenda(PulseGuideCardView guide)
    {
        var texts = Texts.For(guide.Language);
        var lines = new List<string> { texts.Format("pulse.guide.agenda", guide.ClosedAt) };
        var number = 0;
        foreach (var topic in guide.Topics)
        {
            number++;
            var points = topic.Elements.Count == 0 ? string.Empty : ": " + string.Join("; ", topic.Elements);
            lines.Add($"{number}. {topic.Indicator} ({topic.Why.ToLower(guide.Language.Culture())}){points}");
        }

        return string.Join("\n", lines);
    }

    public static string DealName(Deals.DealRecord deal) => deal.TeamName ?? deal.ChannelName ?? string.Empty;
}
