using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues.Models;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Connector;
using CityDealBot.Dispatch;
using CityDealBot.Storage;
using Microsoft.Extensions.Options;

namespace CityDealBot.Deals;

/// <summary>Section <c>Outbox</c>: proactive messages that the Connector keeps refusing.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Attempts from the outbox before a message goes to the poison queue.</summary>
    public int MaxDequeues { get; set; } = 5;

    /// <summary>How long a message stays hidden after a failed attempt; doubled per attempt (30 s, 1, 2, 4, 8 min).</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a message is hidden from other instances while one sends it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the outbox is drained; zero switches the background drain off (tests drive it).</summary>
    public TimeSpan DrainEvery { get; set; } = TimeSpan.FromSeconds(30);
}

public enum DeliveryOutcome
{
    Sent,

    /// <summary>The Connector kept failing; the message waits in the outbox and is sent when it recovers.</summary>
    Queued,

    /// <summary>Not sent and not queued (a permanent refusal, or storage down too); the ledger retries it later.</summary>
    Released,
}

/// <summary>A ledger entry as stored (encoded partition and row key).</summary>
public sealed record LedgerEntryKey(string Partition, string Key);

/// <summary>Where a parked message goes: a person's 1:1 chat (tenant and person key) or a deal's channel.</summary>
public sealed record OutboxTarget(string? TenantId, string? PersonKey, string? ChannelId, string? Locale)
{
    public static OutboxTarget Person(string tenantId, string personKey, string? locale) => new(tenantId, personKey, null, locale);

    public static OutboxTarget Channel(DealRecord deal) => new(null, null, deal.ChannelId, deal.Language);
}

/// <summary>One parked message: the ledger entries it finishes, where it goes, and the activity itself.</summary>
public sealed record OutboxItem(IReadOnlyList<LedgerEntryKey> Ledger, OutboxTarget Target, JsonObject Activity);

