using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CityDealBot.Connector;

/// <summary>
/// Sends replies and posts after the turn has been answered, so that no inbound request waits for Teams' pacing
/// (<see cref="ConnectorRateLimitHandler"/>) or for room to queue its reply. Replies to one conversation leave one
/// after the other in the order they were handed in; different conversations proceed side by side.
/// Per tenant at most <see cref="ConnectorOptions.RepliesInMemoryPerTenant"/> replies (a few seconds of Teams'
/// budget) wait in memory. Beyond that, and for as long as older ones wait there, a tenant's replies go to the
/// durable <see cref="IReplyBacklog"/>, from which a pump moves them back into memory in order as room frees.
/// A stopping instance sends what it can for a few seconds and writes the rest back to the backlog, where another
/// instance adopts it. A reply the Connector still refuses after its retries is logged and counted; replies are
/// answers to a person who is present, so they are not parked in the proactive outbox.
/// </summary>
// The semaphores and the stop signals live as long as the host: disposing them with the container raced with
// replies still being handed in during shutdown, so they are left to the finaliser.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Lives as long as the host; see above.")]
public sealed class ReplySender(
    IServiceProvider services,
    ConnectorRateLimiter limiter,
    IOptions<ConnectorOptions> options,
    IReplyBacklog backlog,
    ILogger<ReplySender> logger) : IHostedService
{
    /// <summary>How long a stopping instance keeps sending; what is left then is written to the backlog.</summary>
    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping instance lets the sends already on their way finish.</summary>
    private static readonly TimeSpan FinishOnStop = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopping instance may take to write its unsent replies to the backlog.</summary>
    private static readonly TimeSpan WriteBackOnStop = TimeSpan.FromSeconds(15);

    /// <summary>How often the pump looks at the backlog without being woken (adoption, lease renewal).</summary>
    private static readonly TimeSpan PumpEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How long after a take that found its conversations full the next one waits.</summary>
    private static readonly TimeSpan TakeAgainAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>Replies written to the backlog in one go (a Table Storage transaction holds at most 100).</summary>
    private const int AppendBatch = 100;

    /// <summary>
    /// Conversations sending at once: as many as the Connector pipeline lets be in flight. More would only wait in
    /// the rate limiter together, wake together, and make the moment a send leaves less even.
    /// </summary>
    public const int ParallelSends = ConnectorRateLimiter.MaxInFlight;

    private readonly SemaphoreSlim _sending = new(ParallelSends, ParallelSends);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConversationReplies> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantReplies> _tenants = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopped = new();
    private readonly CancellationTokenSource _pumpStopped = new();
    private readonly CancellationTokenSource _abandoned = new();
    private Task? _pump;
    private bool _stopping;
    private int _draining;
    private long _lastSequence = DateTime.UtcNow.Ticks;

    /// <summary>Replies in memory, accepted and not yet sent or given up.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _tenants.Values.Sum(t => t.InMemory);
            }
        }
    }

    /// <summary>Replies accepted beyond the memory window and not yet written to the backlog.</summary>
    public int Spilled
    {
        get
        {
            lock (_gate)
            {
                return _tenants.Values.Sum(t => t.Spill.Count);
            }
        }
    }

    /// <summary>
    /// Hands a reply over; it never waits. With <paramref name="replyToId"/> it answers that activity (in a channel:
    /// in its thread), otherwise it is a new message in the conversation. <paramref name="about"/> names the person
    /// whose turn it answers (their ids), should it wait in the backlog when they ask to be forgotten.
    /// </summary>
    public void Enqueue(string serviceUrl, string conversationId, string? replyToId, Activity activity, string? about = null)
    {
        var reply = new PendingReply(NextSequence(), backlog.Origin, serviceUrl, conversationId, replyToId, activity, about);
        var wake = false;
        lock (_gate)
        {
            var tenant = TenantOf(reply.Tenant);
            if (!_stopping && !tenant.Backlogged && tenant.InMemory < options.Value.RepliesInMemoryPerTenant
                && InMemoryOf(reply.ConversationKey) < options.Value.RepliesInMemoryPerConversation)
            {
                Admit(reply, tenant);
            }
            else
            {
                // Behind the ones already waiting, so each conversation keeps its order.
                tenant.Backlogged = true;
                tenant.Spill.Enqueue(reply);
                wake = true;
            }
        }

        if (wake)
        {
            Wake();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _pump = Task.Run(() => PumpAsync(_pumpStopped.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends for a few seconds what is in memory, then writes whatever is left (in memory and not yet written) to
    /// the backlog and lets go of it, so another instance sends it.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = true;
        }

        await _pumpStopped.CancelAsync();
        if (_pump is not null)
        {
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (await BackgroundDrain.StopAsync(() => Pending, DrainOnStop, _stopped, cancellationToken) is > 0 and var unsent)
        {
            logger.LogInformation("Stopping with {Count} replies not sent; they go to the backlog", unsent);
        }

        // Sends already on their way finish; the senders leave the rest in their queues.
        using (var onTheWire = new CancellationTokenSource(FinishOnStop))
        {
            try
            {
                while (Volatile.Read(ref _draining) > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), onTheWire.Token);
                }
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Stopping: replies still on their way after {Wait} are abandoned", FinishOnStop);
                await _abandoned.CancelAsync();
            }
        }

        using var writing = new CancellationTokenSource(WriteBackOnStop);
        await WriteBackAsync(writing.Token);
        try
        {
            await backlog.ReleaseAsync(writing.Token);
        }
        catch (Exception e)
        {
            // The holds lapse by themselves; another instance adopts the backlog then.
            logger.LogWarning(e, "The reply backlog could not be let go of; it is adopted once its hold lapses");
        }
    }

    private static string TenantKeyOf(string serviceUrl) => new Uri(serviceUrl).Authority;

    private TenantReplies TenantOf(string tenantKey)
    {
        if (!_tenants.TryGetValue(tenantKey, out var tenant))
        {
            tenant = new TenantReplies();
            _tenants[tenantKey] = tenant;
        }

        return tenant;
    }

    private ConnectorOptions Options => options.Value;

    private int InMemoryOf(string conversationKey) => _conversations.TryGetValue(conversationKey, out var conversation) ? conversation.InMemory : 0;

    /// <summary>Into memory, behind the conversation's earlier replies; starts the conversation's sender. Under the gate.</summary>
    private void Admit(PendingReply reply, TenantReplies tenant)
    {
        tenant.InMemory++;
        if (_conversations.TryGetValue(reply.ConversationKey, out var conversation))
        {
            conversation.Waiting.Enqueue(reply);
            conversation.InMemory++;
            return;
        }

        conversation = new ConversationReplies();
        conversation.Waiting.Enqueue(reply);
        conversation.InMemory++;
        _conversations[reply.ConversationKey] = conversation;
        Interlocked.Increment(ref _draining);
        _ = Task.Run(() => DrainAsync(reply.ConversationKey, conversation), CancellationToken.None);
    }

    /// <summary>
    /// Admits the replies, in order, that fit: the tenant's window and each conversation's share of it. Once a
    /// conversation has no room, its later replies wait too, so it keeps its order. Under the gate.
    /// </summary>
    private sealed class Admission(ReplySender sender, TenantReplies tenant)
    {
        private readonly Dictionary<string, int> _planned = new(StringComparer.Ordinal);
        private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);
        private int _tenantPlanned;

        public bool Fits(PendingReply reply) => Fits(reply.ConversationKey);

        public bool Fits(string conversationKey)
        {
            if (_blocked.Contains(conversationKey))
            {
                return false;
            }

            var planned = _planned.GetValueOrDefault(conversationKey);
            if (tenant.InMemory + _tenantPlanned >= sender.Options.RepliesInMemoryPerTenant
                || sender.InMemoryOf(conversationKey) + planned >= sender.Options.RepliesInMemoryPerConversation)
            {
                _blocked.Add(conversationKey);
                return false;
            }

            _planned[conversationKey] = planned + 1;
            _tenantPlanned++;
            return true;
        }
    }

    private long NextSequence()
    {
        var now = DateTime.UtcNow.Ticks;
        while (true)
        {
            var last = Volatile.Read(ref _lastSequence);
            var next = Math.Max(last + 1, now);
            if (Interlocked.CompareExchange(ref _lastSequence, next, last) == last)
            {
                return next;
            }
        }
    }

    private void Wake()
    {
        lock (_wake)
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    private async Task DrainAsync(string key, ConversationReplies conversation)
    {
        try
        {
            var connector = services.GetRequiredService<ConnectorClient>();
            while (true)
            {
                PendingReply next;
                lock (_gate)
                {
                    if (conversation.Waiting.Count == 0)
                    {
                        _conversations.Remove(key);
                        return;
                    }

                    next = conversation.Waiting.Peek();
                }

                try
                {
                    // A conversation waiting for its own limit does not hold a sending place others could use.
                    var counted = ConnectorRateLimitHandler.ConversationKey(next.ConversationId);
                    while (options.Value.EnforceTeamsRateLimits && limiter.TimeUntilFree(next.Tenant, counted) is var wait && wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stopped.Token);
                    }

                    await _sending.WaitAsync(_stopped.Token);
                }
                catch (OperationCanceledException)
                {
                    // The instance stops: the reply stays in the queue and is written back to the backlog.
                    return;
                }

                // On its way from here: a stopping instance lets it finish rather than write it back, so it is not sent twice.
                // The queue stays registered while it is sent, so a reply handed in meanwhile joins this sender.
                lock (_gate)
                {
                    conversation.Waiting.Dequeue();
                }

                try
                {
                    await (next.ReplyToId is { Length: > 0 } replyToId
                        ? connector.ReplyToActivityAsync(next.ServiceUrl, next.ConversationId, replyToId, next.Activity, _abandoned.Token)
                        : connector.SendToConversationAsync(next.ServiceUrl, next.ConversationId, next.Activity, _abandoned.Token));
                    BotTelemetry.RepliesSent.Add(1);
                }
                catch (Exception e)
                {
                    BotTelemetry.RepliesFailed.Add(1);
                    logger.LogError(e, "A reply in conversation {ConversationId} was not delivered ({Status})",
                        next.ConversationId, e is ConnectorException c ? (int)c.Status : 0);
                }
                finally
                {
                    _sending.Release();
                }

                bool backlogged;
                lock (_gate)
                {
                    var tenant = _tenants[next.Tenant];
                    tenant.InMemory--;
                    conversation.InMemory--;
                    backlogged = tenant.Backlogged;
                }

                if (backlogged)
                {
                    Wake();
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _draining);
        }
    }

    /// <summary>Moves backlogged replies into memory as room frees, and writes the spill to the backlog.</summary>
    private async Task PumpAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(PumpEvery, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<string> tenants;
            try
            {
                var held = await backlog.HeldTenantsAsync(ct);
                lock (_gate)
                {
                    foreach (var key in held)
                    {
                        var tenant = TenantOf(key);
                        tenant.Backlogged = true;
                        tenant.StorageMayHold = true;
                    }

                    tenants = [.. _tenants.Where(t => t.Value.Backlogged).Select(t => t.Key)];
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    tenants = [.. _tenants.Where(t => t.Value.Backlogged).Select(t => t.Key)];
                }

                // Only a warning when replies wait for it; otherwise the storage health check tells of the outage.
                logger.Log(tenants.Count > 0 ? LogLevel.Warning : LogLevel.Debug, e, "The reply backlog could not be read; trying again");
            }

            foreach (var tenantKey in tenants)
            {
                try
                {
                    await PumpTenantAsync(tenantKey, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Nothing is lost: what was not written stays in the spill, what was not taken stays stored.
                    logger.LogWarning(e, "The reply backlog of tenant {Tenant} could not be worked on; trying again", tenantKey);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    private async Task PumpTenantAsync(string tenantKey, CancellationToken ct)
    {
        var window = options.Value.RepliesInMemoryPerTenant;
        TenantReplies tenant;
        int room;
        bool storageMayHold;
        lock (_gate)
        {
            tenant = _tenants[tenantKey];
            room = window - tenant.InMemory;
            storageMayHold = tenant.StorageMayHold;
        }

        // Oldest first: what is stored, then the spill. Refilled by half a window at a time, so that storage sees a
        // few larger takes rather than one per reply sent; when the last take found little that fit (its
        // conversations were full), not again for a while.
        if (storageMayHold && room > 0 && room * 2 >= window && DateTime.UtcNow >= tenant.NextTakeAt)
        {
            Admission admission;
            lock (_gate)
            {
                admission = new Admission(this, tenant);
            }

            var taken = await backlog.TakeAsync(tenantKey, room, stored =>
            {
                lock (_gate)
                {
                    return admission.Fits(PendingReply.ConversationKeyOf(stored.ServiceUrl, stored.ConversationId));
                }
            }, ct);
            lock (_gate)
            {
                foreach (var reply in taken.Replies)
                {
                    Admit(PendingReply.From(reply), tenant);
                }

                tenant.StorageMayHold = !taken.Exhausted;
                storageMayHold = tenant.StorageMayHold;
                tenant.NextTakeAt = !taken.Exhausted && taken.Replies.Count * 2 < room ? DateTime.UtcNow + TakeAgainAfter : DateTime.MinValue;
            }
        }

        lock (_gate)
        {
            // Nothing older is stored: the spill goes straight into memory as far as there is room, in order.
            if (!storageMayHold && !_stopping && tenant.Spill.Count > 0)
            {
                var admission = new Admission(this, tenant);
                var kept = new List<PendingReply>();
                var admitted = new List<PendingReply>();
                while (tenant.Spill.TryDequeue(out var reply))
                {
                    (admission.Fits(reply) ? admitted : kept).Add(reply);
                }

                admitted.ForEach(r => Admit(r, tenant));
                foreach (var reply in kept)
                {
                    tenant.Spill.Enqueue(reply);
                }
            }
        }

        while (true)
        {
            List<PendingReply> batch;
            lock (_gate)
            {
                batch = [.. tenant.Spill.Take(AppendBatch)];
            }

            if (batch.Count == 0)
            {
                break;
            }

            await backlog.AppendAsync(tenantKey, [.. batch.Select(r => r.ToBacklogged())], ct);
            BotTelemetry.RepliesBacklogged.Add(batch.Count);
            lock (_gate)
            {
                // Only this pump takes from the spill; handing in only adds at its end.
                for (var i = 0; i < batch.Count; i++)
                {
                    tenant.Spill.Dequeue();
                }

                tenant.StorageMayHold = true;
            }
        }

        lock (_gate)
        {
            if (tenant.Spill.Count == 0 && !tenant.StorageMayHold)
            {
                tenant.Backlogged = false;
            }
        }
    }

    /// <summary>On stop: every reply not sent, per tenant in the order it was handed in, goes to the backlog.</summary>
    private async Task WriteBackAsync(CancellationToken ct)
    {
        List<(string Tenant, List<PendingReply> Replies)> unsent;
        lock (_gate)
        {
            unsent = [.. _conversations.Values.SelectMany(c => c.Waiting).Concat(_tenants.Values.SelectMany(t => t.Spill))
                .GroupBy(r => r.Tenant)
                .Select(g => (g.Key, g.OrderBy(r => r.Sequence).ToList()))];
            _conversations.Clear();
            foreach (var tenant in _tenants.Values)
            {
                tenant.Spill.Clear();
                tenant.InMemory = 0;
            }
        }

        foreach (var (tenantKey, replies) in unsent)
        {
            var written = 0;
            try
            {
                foreach (var batch in replies.Chunk(AppendBatch))
                {
                    await backlog.AppendAsync(tenantKey, [.. batch.Select(r => r.ToBacklogged())], ct);
                    written += batch.Length;
                }

                BotTelemetry.RepliesBacklogged.Add(written);
                logger.LogInformation("Stopping: {Count} unsent replies to tenant {Tenant} handed to the backlog", written, tenantKey);
            }
            catch (Exception e)
            {
                BotTelemetry.RepliesFailed.Add(replies.Count - written);
                logger.LogError(e, "Stopping: {Count} unsent replies to tenant {Tenant} could not be written to the backlog and are lost", replies.Count - written, tenantKey);
            }
        }
    }

    private sealed class TenantReplies
    {
        /// <summary>Replies of the tenant in the conversations' queues.</summary>
        public int InMemory { get; set; }

        /// <summary>Handed in while the tenant was backlogged, in order, not yet written to the backlog.</summary>
        public Queue<PendingReply> Spill { get; } = new();

        /// <summary>Older replies of the tenant wait outside memory: new ones go behind them.</summary>
        public bool Backlogged { get; set; }

        /// <summary>The backlog may hold replies of the tenant (written, or adopted, and not yet all taken).</summary>
        public bool StorageMayHold { get; set; }

        /// <summary>No take from the backlog before this (after one that found little room in its conversations).</summary>
        public DateTime NextTakeAt { get; set; }
    }

    private sealed class ConversationReplies
    {
        /// <summary>Not yet on their way, in order.</summary>
        public Queue<PendingReply> Waiting { get; } = new();

        /// <summary>Waiting and on their way.</summary>
        public int InMemory { get; set; }
    }

    private sealed record PendingReply(long Sequence, string Origin, string ServiceUrl, string ConversationId, string? ReplyToId, Activity Activity, string? About)
    {
        public string Tenant { get; } = TenantKeyOf(ServiceUrl);

        /// <summary>The conversation as Teams counts it (a channel thread is its channel), with its service.</summary>
        public string ConversationKey { get; } = ConversationKeyOf(ServiceUrl, ConversationId);

        public static string ConversationKeyOf(string serviceUrl, string conversationId) =>
            serviceUrl + "|" + ConnectorRateLimitHandler.ConversationKey(conversationId);

        public BackloggedReply ToBacklogged() =>
            new(Sequence, Origin, ServiceUrl, ConversationId, ReplyToId, JsonSerializer.Serialize(Activity, ConnectorJson.Options), About);

        public static PendingReply From(BackloggedReply stored) =>
            new(stored.Sequence, stored.Origin, stored.ServiceUrl, stored.ConversationId, stored.ReplyToId,
                JsonSerializer.Deserialize<Activity>(stored.ActivityJson, ConnectorJson.Options) ?? new Activity(), stored.About);
    }
}
