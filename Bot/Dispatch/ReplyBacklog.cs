using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Connector;
using CityDealBot.Storage;

namespace CityDealBot.Dispatch;

/// <summary>
/// The durable reply backlog (<see cref="IReplyBacklog"/>) in table <c>ReplyBacklog</c>. Each instance writes the
/// replies it cannot keep in memory to a backlog of its own per tenant: PartitionKey = the tenant's key and the
/// backlog's id, RowKey = the reply's sequence and origin, so a partition read in key order gives the replies in the
/// order they were handed in. A directory (partition <see cref="DirectoryPartition"/>, one row per backlog) says who
/// holds each backlog and until when: the holder renews its hold every <see cref="Renew"/>, a stopping instance lets
/// go at once, and any instance adopts a backlog whose hold has lapsed (ETag-guarded, so one adopter wins). A reply
/// is claimed by deleting its row (ETag-guarded) as it moves into memory, so no two instances send it.
/// The liveness is the backlog's own hold rather than the tenant budget's registry (<see cref="SharedTenantBudget"/>):
/// that one lists an instance only while it sends to a tenant and deletes its row when it goes idle, while a hold
/// says exactly that its instance still works on this backlog.
/// </summary>
public sealed class ReplyBacklog(StorageTables tables, ILogger<ReplyBacklog> logger) : IReplyBacklog
{
    // Holds are judged on the wall clock shared with the other instances, never the bot's adjustable business clock.
    private static readonly TimeProvider Clock = TimeProvider.System;

    public const string Table = "ReplyBacklog";

    /// <summary>The directory's partition; backlog partitions always hold a '|', so they never meet it.</summary>
    public const string DirectoryPartition = "backlogs";

    /// <summary>A hold not renewed for this long lapses, and another instance adopts the backlog.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);

    /// <summary>How often the holder renews; replies are written only while the hold has at least this much left.</summary>
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(5);

    /// <summary>How often the directory is read for backlogs to adopt.</summary>
    public static readonly TimeSpan ScanEvery = TimeSpan.FromSeconds(2);

    /// <summary>Activity JSON is split over properties of at most this many characters (Table Storage allows 32K per string).</summary>
    private const int ChunkChars = 30_000;

