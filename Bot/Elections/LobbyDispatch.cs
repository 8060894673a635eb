using CityDealBot.DutchTime;
namespace CityDealBot.Elections;

/// <summary>One reminder to send: the host claims <see cref="Key"/> (insert-if-absent) before sending, so it goes out once.</summary>
public sealed record LobbyDelivery(string Key, LobbyOccurrence Occurrence, LobbyRecipient Recipient, DateTimeOffset DeliverAt, bool IsLate, TimeSpan Lateness);

/// <summary>
/// Deliveries of the same moment of the same election to one recipient of one deal, e.g. "re-engage" for each of
/// sixteen partner municipalities: one message listing <see cref="Governments"/>, each delivery still claimed by its own key.
/// </summary>
public sealed record LobbyDeliveryBundle(string DealId, LobbyRecipient Recipient, Election Election, LobbyMomentTemplate Moment, IReadOnlyList<LobbyDelivery> Deliveries)
{
    public IReadOnlyList<Government> Governments =>
        Deliveries.Select(d => d.Occurrence.Government).OfType<Government>().DistinctBy(g => g.Key).ToList();

    public bool IsLate => Deliveries.Any(d => d.IsLate);
}

/// <summary>The pure question a dispatcher asks on each tick: which deliveries are due at instant T?</summary>
public static class LobbyDispatch
{
    /// <summary>
    /// Deliveries due at <paramref name="instant"/> (on time or late within the policy). Already-sent ones are included again;
    /// the host filters them by claiming <see cref="LobbyDelivery.Key"/>.
    /// </summary>
    public static IReadOnlyList<LobbyDelivery> DueAt(
        DateTimeOffset instant,
        IEnumerable<LobbyDeal> deals,
        DealLobbyCalendar calendar,
        IReadOnlyCollection<LobbyEventConfirmation> confirmations,
        DeliveryPolicy policy)
    {
        var today = AmsterdamTime.LocalDate(instant);
        // A due date can be pushed past a run of holidays and weekend before its nominal instant, hence the margin.
        var earliest = today.AddDays(-(int)Math.Ceiling(policy.MaxLateness.TotalDays) - 7);
        var deliveries = new List<LobbyDelivery>();
        foreach (var deal in deals)
        {
            foreach (var occurrence in calendar.Occurrences(deal, earliest, today, confirmations))
            {
                var decision = DeliverySchedule.Decide(occurrence.DueDate, instant, policy);
                if (decision.State != DeliveryState.DueNow)
                {
                    continue;
                }
                foreach (var recipient in deal.Recipients)
                {
                    deliveries.Add(new LobbyDelivery(LobbyDeliveryKey.For(occurrence, recipient), occurrence, recipient, instant, decision.IsLate, decision.Lateness));
                }
            }
        }
        return deliveries;
    }

    /// <summary>Groups deliveries into one message per (deal, recipient, election, moment).</summary>
    public static IReadOnlyList<LobbyDeliveryBundle> Bundle(IEnumerable<LobbyDelivery> deliveries) =>
        deliveries
            .GroupBy(d => (d.Occurrence.DealId, d.Recipient.Id, ElectionId: d.Occurrence.Election.Id, MomentId: d.Occurrence.Moment.Id))
            .Select(g => new LobbyDeliveryBundle(g.Key.DealId, g.First().Recipient, g.First().Occurrence.Election, g.First().Occurrence.Moment, g.ToList()))
            .ToList();

    /// <summary>The next instant after <paramref name="after"/> at which something may become due, for a dispatcher that sleeps.</summary>
    public static DateTimeOffset? NextWakeUp(
        DateTimeOffset after,
        IEnumerable<LobbyDeal> deals,
        DealLobbyCalendar calendar,
        IReadOnlyCollection<LobbyEventConfirmation> confirmations,
        DeliveryPolicy policy,
        int horizonDays = 400)
    {
        var today = AmsterdamTime.LocalDate(after);
        DateTimeOffset? next = null;
        foreach (var deal in deals)
        {
            foreach (var occurrence in calendar.Occurrences(deal, today, today.AddDays(horizonDays), confirmations))
            {
                var nominal = DeliverySchedule.NominalInstant(occurrence.DueDate, policy.Window);
                if (nominal > after && (next is null || nominal < next))
                {
                    next = nominal;
                }
            }
        }
        return next;
    }
}
