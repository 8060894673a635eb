using CityDealBot.Cards.Localization;
using CityDealBot.Deals;

namespace CityDealBot.Pulse;

/// <summary>
/// The deal's pulse for other parts of the bot (the lifecycle's progress report, the newcomer's welcome): the latest
/// round that closed before the period's end, as a partner of the deal may see it (the privacy thresholds apply), with
/// the change per indicator since the previous round and since the baseline.
/// </summary>
public sealed class PulseInsights(PulseStore store, PulsePresenter presenter) : IDealInsightSource
{
    public DealInsightTopic Topic => DealInsightTopic.Pulse;

    public async Task<DealInsight?> DescribeAsync(DealRecord deal, DateTimeOffset since, DateTimeOffset until, Language language, CancellationToken ct)
    {
        var round = await store.LatestRoundAsync(deal.ChannelId, ct);
        if (round is null || PulsePresenter.FindTemplate(round.TemplateId) is not { } template)
        {
            return null;
        }

        var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct);
        var view = PulsePresenter.ResultsViewOf(language, round, results, round.ClosesAt <= until, chartUrl: null);
        var texts = Texts.For(language);
        var lines = new List<string> { $"{view.Title}: {view.Status}", view.Respondents };
        if (view.Withheld is { } withheld)
        {
            lines.Add(withheld);
        }
        else
        {
            lines.AddRange(view.Rows.Select(r => texts.Format("insight.pulse.row", r.Indicator, r.DealMean, r.Trend, r.SinceBaseline)));
            lines.AddRange(view.Notes);
        }

        if (view.Baseline is { Length: > 0 } baseline)
        {
            lines.Add(baseline);
        }

        return new DealInsight(Topic, texts["lifecycle.report.topic.pulse"], lines);
    }
}