    /// <summary>Rows taken from one partition in one read; a Table Storage page holds at most 1,000.</summary>
    private const int MaxTake = 1_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HeldBacklog> _held = new(StringComparer.Ordinal);
    private readonly string _instance = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..12];
    private DateTimeOffset _lastScan = DateTimeOffset.MinValue;
    private int _generation;

    public string Origin => _instance;

    public async Task AppendAsync(string tenantKey, IReadOnlyList<BackloggedReply> replies, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var own = await OwnBacklogAsync(table, tenantKey, ct);
        var batch = new List<TableTransactionAction>();
        var bytes = 0;
        foreach (var reply in replies)
        {
            var row = ToRow(own.Partition, reply);
            var size = RowSize(row);
            // A transaction holds at most 100 rows and 4 MiB.
            if (batch.Count > 0 && (batch.Count == 100 || bytes + size > 3_500_000))
            {
                await table.SubmitTransactionAsync(batch, ct);
                batch.Clear();
                bytes = 0;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
            bytes += size;
        }

        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch, ct);
        }
    }

    public async Task<BacklogTake> TakeAsync(string tenantKey, int max, Func<BackloggedReply, bool> admit, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        List<HeldBacklog> backlogs;
        lock (_gate)
        {
            // Adopted backlogs first: their replies were handed in before this instance's own.
            backlogs = [.. _held.Values.Where(h => h.Tenant == tenantKey).OrderBy(h => h.IsOwn)];
        }

        var taken = new List<BackloggedReply>();
        var exhausted = true;
        foreach (var held in backlogs)
        {
            if (taken.Count >= max)
            {
                exhausted = false;
                break;
            }

            // Read further than needed: replies of a conversation that has no room are passed over.
            var read = Math.Min(MaxTake, Math.Max(100, (max - taken.Count) * 4));
            var rows = new List<TableEntity>();
            await foreach (var page in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKey.Quote(held.Partition)}", maxPerPage: read, cancellationToken: ct).AsPages())
            {
                rows.AddRange(page.Values.Take(read));
                break;
            }

            if (rows.Count == 0)
            {
                await LetGoIfEmptyAsync(table, held, ct);
                continue;
            }

            var chosen = new List<(TableEntity Row, BackloggedReply Reply)>();
            foreach (var row in rows)
            {
                var reply = FromRow(row);
                if (taken.Count + chosen.Count < max && admit(reply))
                {
                    chosen.Add((row, reply));
                }
                else
                {
                    exhausted = false;
                }
            }

            if (rows.Count == read)
            {
                exhausted = false;
            }

            var claimed = await ClaimAsync(table, [.. chosen.Select(c => c.Row)], ct);
            taken.AddRange(chosen.Where(c => claimed.Contains(c.Row)).Select(c => c.Reply));
        }

        return new BacklogTake(taken, exhausted);
    }

    public async Task<IReadOnlyCollection<string>> HeldTenantsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var now = Clock.GetUtcNow();
        List<HeldBacklog> due;
        lock (_gate)
        {
            due = [.. _held.Values.Where(h => h.Until - now < Hold - Renew)];
        }

        foreach (var held in due)
        {
            await RenewAsync(table, held, ct);
        }

        if (now - _lastScan >= ScanEvery)
        {
            _lastScan = now;
            await AdoptLapsedAsync(table, ct);
        }

        lock (_gate)
        {
            return [.. _held.Values.Select(h => h.Tenant).Distinct(StringComparer.Ordinal)];
        }
    }

    public async Task ReleaseAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        List<HeldBacklog> held;
        lock (_gate)
        {
            held = [.. _held.Values];
            _held.Clear();
        }

        foreach (var backlog in held)
        {
            // Lapsed at once: the next scan of any other instance adopts it.
            var row = DirectoryRow(backlog, Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
            try
            {
                await table.UpdateEntityAsync(row, backlog.ETag, TableUpdateMode.Replace, ct);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Emptied or adopted already: nothing to let go of.
            }
        }
    }

    /// <summary>The backlog this instance writes to for the tenant, its hold made or renewed when little of it is left.</summary>
    private async Task<HeldBacklog> OwnBacklogAsync(TableClient table, string tenantKey, CancellationToken ct)
    {
        HeldBacklog? own;
        lock (_gate)
        {
            own = _held.Values.FirstOrDefault(h => h.IsOwn && h.Tenant == tenantKey);
        }

        if (own is not null && own.Until - Clock.GetUtcNow() < Renew)
        {
            await RenewAsync(table, own, ct);
            lock (_gate)
            {
                own = _held.Values.FirstOrDefault(h => h.IsOwn && h.Tenant == tenantKey);
            }
        }

        if (own is not null)
        {
            return own;
        }

        int generation;
        lock (_gate)
        {
            generation = _generation;
        }

        var id = _instance + (generation == 0 ? string.Empty : "." + generation.ToString(CultureInfo.InvariantCulture));
        var fresh = new HeldBacklog(tenantKey, TableKey.Encode(tenantKey) + "|" + id, IsOwn: true);
        var row = DirectoryRow(fresh, Clock.GetUtcNow() + Hold);
        var response = await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        fresh.ETag = response.Headers.ETag ?? default;
        fresh.Until = row.GetDateTimeOffset("Until")!.Value;
        lock (_gate)
        {
            _held[fresh.Partition] = fresh;
        }

        return fresh;
    }

    private async Task RenewAsync(TableClient table, HeldBacklog held, CancellationToken ct)
    {
        var row = DirectoryRow(held, Clock.GetUtcNow() + Hold);
        try
        {
            var response = await table.UpdateEntityAsync(row, held.ETag, TableUpdateMode.Replace, ct);
            held.ETag = response.Headers.ETag ?? default;
            held.Until = row.GetDateTimeOffset("Until")!.Value;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Another instance adopted it after the hold lapsed (or emptied it): it is theirs now. Own replies go to a
            // new backlog from here on.
            logger.LogWarning("Reply backlog {Backlog}: the hold was lost to another instance", held.Partition);
            lock (_gate)
            {
                _held.Remove(held.Partition);
                if (held.IsOwn)
                {
                    _generation++;
                }
            }
        }
    }

    private async Task AdoptLapsedAsync(TableClient table, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKey.Quote(DirectoryPartition)}", cancellationToken: ct))
        {
            var until = row.GetDateTimeOffset("Until");
            var tenant = row.GetString("Tenant");
            if (until > now || tenant is null)
            {
                continue;
            }

            lock (_gate)
            {
                if (_held.ContainsKey(row.RowKey))
                {
                    continue;
                }
            }

            var adopted = new HeldBacklog(tenant, row.RowKey, IsOwn: false);
            var renewed = DirectoryRow(adopted, now + Hold);
            try
            {
                var response = await table.UpdateEntityAsync(renewed, row.ETag, TableUpdateMode.Replace, ct);
                adopted.ETag = response.Headers.ETag ?? default;
                adopted.Until = now + Hold;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                continue; // Another instance was quicker.
            }

            lock (_gate)
            {
                _held[adopted.Partition] = adopted;
            }

            BotTelemetry.ReplyBacklogsAdopted.Add(1);
            logger.LogInformation("Reply backlog {Backlog} adopted from a stopped or lapsed instance", adopted.Partition);
        }
    }

    /// <summary>An empty backlog's directory row goes; its holder writes a new one when it needs a backlog again.</summary>
    private async Task LetGoIfEmptyAsync(TableClient table, HeldBacklog held, CancellationToken ct)
    {
        lock (_gate)
        {
            _held.Remove(held.Partition);
        }

        try
        {
            await table.DeleteEntityAsync(DirectoryPartition, held.Partition, held.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Renewed or adopted meanwhile: no longer this instance's to remove.
        }
    }

    /// <summary>Deletes the rows (ETag-guarded), a transaction at a time; returns those this instance deleted, so may send.</summary>
    private static async Task<HashSet<TableEntity>> ClaimAsync(TableClient table, List<TableEntity> rows, CancellationToken ct)
    {
        var claimed = new HashSet<TableEntity>(ReferenceEqualityComparer.Instance);
        foreach (var chunk in rows.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), ct);
                claimed.UnionWith(chunk);
            }
            catch (TableTransactionFailedException)
            {
                // One of them was taken meanwhile (by a privacy request, or another instance): claim one by one.
                foreach (var row in chunk)
                {
                    try
                    {
                        var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
                        if (response.Status != 404)
                        {
                            claimed.Add(row);
                        }
                    }
                    catch (RequestFailedException e) when (e.Status is 404 or 412)
                    {
                    }
                }
            }
        }

        return claimed;
    }

    private TableEntity DirectoryRow(HeldBacklog backlog, DateTimeOffset until) => new(DirectoryPartition, backlog.Partition)
    {
        ["Tenant"] = backlog.Tenant,
        ["Holder"] = _instance,
        ["Until"] = until,
    };

    private static TableEntity ToRow(string partition, BackloggedReply reply)
    {
        var row = new TableEntity(partition, RowKeyOf(reply))
        {
            ["Sequence"] = reply.Sequence,
            ["Origin"] = reply.Origin,
            ["ServiceUrl"] = reply.ServiceUrl,
            ["ConversationId"] = reply.ConversationId,
            ["ReplyToId"] = reply.ReplyToId,
            ["About"] = reply.About,
        };
        var chunks = reply.ActivityJson.Chunk(ChunkChars).Select(c => new string(c)).ToList();
        row["ActivityParts"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++)
        {
            row["Activity" + i.ToString(CultureInfo.InvariantCulture)] = chunks[i];
        }

        return row;
    }

    /// <summary>Sequence first, so a partition reads in the order replies were handed in; the origin keeps keys apart.</summary>
    public static string RowKeyOf(BackloggedReply reply) =>
        reply.Sequence.ToString("D19", CultureInfo.InvariantCulture) + "-" + TableKey.Encode(reply.Origin);

    private static BackloggedReply FromRow(TableEntity row)
    {
        var parts = row.GetInt32("ActivityParts") ?? 0;
        var json = string.Concat(Enumerable.Range(0, parts).Select(i => row.GetString("Activity" + i.ToString(CultureInfo.InvariantCulture))));
        return new BackloggedReply(row.GetInt64("Sequence") ?? 0, row.GetString("Origin") ?? string.Empty, row.GetString("ServiceUrl")!,
            row.GetString("ConversationId")!, row.GetString("ReplyToId"), json, row.GetString("About"));
    }

    /// <summary>A row's size on the wire, near enough: its strings in UTF-16.</summary>
    private static int RowSize(TableEntity row) => row.Sum(p => p.Value is string s ? (s.Length * 2) + 64 : 64);

    /// <summary>A backlog this instance holds: its tenant, its partition, and its directory row's state.</summary>
    private sealed record HeldBacklog(string Tenant, string Partition, bool IsOwn)
    {
        public ETag ETag { get; set; }

        public DateTimeOffset Until { get; set; }
    }
}
