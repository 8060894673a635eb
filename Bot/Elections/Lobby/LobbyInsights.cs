using Azure.Data.Tables;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Storage;

namespace CityDealBot.Elections.Lobby;

/// <summary>
/// The deal's lobby moments for other parts of the bot: the moments its dealmakers marked done in the period, and the
/// next ones due in the half year after it (for the progress report and the newcomer's welcome).
/// </summary>
public sealed class LobbyInsights(LobbyStore store, LobbyDeals lobbyDeals, LobbyCalendarSource calendars, StorageTables tables) : IDealInsightSource
{
    public const int UpcomingMonths = 6;
    public const int MaxUpcoming = 5;

    public DealInsightTopic Topic => DealInsightTopic.Lobby;

    public async Task<DealInsight?> DescribeAsync(DealRecord deal, DateTimeOffset since, DateTimeOffset until, Language language, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var calendar = await calendars.GetAsync(ct);
        var lines = new List<string>();
        var progress = await tables.GetAsync(LobbyStore.ProgressTable, ct);
        await foreach (var done in progress.QueryAsync<LobbyProgressRecord>(p => p.PartitionKey == deal.PartitionKey && p.IsDone, cancellationToken: ct))
        {
            if (done.Timestamp is not { } at || at < since || at >= until)
            {
                continue;
            }

            var moment = calendar.Timeline.Moments.FirstOrDefault(m => m.Id == done.MomentKey.Split(':')[0]);
            var election = calendar.Calendar.Find(done.ElectionId);
            lines.Add(texts.Format("insight.lobby.done", moment?.Title.In(language) ?? done.MomentKey,
                election is null ? done.ElectionId : LobbyViews.ElectionName(election, language), LobbyViews.Date(AmsterdamTime.LocalDate(at), language)));
        }

        var (governments, postInChannel) = await store.GetSettingsAsync(deal.PartitionKey, ct);
        if (governments.Count > 0)
        {
            var lobbyDeal = await lobbyDeals.ToLobbyDealAsync(deal, governments, postInChannel, ct);
            var confirmations = await store.GetConfirmationsAsync(ct);
            foreach (var next in calendar.Upcoming(lobbyDeal, until, [.. confirmations], UpcomingMonths).OrderBy(o => o.DueDate).Take(MaxUpcoming))
            {
                lines.Add(texts.Format("insight.lobby.upcoming", LobbyViews.Date(next.DueDate, language), next.Moment.Title.In(language), LobbyViews.ElectionName(next.Election, language)));
            }
        }
        else
        {
            lines.Add(texts["insight.lobby.no_settings"]);
        }

        return new DealInsight(Topic, texts["lifecycle.report.topic.lobby"], lines);
    }
}