/// <summary>
/// Sends proactive messages and parks those that still fail after the Connector client's own retries (429 with
/// Retry-After, 502/503/504, timeouts) in an Azure Storage Queue. The drain sends them once the Connector
/// recovers; after <see cref="OutboxOptions.MaxDequeues"/> attempts a message moves to the poison queue. The
/// delivery ledger stays the record of truth: a message is sent only while its entry is "queued", and the entry
/// becomes "sent" or "failed", so two instances draining one queue never send twice.
/// </summary>
public sealed class ProactiveOutbox(
    StorageQueues queues,
    DeliveryLedger ledger,
    PersonalMessages messages,
    DealDirectory directory,
    ProactiveDispatcher dispatcher,
    IOptions<OutboxOptions> options,
    ILogger<ProactiveOutbox> logger) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => DrainOnceAsync(ct);

    public const string OutboxQueue = "proactive-outbox";
    public const string PoisonQueue = "proactive-poison";

    public Task<DeliveryOutcome> DeliverToPersonAsync(DeliveryClaim claim, PersonRecord person, AdaptiveCard card, CancellationToken ct) =>
        DeliverAsync(claim, () => messages.SendAsync(person, card, ct),
            OutboxTarget.Person(TableKey.Decode(person.PartitionKey), TableKey.Decode(person.RowKey), person.Locale), card, ct);

    public Task<DeliveryOutcome> DeliverInChannelAsync(DeliveryClaim claim, DealRecord deal, AdaptiveCard card, CancellationToken ct) =>
        DeliverAsync(claim, () => messages.PostInChannelAsync(deal, card, ct), OutboxTarget.Channel(deal), card, ct);

    /// <summary>
    /// Parks a card whose send failed transiently: queued with its ledger entries marked "queued", or, when the
    /// queue is unreachable too, the entries released for a later sweep. Never silent.
    /// </summary>
    public async Task<DeliveryOutcome> ParkAsync(IReadOnlyList<DeliveryClaim> claims, OutboxTarget target, AdaptiveCard card, Exception failure, CancellationToken ct)
    {
        var item = new OutboxItem(
            [.. claims.Select(c => new LedgerEntryKey(c.Record.PartitionKey, c.Record.RowKey))],
            target,
            JsonSerializer.SerializeToNode(PersonalMessages.Message(card, target.Locale), ConnectorJson.Options)!.AsObject());
        try
        {
            var outbox = await queues.GetAsync(OutboxQueue, ct);
            await outbox.SendMessageAsync(JsonSerializer.Serialize(item), visibilityTimeout: options.Value.FirstBackoff, cancellationToken: ct);
        }
        catch (Exception queueFailure) when (StorageFailure.Is(queueFailure) || queueFailure is HttpRequestException)
        {
            logger.LogError(queueFailure, "A failed delivery could not be parked in the outbox; the ledger retries it");
            foreach (var claim in claims)
            {
                await ledger.ReleaseAfterFailureAsync(claim, failure.Message, ct);
            }

            return DeliveryOutcome.Released;
        }

        foreach (var claim in claims)
        {
            await ledger.MarkQueuedAsync(claim, failure.Message, ct);
        }

        BotTelemetry.ProactiveQueued.Add(1);
        logger.LogWarning("A delivery was parked in the outbox: {Reason}", failure.Message);
        return DeliveryOutcome.Queued;
    }

    /// <summary>Worth waiting for: throttling, server errors, network failures and timeouts (not our own shutdown).</summary>
    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        ConnectorException c => c.Status == HttpStatusCode.TooManyRequests || (int)c.Status >= 500,
        HttpRequestException => true,
        TaskCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };

    /// <summary>One pass over the visible outbox messages; returns how many were sent.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var outbox = await queues.GetAsync(OutboxQueue, ct);
        var settings = options.Value;
        var sent = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            QueueMessage[] batch = (await outbox.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: settings.Lease, ct)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            var again = false;
            // The batch is sent side by side through the dispatcher, within Teams' limits like every fan-out.
            await dispatcher.ForEachAsync(batch, async (message, token) =>
            {
                bool first;
                lock (seen)
                {
                    first = seen.Add(message.MessageId);
                }

                if (!first)
                {
                    // A message that failed earlier in this pass is back already: leave it for the next pass.
                    await outbox.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.FirstBackoff, cancellationToken: token);
                    again = true;
                }
                else if (await DrainAsync(outbox, message, settings, token))
                {
                    Interlocked.Increment(ref sent);
                }
            }, ct);

            if (again)
            {
                break;
            }
        }

        return sent;
    }

    private async Task<DeliveryOutcome> DeliverAsync(DeliveryClaim claim, Func<Task<ResourceResponse>> send, OutboxTarget target, AdaptiveCard card, CancellationToken ct)
    {
        try
        {
            await send();
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            return await ParkAsync([claim], target, card, e, ct);
        }
        catch (Exception e) when (e is ConnectorException or InvalidOperationException)
        {
            await ledger.ReleaseAfterFailureAsync(claim, e.Message, ct);
            return DeliveryOutcome.Released;
        }

        await ledger.MarkSentAsync(claim, ct);
        return DeliveryOutcome.Sent;
    }

    private async Task<bool> DrainAsync(Azure.Storage.Queues.QueueClient outbox, QueueMessage message, OutboxOptions settings, CancellationToken ct)
    {
        OutboxItem? item;
        try
        {
            item = JsonSerializer.Deserialize<OutboxItem>(message.MessageText);
        }
        catch (JsonException)
        {
            item = null;
        }

        if (item is null)
        {
            await PoisonAsync(outbox, message, "unreadable message", null, ct);
            return false;
        }

        var entries = new List<DeliveryRecord?>();
        foreach (var entry in item.Ledger)
        {
            entries.Add(await ledger.FindAsync(TableKey.Decode(entry.Partition), TableKey.Decode(entry.Key), ct));
        }

        if (entries.Count == 0 || entries.Any(e => e is null || e.State != DeliveryStates.Queued))
        {
            // Already sent (an instance died between sending and deleting), given up, or its entry was deleted
            // because the person it concerns asked to be forgotten: nothing to do.
            await outbox.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            return false;
        }

        if (item.Target.ChannelId is null
            && await directory.FindPersonAsync(item.Target.TenantId ?? string.Empty, item.Target.PersonKey ?? string.Empty, ct) is null)
        {
            // The person was forgotten meanwhile: the message goes, it is not kept in the poison queue.
            await FinishAsync(item, DeliveryStates.Skipped, "the person is no longer known", ct);
            await outbox.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            return false;
        }

        try
        {
            await SendAsync(item, ct);
        }
        catch (Exception e) when (IsTransient(e, ct) || e is ConnectorException or InvalidOperationException)
        {
            if (message.DequeueCount >= settings.MaxDequeues)
            {
                await PoisonAsync(outbox, message, e.Message, item, ct);
                return false;
            }

            var backoff = settings.FirstBackoff * Math.Pow(2, message.DequeueCount - 1);
            await outbox.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: backoff, cancellationToken: ct);
            return false;
        }

        await FinishAsync(item, DeliveryStates.Sent, null, ct);
        await outbox.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        return true;
    }

    private async Task SendAsync(OutboxItem item, CancellationToken ct)
    {
        var activity = item.Activity.Deserialize<Activity>(ConnectorJson.Options)
            ?? throw new InvalidOperationException("The parked activity is empty.");
        if (item.Target.ChannelId is { } channelId)
        {
            var deal = await directory.FindDealAsync(channelId, ct) ?? throw new InvalidOperationException("The deal of a parked message is gone.");
            await messages.PostInChannelAsync(deal, activity, ct);
            return;
        }

        var person = await directory.FindPersonAsync(item.Target.TenantId ?? string.Empty, item.Target.PersonKey ?? string.Empty, ct)
            ?? throw new InvalidOperationException("The person of a parked message is gone.");
        await messages.SendAsync(person, activity, ct);
    }

    private async Task PoisonAsync(Azure.Storage.Queues.QueueClient outbox, QueueMessage message, string error, OutboxItem? item, CancellationToken ct)
    {
        var poison = await queues.GetAsync(PoisonQueue, ct);
        var note = new JsonObject { ["error"] = error.Length > 500 ? error[..500] : error, ["attempts"] = message.DequeueCount, ["message"] = message.MessageText };
        await poison.SendMessageAsync(note.ToJsonString(), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: ct);
        if (item is not null)
        {
            await FinishAsync(item, DeliveryStates.Failed, error, ct);
        }

        await outbox.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        BotTelemetry.ProactivePoisoned.Add(1);
        // Ids only: the activity may hold a person's name.
        logger.LogError("Outbox message {MessageId} moved to the poison queue after {Attempts} attempts", message.MessageId, message.DequeueCount);
    }

    private async Task FinishAsync(OutboxItem item, string state, string? note, CancellationToken ct)
    {
        foreach (var entry in item.Ledger)
        {
            await ledger.FinishQueuedAsync(TableKey.Decode(entry.Partition), TableKey.Decode(entry.Key), state, note, ct);
        }
    }
}
