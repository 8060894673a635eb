using Azure;
using Azure.Data.Tables;
using CityDealBot.Connector;
using CityDealBot.Storage;

namespace CityDealBot.Dispatch;

/// <summary>One instance's claim on a tenant's budget: it sends to the tenant and will renew before <see cref="Until"/>.</summary>
public sealed class TenantShareRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset Until { get; set; }

    /// <summary>How many instances (itself included) it counted at its previous renewal: a newcomer waits until every other one counts it.</summary>
    public int Peers { get; set; }

    /// <summary>It stopped sending to the tenant (idle); the row stays while its sends still count in Teams' hourly window.</summary>
    public bool Left { get; set; }

    /// <summary>Its sends in the tenant's hot conversations at this renewal (<see cref="ConnectorRateLimiter.HotSends"/>).</summary>
    public string HotSends { get; set; } = string.Empty;
}

/// <summary>
/// Shares Teams' per-tenant budget (50 requests per second per app) among the bot instances that send to a
/// tenant, so that two instances send 25/s each instead of 50/s each. Every instance that sends to a tenant keeps a
/// row in table <c>TenantShares</c> (PartitionKey = the tenant's key, RowKey = the instance), renewed every
/// <see cref="Refresh"/> and counted while its <c>Until</c> lies ahead; its share is the budget divided by the rows
/// counted. An instance alone takes the whole budget at once. One that finds others already sending holds its first
/// send until every other row says it counted the newcomer (<see cref="TenantShareRecord.Peers"/>; so each has
/// lowered its pace) and then <see cref="WindowClear"/> more, so their sends at the old pace have left Teams'
/// one-second window; the others keep sending meanwhile. An instance that stopped sending (idle for
/// <see cref="IdleAfter"/>) marks its row as left, one that died drops out when its row lapses, and the others take
/// its share of the tenant's second. An instance that could not renew its own row within the <see cref="Lease"/> stops
/// and joins again; its row lapses <see cref="WindowClear"/> later, when those last sends no longer count at Teams.
/// <para>
/// Each conversation's long windows (60 per 30 s, 1800 per hour) are shared too, and waiting for them as for the
/// second would keep a newcomer out for an hour. Instead every instance publishes in its row, at each renewal, its
/// sends in the conversations where it used more than an eighth of a long window
/// (<see cref="ConnectorRateLimiter.HotSends"/>), and takes the others' (<see cref="ConnectorRateLimiter.PeersSent"/>).
/// Each instance may use an n-th of a window, n counting also the instances that stopped sending within that window
/// (their rows stay, marked left or lapsed, until their sends have left the hour), and what another instance sent
/// there beyond its own n-th (sent before it counted a newcomer, or while fewer instances shared the window) is taken
/// from this instance's n-th until it leaves the window. An instance over its share adds nothing, so the others'
/// excess only shrinks and a published count that is a second old is still safe; below an eighth of a window an
/// instance's sends stay within its n-th for up to eight instances and need no publishing. Together the instances
/// therefore never send more than Teams' limit in any window, and an instance alone still uses all of it.
/// Row ages are taken from the storage service's own time stamps, so the instances' clocks need not agree on them.
/// </para>
/// </summary>
// The stop signal lives as long as the host (see ReplySender).
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Lives as long as the host.")]
public sealed class SharedTenantBudget(StorageTables tables, ILogger<SharedTenantBudget> logger) : ITenantBudget, IHostedService
{
    // Wall-clock time as the other instances and Teams see it, never the bot's adjustable business clock.
    private static readonly TimeProvider Clock = TimeProvider.System;

    public const string Table = "TenantShares";

    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An instance that could not renew its row for this long stops sending to the tenant (and joins again). Its row
    /// counts for the others <see cref="WindowClear"/> longer, so that its last sends have left Teams' windows before
    /// they take its share.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Teams' one- and two-second windows (per tenant, and per conversation 7/1 s and 8/2 s), taken 5 % longer, and a
    /// little more: the others' sends at their old pace leave them.
    /// </summary>
    public static readonly TimeSpan WindowClear = TimeSpan.FromSeconds(2.1) + TimeSpan.FromMilliseconds(150);

    /// <summary>A newcomer waits at most this long for the others to count it (a row of an instance that died meanwhile lapses sooner).</summary>
    public static readonly TimeSpan MaxJoinWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An instance that has sent nothing to a tenant for this long gives its share back: it deletes its row, and
    /// the others take the whole budget at their next renewal (its last sends have left Teams' window by then).
    /// </summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(3);

    /// <summary>How long a row that stopped renewing still counts for the instances sharing a conversation window of this length.</summary>
    public static TimeSpan CountsFor(TimeSpan window) => Lease + WindowClear + (window * ConnectorRateLimiter.SafetyMargin);

