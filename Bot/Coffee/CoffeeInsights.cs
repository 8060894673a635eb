using System.Globalization;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;

namespace CityDealBot.Coffee;

/// <summary>
/// New contacts across deals in a period, for other parts of the bot (the progress report): coffee pairs in which a
/// person of this deal met someone of another deal. Counts and deal names only, never people's names.
/// </summary>
public sealed class CoffeeInsights(CoffeeStore store) : IDealInsightSource
{
    public DealInsightTopic Topic => DealInsightTopic.CrossDealContacts;

    public async Task<DealInsight?> DescribeAsync(DealRecord deal, DateTimeOffset since, DateTimeOffset until, Language language, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var dealName = deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;
        var dealOf = (await store.ActiveMembersAsync(ct)).ToDictionary(m => Storage.TableKey.Decode(m.RowKey), m => m.Deal, StringComparer.Ordinal);
        var from = DutchTime.AmsterdamTime.LocalDate(since);
        var to = DutchTime.AmsterdamTime.LocalDate(until);
        var meetings = 0;
        var otherDeals = new SortedSet<string>(StringComparer.CurrentCulture);
        foreach (var meeting in await store.HistoryAsync(to, ct))
        {
            if (meeting.Week < from || !dealOf.TryGetValue(meeting.PersonA, out var a) || !dealOf.TryGetValue(meeting.PersonB, out var b) || a == b)
            {
                continue;
            }

            if (a == dealName || b == dealName)
            {
                meetings++;
                otherDeals.Add(a == dealName ? b : a);
            }
        }

        return meetings == 0
            ? null
            : new DealInsight(Topic, texts["lifecycle.report.topic.crossdealcontacts"],
                [texts.Format("insight.coffee.meetings", meetings.ToString(CultureInfo.InvariantCulture), string.Join(", ", otherDeals))]);
    }
}
