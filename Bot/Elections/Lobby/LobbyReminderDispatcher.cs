using System.Collections.Concurrent;
using Azure;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Dispatch;
using CityDealBot.Storage;
using CityDealBot.DutchTime;

namespace CityDealBot.Elections.Lobby;

/// <summary>Delivers one reminder card to one recipient of a deal.</summary>
public interface ILobbyReminderSender
{
    Task SendAsync(DealRecord deal, LobbyRecipient recipient, Cards.Adaptive.AdaptiveCard card, CancellationToken ct);
}

/// <summary>Dealmakers get the card in their 1:1 chat; the "channel" recipient gets a post in the deal's channel.</summary>
public sealed class TeamsLobbyReminderSender(DealDirectory directory, PersonalMessages messages) : ILobbyReminderSender
{
    public async Task SendAsync(DealRecord deal, LobbyRecipient recipient, Cards.Adaptive.AdaptiveCard card, CancellationToken ct)
    {
        if (recipient.Id == LobbyRecipients.Channel)
        {
            await messages.PostInChannelAsync(deal, card, ct);
            return;
        }

        if (!LobbyRecipients.TryParsePerson(recipient.Id, out var tenantId, out var personKey)
            || await directory.FindPersonAsync(tenantId, personKey, ct) is not { ServiceUrl: not null } person)
        {
            throw new RecipientUnreachableException(recipient.Id);
        }

        await messages.SendAsync(person, card, ct);
    }
}

/// <summary>The bot has never talked with this person, so it has no address for a 1:1 message.</summary>
public sealed class RecipientUnreachableException(string recipientId) : Exception($"No address for {recipientId}.");