    /// <summary>A row not renewed for this long has no send left in any of Teams' windows: whoever sees it deletes it.</summary>
    public static readonly TimeSpan Forgotten = CountsFor(ConnectorRateLimiter.ConversationLimits.Max(l => l.Window)) + TimeSpan.FromMinutes(1);

    private ITenantSendHistory? _history;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopped = new();
    private Task? _renewing;

    public string InstanceId { get; } = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..12];

    public void Attach(ITenantSendHistory history) => _history = history;

    public TenantShare? ShareOf(string tenantKey)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenantKey, out var state))
            {
                state = new TenantState();
                _tenants[tenantKey] = state;
            }

            state.LastAsked = now;
            if (state.Leaving)
            {
                // Its row is being deleted; asked again after that, it joins afresh.
                return null;
            }

            if (state.Share is not null && !state.Joining && now - state.RenewedAt > Lease)
            {
                // Its row may have lapsed, so the others may already count without it: join again.
                logger.LogWarning("Tenant budget {Tenant}: this instance's row was not renewed since {Renewed:O}; it joins again", tenantKey, state.RenewedAt);
                state.Share = null;
            }

            if (state.Share is { } share && now >= state.SendFrom)
            {
                return share;
            }

            if (state.Share is null && !state.Joining)
            {
                state.Joining = true;
                _ = Task.Run(() => RenewAsync(tenantKey, joining: true, _stopped.Token), CancellationToken.None);
            }

            return null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewing = Task.Run(() => RenewLoopAsync(_stopped.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Rows are left to lapse rather than deleted: other hosted services may still send while the host stops, and a
    /// deleted row would let the other instances speed up while those sends still count.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopped.CancelAsync();
        if (_renewing is not null)
        {
            await _renewing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RenewLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Refresh, Clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<string> renew;
            List<string> idle;
            var now = Clock.GetUtcNow();
            lock (_gate)
            {
                idle = [.. _tenants.Where(t => t.Value.Share is not null && !t.Value.Joining && now - t.Value.LastAsked > IdleAfter).Select(t => t.Key)];
                idle.ForEach(t => _tenants[t].Leaving = true);
                renew = [.. _tenants.Where(t => t.Value.Share is not null && !t.Value.Leaving).Select(t => t.Key)];
            }

            foreach (var tenant in idle)
            {
                logger.LogDebug("Tenant budget {Tenant}: idle, this instance gives its share back", tenant);
                await LeaveAsync(tenant, ct);
                lock (_gate)
                {
                    _tenants.Remove(tenant);
                }
            }

            foreach (var tenant in renew)
            {
                await RenewAsync(tenant, joining: false, ct);
            }
        }
    }

    /// <summary>Marks this instance's row as left: it no longer counts for the tenant's second, but its sends still count in the long windows.</summary>
    private async Task LeaveAsync(string tenantKey, CancellationToken ct)
    {
        try
        {
            var table = await tables.GetAsync(Table, ct);
            await table.UpsertEntityAsync(new TenantShareRecord
            {
                PartitionKey = TableKey.Encode(tenantKey),
                RowKey = InstanceId,
                Until = Clock.GetUtcNow(),
                Left = true,
                HotSends = Publishable(tenantKey, _history?.HotSends(tenantKey)),
            }, TableUpdateMode.Replace, ct);
        }
        catch (Exception e) when (StorageFailure.Is(e) || e is HttpRequestException)
        {
            // The row lapses by itself after its lease.
            logger.LogDebug(e, "The share of tenant budget {Tenant} could not be given back; it lapses", tenantKey);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Writes this instance's row, counts the live rows and sets the share; a newcomer among others holds its sends
    /// until they all count it.
    /// </summary>
    private async Task RenewAsync(string tenantKey, bool joining, CancellationToken ct)
    {
        int counted;
        lock (_gate)
        {
            counted = _tenants.TryGetValue(tenantKey, out var known) && !joining ? known.Counted : 0;
        }

        int live;
        bool countedByAll;
        int[] conversationInstances;
        var now = Clock.GetUtcNow();
        try
        {
            var table = await tables.GetAsync(Table, ct);
            var partition = TableKey.Encode(tenantKey);
            var hotSends = Publishable(tenantKey, _history?.HotSends(tenantKey));
            await table.UpsertEntityAsync(new TenantShareRecord { PartitionKey = partition, RowKey = InstanceId, Until = now + Lease + WindowClear, Peers = counted, HotSends = hotSends }, TableUpdateMode.Replace, ct);
            var rows = new List<TenantShareRecord>();
            await foreach (var row in table.QueryAsync<TenantShareRecord>(r => r.PartitionKey == partition, cancellationToken: ct))
            {
                rows.Add(row);
            }

            // Ages on the storage service's clock: this instance's row was written just now.
            var serverNow = rows.FirstOrDefault(r => r.RowKey == InstanceId)?.Timestamp ?? rows.Max(r => r.Timestamp) ?? now;
            var others = rows.Where(r => r.RowKey != InstanceId).Select(r => (Row: r, Age: serverNow - (r.Timestamp ?? serverNow))).ToList();
            var sending = others.Where(o => !o.Row.Left && o.Row.Until > now).Select(o => o.Row).ToList();
            live = sending.Count + 1;
            countedByAll = sending.All(o => o.Peers >= live);
            conversationInstances = [.. ConnectorRateLimiter.ConversationLimits.Select(l =>
                1 + others.Count(o => (!o.Row.Left && o.Row.Until > now) || o.Age < CountsFor(l.Window)))];
            _history?.PeersSent(tenantKey, [.. others.Where(o => o.Row.HotSends.Length > 0 && o.Age < Forgotten).Select(o => (o.Row.HotSends, o.Age))]);
            foreach (var (row, _) in others.Where(o => o.Age >= Forgotten))
            {
                await ForgetAsync(table, row, ct);
            }
        }
        catch (Exception e) when (StorageFailure.Is(e) || e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Without storage the others cannot be counted: keep the share known so far, or assume one other instance.
            logger.LogWarning(e, "The shares of tenant budget {Tenant} could not be read; keeping the last share", tenantKey);
            lock (_gate)
            {
                if (_tenants.TryGetValue(tenantKey, out var kept))
                {
                    kept.Share ??= new TenantShare(ConnectorRateLimiter.TenantPerSecond / 2, [.. ConnectorRateLimiter.ConversationLimits.Select(_ => 2)]);
                    kept.RenewedAt = Clock.GetUtcNow();
                    kept.Joining = false;
                }
            }

            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenantKey, out var state))
            {
                state = new TenantState { LastAsked = now };
                _tenants[tenantKey] = state;
            }

            var after = Clock.GetUtcNow();
            if (joining)
            {
                state.JoinedAt = now;
                state.SendFrom = live > 1 ? DateTimeOffset.MaxValue : now;
                logger.LogDebug("Tenant budget {Tenant}: joins with {Instances} instances sending", tenantKey, live);
            }

            if (state.SendFrom == DateTimeOffset.MaxValue)
            {
                if (countedByAll)
                {
                    state.SendFrom = after + WindowClear;
                    logger.LogDebug("Tenant budget {Tenant}: counted by the {Others} others, sends from {SendFrom:O}", tenantKey, live - 1, state.SendFrom);
                }
                else if (after - state.JoinedAt > MaxJoinWait)
                {
                    logger.LogWarning("Tenant budget {Tenant}: the other instances did not count this one within {Wait}; sending at its share", tenantKey, MaxJoinWait);
                    state.SendFrom = after + WindowClear;
                }
            }

            var share = new TenantShare(ConnectorRateLimiter.TenantPerSecond / live, conversationInstances);
            if (state.Share is not null && (share.PerSecond != state.Share.PerSecond || !share.ConversationInstances.SequenceEqual(state.Share.ConversationInstances)))
            {
                logger.LogInformation("Tenant budget {Tenant}: {Instances} instances send, this one {Share}/s; conversation windows shared by {Shared}",
                    tenantKey, live, share.PerSecond, string.Join('/', conversationInstances));
            }

            state.Share = share;
            state.Counted = live;
            state.RenewedAt = now;
            state.Joining = false;
        }
    }

    /// <summary>
    /// The hot sends as one table property holds them (32,000 characters: about ten conversations at Teams' hourly
    /// limit at once). Beyond that the last conversations are left out and an error says so: the others would not
    /// see those sends.
    /// </summary>
    private string Publishable(string tenantKey, string? hotSends)
    {
        const int MaxChars = 32_000;
        if (hotSends is null || hotSends.Length <= MaxChars)
        {
            return hotSends ?? string.Empty;
        }

        logger.LogError("Tenant budget {Tenant}: this instance's sends in {Conversations} hot conversations do not fit its row; the other instances do not see all of them",
            tenantKey, hotSends.Count(c => c == '\n'));
        return hotSends[..(hotSends.LastIndexOf('\n', MaxChars - 1) + 1)];
    }

    /// <summary>Deletes a row whose sends have all left Teams' windows, unless its instance wrote it again meanwhile.</summary>
    private static async Task ForgetAsync(TableClient table, TenantShareRecord row, CancellationToken ct)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }

    private sealed class TenantState
    {
        public TenantShare? Share { get; set; }

        public DateTimeOffset SendFrom { get; set; }

        public DateTimeOffset LastAsked { get; set; }

        public bool Joining { get; set; }

        public bool Leaving { get; set; }

        public int Counted { get; set; }

        public DateTimeOffset RenewedAt { get; set; }

        public DateTimeOffset JoinedAt { get; set; }
    }
}
