using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using CityDealBot.Storage;

namespace CityDealBot.Deals;

/// <summary>
/// The person in the delivery machinery: ledger entries whose key holds their id are deleted (a parked message
/// whose entry is gone is dropped by the drain, see <see cref="ProactiveOutbox"/>); parked and poisoned messages
/// that address or name them are deleted, and a deleted channel message's entries are released, so its sweep
/// builds it again from data that no longer holds the person.
/// </summary>
public sealed class OutboxPersonalData(StorageTables tables, StorageQueues queues, DeliveryLedger ledger) : IPersonalDataSource
{
    /// <summary>How long messages are hidden from the drain while a privacy request reads the queue.</summary>
    private static readonly TimeSpan ReadLease = TimeSpan.FromSeconds(30);

    public IReadOnlyCollection<string> Stores { get; } = [DeliveryLedger.Table, ProactiveOutbox.OutboxQueue, ProactiveOutbox.PoisonQueue];

    /// <summary>
    /// Queue messages are peeked, so an export never delays or uses up a delivery attempt; a peek sees the first
    /// 32 waiting messages, and the outbox only fills while the Connector is down.
    /// </summary>
    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct)
    {
        var items = new List<PersonalDataItems> { PersonalDataRows.Items(DeliveryLedger.Table, await DeliveriesAsync(person, ct)) };
        foreach (var name in new[] { ProactiveOutbox.OutboxQueue, ProactiveOutbox.PoisonQueue })
        {
            var queue = await queues.GetAsync(name, ct);
            PeekedMessage[] waiting = (await queue.PeekMessagesAsync(maxMessages: 32, ct)).Value;
            items.Add(new PersonalDataItems(name, [.. waiting
                .Where(m => person.IsMentionedIn(Readable(m.MessageText)))
                .Select(m => new JsonObject { ["id"] = m.MessageId, ["insertedOn"] = m.InsertedOn, ["message"] = m.MessageText })]));
        }

        return items;
    }

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var deliveries = await PersonalDataRows.DeleteAsync(tables, DeliveryLedger.Table, await DeliveriesAsync(person, ct), ct);

        var released = new List<OutboxItem>();
        var parked = await ReadQueueAsync(ProactiveOutbox.OutboxQueue, message =>
        {
            if (!person.IsMentionedIn(Readable(message.MessageText)))
            {
                return false;
            }

            if (Item(message.MessageText) is { } item)
            {
                released.Add(item);
            }

            return true;
        }, ct);
        foreach (var entry in released.SelectMany(i => i.Ledger))
        {
            // Entries about the person were deleted above; the rest go back to their sweep.
            await ledger.ReleaseQueuedAsync(TableKey.Decode(entry.Partition), TableKey.Decode(entry.Key), "removed at a person's privacy request", ct);
        }

        var poisoned = await ReadQueueAsync(ProactiveOutbox.PoisonQueue, message => person.IsMentionedIn(Readable(message.MessageText)), ct);
        return [deliveries, new ForgetOutcome(ProactiveOutbox.OutboxQueue, parked, 0), new ForgetOutcome(ProactiveOutbox.PoisonQueue, poisoned, 0)];
    }

    /// <summary>Ledger keys hold person keys (reminders, coffee messages); no other column names a person.</summary>
    private async Task<List<TableEntity>> DeliveriesAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, DeliveryLedger.Table, null, ct))
            .Where(r => person.Ids.Any(id => TableKey.Decode(r.RowKey).Contains(id, StringComparison.Ordinal) || TableKey.Decode(r.PartitionKey).Contains(id, StringComparison.Ordinal)))];

    /// <summary>
    /// Reads every visible message once (hidden for a short lease meanwhile), deletes those <paramref name="remove"/>
    /// picks and makes the others visible again at once. Returns how many were deleted. Each read counts as one
    /// receive of a kept message (a forget is rare, the outbox allows several attempts). A message hidden for its
    /// retry back-off is not visible here; the drain drops it when its ledger entry or its person is gone.
    /// </summary>
    private async Task<int> ReadQueueAsync(string name, Func<QueueMessage, bool> remove, CancellationToken ct)
    {
        var queue = await queues.GetAsync(name, ct);
        var kept = new List<QueueMessage>();
        var removed = 0;
        while (true)
        {
            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: ReadLease, ct)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                if (remove(message))
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    removed++;
                }
                else
                {
                    kept.Add(message);
                }
            }
        }

        foreach (var message in kept)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
        }

        return removed;
    }

    private static OutboxItem? Item(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<OutboxItem>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The message with every JSON string unescaped (a poison note nests the parked message as a string).</summary>
    private static string Readable(string text)
    {
        var parts = new List<string> { text };
        Collect(text, parts, depth: 0);
        return string.Join('\n', parts);
    }

    private static void Collect(string text, List<string> parts, int depth)
    {
        JsonNode? node;
        try
        {
            node = depth < 3 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            node = null;
        }

        foreach (var value in node is null ? [] : Strings(node))
        {
            parts.Add(value);
            Collect(value, parts, depth + 1);
        }
    }

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray array => array.SelectMany(v => v is null ? [] : Strings(v)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
