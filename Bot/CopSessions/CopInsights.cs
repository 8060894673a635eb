using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Storage;

namespace CityDealBot.CopSessions;

/// <summary>
/// How the deal took part in the Community of Practice in a period, for other parts of the bot (the progress report):
/// per session that took place, how many of the deal's people said they would come. Counts only, no names.
/// </summary>
public sealed class CopInsights(CopSessionStore store, DealDirectory directory) : IDealInsightSource
{
    public DealInsightTopic Topic => DealInsightTopic.CommunityOfPractice;

    public async Task<DealInsight?> DescribeAsync(DealRecord deal, DateTimeOffset since, DateTimeOffset until, Language language, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var people = (await directory.ListMembersAsync(deal.ChannelId, ct)).Select(m => TableKey.Decode(m.RowKey)).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var session in (await store.UpcomingAsync(since, until, ct)).OrderBy(s => s.StartsAt))
        {
            var coming = (await store.AnswersAsync(session.RowKey, ct)).Count(a => a.Answer == "yes" && people.Contains(TableKey.Decode(a.RowKey)));
            lines.Add(texts.Format("insight.cop.session", AmsterdamTime.LocalDate(session.StartsAt).ToString("d MMMM yyyy", language.Culture()), session.Title, coming));
        }

        return lines.Count == 0 ? null : new DealInsight(Topic, texts["lifecycle.report.topic.communityofpractice"], lines);
    }
}