/// <summary>
/// One dispatcher tick: asks the pure lobby calendar what is due now, claims each delivery key in the
/// <see cref="DeliveryLedger"/> (so two instances or a restart never send twice), sends one card per deal,
/// recipient and moment, and marks the keys sent. Snoozed moments come back when their snooze ends.
/// </summary>
public sealed class LobbyReminderDispatcher(
    LobbyDeals lobbyDeals,
    LobbyStore store,
    LobbyCalendarSource calendars,
    DeliveryLedger ledger,
    ILobbyReminderSender sender,
    ProactiveOutbox outbox,
    ProactiveDispatcher dispatcher,
    TimeProvider time,
    ILogger<LobbyReminderDispatcher> logger) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    private readonly ConcurrentDictionary<string, bool> _finished = new(StringComparer.Ordinal);

    public string InstanceId { get; } = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    public static string Partition(LobbyOccurrence occurrence) => $"lobby|{occurrence.DueDate:yyyy-MM}";

    /// <summary>Sends what is due; returns the number of cards sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var deals = await lobbyDeals.LoadActiveAsync(ct);
        if (deals.Count == 0)
        {
            return 0;
        }

        var calendar = await calendars.GetAsync(ct);
        var confirmations = await store.GetConfirmationsAsync(ct);
        var dealsById = deals.ToDictionary(d => d.Lobby.DealId, d => d, StringComparer.Ordinal);
        var due = LobbyDispatch.DueAt(now, deals.Select(d => d.Lobby), calendar, [.. confirmations], DeliveryPolicy.Default);
        var sent = 0;
        // Bundles go out side by side through the dispatcher; each one's keys are claimed before its card is sent.
        await dispatcher.ForEachAsync(LobbyDispatch.Bundle(due), async (bundle, ct) =>
        {
            var claims = new List<(LobbyDelivery Delivery, DeliveryClaim Claim)>();
            foreach (var delivery in bundle.Deliveries.Where(d => !_finished.ContainsKey(d.Key)).OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                var claim = await ledger.TryClaimAsync(Partition(delivery.Occurrence), delivery.Key, InstanceId, ct);
                if (claim is not null)
                {
                    claims.Add((delivery, claim));
                }
                else if (claims.Count == 0
                    && (await ledger.FindAsync(Partition(delivery.Occurrence), delivery.Key, ct))?.State == DeliveryStates.Claimed)
                {
                    // Another instance is sending this bundle right now (both claim its keys in the same order):
                    // taking its later keys would send a second card for the same moment.
                    return;
                }
            }

            if (claims.Count == 0)
            {
                return;
            }

            var (deal, lobbyDeal) = dealsById[bundle.DealId];
            var language = Languages.FromLocale(bundle.Recipient.Language);
            var occurrence = claims[0].Delivery.Occurrence;
            var governments = claims.SelectMany(c => c.Delivery.Occurrence.Governments).DistinctBy(g => g.Key).ToList();
            var progress = await store.GetProgressAsync(bundle.DealId, occurrence.Election.Id, occurrence.MomentKey, ct);
            var card = LobbyCards.Reminder(LobbyViews.Reminder(language, lobbyDeal.Name, occurrence, governments, progress,
                claims.Any(c => c.Delivery.IsLate), AmsterdamTime.LocalDate(now)));
            if (await SendAndRecordAsync(deal, bundle.Recipient, card, claims.Select(c => c.Claim).ToList(), ct))
            {
                Interlocked.Increment(ref sent);
                claims.ForEach(c => _finished[c.Delivery.Key] = true);
            }
        }, ct);

        sent += await ResendSnoozedAsync(now, dealsById, calendar, confirmations, ct);
        return sent;
    }

    private async Task<int> ResendSnoozedAsync(
        DateTimeOffset now,
        Dictionary<string, (DealRecord Deal, LobbyDeal Lobby)> dealsById,
        DealLobbyCalendar calendar,
        IReadOnlyList<LobbyEventConfirmation> confirmations,
        CancellationToken ct)
    {
        var decision = DeliverySchedule.Decide(AmsterdamTime.LocalDate(now), now, DeliveryPolicy.Default);
        if (decision.State != DeliveryState.DueNow)
        {
            return 0;
        }

        var sent = 0;
        foreach (var progress in await store.SnoozedUntilAsync(now, ct))
        {
            if (!dealsById.TryGetValue(progress.PartitionKey, out var entry))
            {
                continue;
            }

            var today = AmsterdamTime.LocalDate(now);
            var occurrence = calendar.Occurrences(entry.Lobby, today.AddYears(-2), today.AddYears(3), [.. confirmations])
                .FirstOrDefault(o => o.Election.Id == progress.ElectionId && o.MomentKey == progress.MomentKey);
            if (occurrence is null)
            {
                continue;
            }

            await dispatcher.ForEachAsync(entry.Lobby.Recipients, async (recipient, ct) =>
            {
                var key = LobbyDeliveryKey.For(occurrence, recipient) + "~snooze~" + progress.SnoozedUntil!.Value.UtcTicks;
                var claim = _finished.ContainsKey(key) ? null : await ledger.TryClaimAsync(Partition(occurrence), key, InstanceId, ct);
                if (claim is null)
                {
                    return;
                }

                var card = LobbyCards.Reminder(LobbyViews.Reminder(Languages.FromLocale(recipient.Language), entry.Lobby.Name, occurrence,
                    occurrence.Governments, progress, isLate: false, today));
                if (await SendAndRecordAsync(entry.Deal, recipient, card, [claim], ct))
                {
                    Interlocked.Increment(ref sent);
                    _finished[key] = true;
                }
            }, ct);
        }

        return sent;
    }

    private async Task<bool> SendAndRecordAsync(DealRecord deal, LobbyRecipient recipient, Cards.Adaptive.AdaptiveCard card, IReadOnlyList<DeliveryClaim> claims, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(deal, recipient, card, ct);
        }
        catch (RecipientUnreachableException e)
        {
            logger.LogWarning("Lobby reminder skipped: {Reason}", e.Message);
            foreach (var claim in claims)
            {
                await ledger.MarkSkippedAsync(claim, e.Message, ct);
            }

            return false;
        }
        catch (Exception e) when (ProactiveOutbox.IsTransient(e, ct))
        {
            // The Connector keeps failing: the outbox sends the card when it recovers.
            var target = LobbyRecipients.TryParsePerson(recipient.Id, out var tenantId, out var personKey)
                ? OutboxTarget.Person(tenantId, personKey, recipient.Language)
                : OutboxTarget.Channel(deal);
            await outbox.ParkAsync(claims, target, card, e, ct);
            return false;
        }
        catch (Exception e) when (e is ConnectorException or RequestFailedException)
        {
            logger.LogWarning(e, "Lobby reminder failed; it will be retried");
            foreach (var claim in claims)
            {
                await ledger.ReleaseAfterFailureAsync(claim, e.Message, ct);
            }

            return false;
        }

        foreach (var claim in claims)
        {
            await ledger.MarkSentAsync(claim, ct);
        }

        return true;
    }
}
