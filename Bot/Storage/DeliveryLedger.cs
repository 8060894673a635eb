using Azure;
using Azure.Data.Tables;

namespace CityDealBot.Storage;

/// <summary>One planned delivery in the ledger: its state and who holds it.</summary>
public sealed class DeliveryRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string State { get; set; } = DeliveryStates.Claimed;

    public string Holder { get; set; } = string.Empty;

    public DateTimeOffset ClaimedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

public static class DeliveryStates
{
    public const string Claimed = "claimed";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Failed = "failed";

    /// <summary>Parked in the proactive outbox queue until the Connector recovers; no sweep claims it again.</summary>
    public const string Queued = "queued";
}

/// <summary>
/// Makes proactive deliveries happen once across bot instances and restarts. Each delivery has a
/// deterministic key; an instance claims it with an insert (409: another has it) before sending and marks it
/// sent after. A claim whose holder died (no "sent" within the lease) is taken over with an ETag-guarded
/// update, so a crash between claim and send delays a delivery but never loses it.
/// Table <c>Deliveries</c>: PartitionKey = the kind of delivery and month (spreads load, keeps a month's
/// deliveries one query), RowKey = the delivery key.
/// </summary>
public sealed class DeliveryLedger(StorageTables tables, TimeProvider time)
{
    public const string Table = "Deliveries";

    /// <summary>How long a claim protects a delivery that is being sent.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>After this many failed sends the delivery is given up and kept as failed.</summary>
    public const int MaxAttempts = 5;

    public async Task<DeliveryClaim?> TryClaimAsync(string partition, string key, string holder, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var now = time.GetUtcNow();
        var record = new DeliveryRecord
        {
            PartitionKey = TableKey.Encode(partition),
            RowKey = TableKey.Encode(key),
            Holder = holder,
            ClaimedAt = now,
            Attempts = 1,
        };
        try
        {
            var added = await table.AddEntityAsync(record, ct);
            record.ETag = added.Headers.ETag ?? default;
            return new DeliveryClaim(record);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await table.GetEntityAsync<DeliveryRecord>(record.PartitionKey, record.RowKey, cancellationToken: ct)).Value;
            var abandoned = existing.State == DeliveryStates.Claimed && now - existing.ClaimedAt > Lease;
            if (!abandoned || existing.Attempts >= MaxAttempts)
            {
                return null;
            }

            existing.Holder = holder;
            existing.ClaimedAt = now;
            existing.Attempts++;
            try
            {
                var updated = await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, ct);
                existing.ETag = updated.Headers.ETag ?? default;
                return new DeliveryClaim(existing);
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return null;
            }
        }
    }

    public Task MarkSentAsync(DeliveryClaim claim, CancellationToken ct) => FinishAsync(claim, DeliveryStates.Sent, null, ct);

    public Task MarkSkippedAsync(DeliveryClaim claim, string reason, CancellationToken ct) => FinishAsync(claim, DeliveryStates.Skipped, reason, ct);

    /// <summary>Releases a claim after a failed send so the next round tries again (until <see cref="MaxAttempts"/>).</summary>
    public async Task ReleaseAfterFailureAsync(DeliveryClaim claim, string error, CancellationToken ct)
    {
        var record = claim.Record;
        if (record.Attempts >= MaxAttempts)
        {
            await FinishAsync(claim, DeliveryStates.Failed, error, ct);
            return;
        }

        // Back-date the claim so the lease has run out and any instance may retry.
        record.ClaimedAt = time.GetUtcNow() - Lease - TimeSpan.FromSeconds(1);
        record.LastError = error.Length > 500 ? error[..500] : error;
        await ReplaceAsync(record, ct);
    }

    /// <summary>The delivery now waits in the outbox queue; the outbox finishes it with <see cref="FinishQueuedAsync"/>.</summary>
    public Task MarkQueuedAsync(DeliveryClaim claim, string error, CancellationToken ct) => FinishAsync(claim, DeliveryStates.Queued, error, ct);

    /// <summary>
    /// A queued delivery whose parked message was removed goes back to its sweep: claimed with a lapsed lease,
    /// so the next sweep builds and sends it again. Nothing happens when the entry is gone or already finished.
    /// </summary>
    public async Task ReleaseQueuedAsync(string partition, string key, string note, CancellationToken ct)
    {
        if (await FindAsync(partition, key, ct) is not { State: DeliveryStates.Queued } record)
        {
            return;
        }

        record.State = DeliveryStates.Claimed;
        record.ClaimedAt = time.GetUtcNow() - Lease - TimeSpan.FromSeconds(1);
        record.LastError = note;
        await ReplaceAsync(record, ct);
    }

    /// <summary>The state of one delivery, or null when it was never claimed.</summary>
    public async Task<DeliveryRecord?> FindAsync(string partition, string key, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var found = await table.GetEntityIfExistsAsync<DeliveryRecord>(TableKey.Encode(partition), TableKey.Encode(key), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Records how a queued delivery ended: sent, or failed for good (poison).</summary>
    public async Task FinishQueuedAsync(string partition, string key, string state, string? note, CancellationToken ct)
    {
        var record = await FindAsync(partition, key, ct) ?? new DeliveryRecord { PartitionKey = TableKey.Encode(partition), RowKey = TableKey.Encode(key) };
        await FinishAsync(new DeliveryClaim(record), state, note, ct);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string partition, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var records = new List<DeliveryRecord>();
        await foreach (var record in table.QueryAsync<DeliveryRecord>(r => r.PartitionKey == TableKey.Encode(partition), cancellationToken: ct))
        {
            records.Add(record);
        }

        return records;
    }

    private async Task FinishAsync(DeliveryClaim claim, string state, string? note, CancellationToken ct)
    {
        var record = claim.Record;
        record.State = state;
        record.SentAt = state == DeliveryStates.Sent ? time.GetUtcNow() : null;
        record.LastError = note;
        await ReplaceAsync(record, ct);
    }

    private async Task ReplaceAsync(DeliveryRecord record, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        // The holder owns the record while its lease runs; '*' keeps a slow send from failing its own bookkeeping.
        var response = await table.UpdateEntityAsync(record, ETag.All, TableUpdateMode.Replace, ct);
        record.ETag = response.Headers.ETag ?? default;
    }
}

/// <summary>A delivery this instance holds: send it, then mark it.</summary>
public sealed class DeliveryClaim(DeliveryRecord record)
{
    public DeliveryRecord Record { get; } = record;

    public bool IsRetry => Record.Attempts > 1;
}
