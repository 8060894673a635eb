namespace CityDealBot.Connector;

/// <summary>
/// Keeps outbound Connector traffic inside Teams' published bot limits (protocol reference §3.6) so that
/// fan-out does not earn 429s: per conversation 7 per second, 8 per 2 seconds, 60 per 30 seconds and 1800 per
/// hour; per app per tenant 50 per second. A request waits until every window it counts in has room.
/// Windows slide exactly: each keeps the send times inside it. Each window is taken 5 % longer than Teams
/// counts it, because requests reach Teams a little later, and unevenly, than they leave here; and sends are
/// spaced evenly over the shortest window rather than leaving in bursts.
/// </summary>
public sealed class ConnectorRateLimiter(TimeProvider time, ITenantBudget? budget = null)
{
    public static readonly IReadOnlyList<(int Limit, TimeSpan Window)> ConversationLimits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Teams' limit per app per tenant, per second.</summary>
    public const int TenantPerSecond = 50;

    public static readonly IReadOnlyList<(int Limit, TimeSpan Window)> TenantLimits = [(TenantPerSecond, TimeSpan.FromSeconds(1))];

    /// <summary>How long to ask again while this instance's share of a tenant's budget is not known yet.</summary>
    private static readonly TimeSpan ShareUnknownWait = TimeSpan.FromMilliseconds(50);

    private const double SafetyMargin = 1.05;

    /// <summary>How many calls may be on the wire at once.</summary>
    public const int MaxInFlight = 16;

    private readonly Lock _gate = new();

    public SemaphoreSlim InFlight { get; } = new(MaxInFlight, MaxInFlight);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sends = new(StringComparer.Ordinal);

    /// <summary>Per key, the earliest moment the next send may leave on the even spacing (see <see cref="Book"/>).</summary>
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);

    /// <summary>
    /// Books a slot now and returns null, or returns how long to wait before asking again. Keys: the service host
    /// (one per tenant region) and the conversation.
    /// </summary>
    public TimeSpan? TryAcquire(string tenantKey, string? conversationKey)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (LimitsNow(tenantKey) is not (var tenantLimits, var conversationLimits))
            {
                return ShareUnknownWait;
            }

            var wait = Max(WaitFor("tenant:" + tenantKey, tenantLimits, now),
                conversationKey is null ? TimeSpan.Zero : WaitFor("conversation:" + conversationKey, conversationLimits, now));
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            Book("tenant:" + tenantKey, tenantLimits, now);
            if (conversationKey is not null)
            {
                Book("conversation:" + conversationKey, conversationLimits, now);
            }

            return null;
        }
    }

    /// <summary>
    /// How long until a call to this conversation could leave, without booking anything: lets a sender that only
    /// needs the latest state wait first and build what it sends at the last moment.
    /// </summary>
    public TimeSpan TimeUntilFree(string tenantKey, string? conversationKey)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (LimitsNow(tenantKey) is not (var tenantLimits, var conversationLimits))
            {
                return ShareUnknownWait;
            }

            return Max(WaitFor("tenant:" + tenantKey, tenantLimits, now),
                conversationKey is null ? TimeSpan.Zero : WaitFor("conversation:" + conversationKey, conversationLimits, now));
        }
    }

    /// <summary>
    /// The windows as this instance may use them: all of Teams' limits when it sends alone; when n instances send to
    /// the tenant (<see cref="ITenantBudget"/>), its share of the tenant's 50 per second and an n-th of each
    /// conversation's limits, since the instances' sweeps meet in the same conversations (a team's roster, a
    /// channel); null while the share is being learnt.
    /// </summary>
    private (IReadOnlyList<(int Limit, TimeSpan Window)> Tenant, IReadOnlyList<(int Limit, TimeSpan Window)> Conversation)? LimitsNow(string tenantKey)
    {
        if (budget is null)
        {
            return (TenantLimits, ConversationLimits);
        }

        var share = budget.ShareOf(tenantKey);
        if (share is null)
        {
            return null;
        }

        if (share.Value >= TenantPerSecond)
        {
            return (TenantLimits, ConversationLimits);
        }

        var instances = Math.Max(1, (int)Math.Round((double)TenantPerSecond / Math.Max(1, share.Value)));
        return ([(Math.Max(1, share.Value), TimeSpan.FromSeconds(1))],
            [.. ConversationLimits.Select(l => (Math.Max(1, l.Limit / instances), l.Window))]);
    }

    private TimeSpan WaitFor(string key, IReadOnlyList<(int Limit, TimeSpan Window)> limits, DateTimeOffset now)
    {
        if (!_sends.TryGetValue(key, out var sends))
        {
            return TimeSpan.Zero;
        }

        var longest = limits.Max(l => l.Window) * SafetyMargin;
        while (sends.Count > 0 && now - sends.Peek() >= longest)
        {
            sends.Dequeue();
        }

        var ordered = sends.ToArray();
        // Sends are also spread evenly over the shortest window instead of leaving in a burst at its start: a
        // burst reaches Teams queued and stretched, so its tail would count in the next window together with that
        // window's first sends. Spread out, the sustained rate is the same and only the burst is gone.
        var spacing = _nextSlot.TryGetValue(key, out var next) ? next - now : TimeSpan.Zero;
        var wait = TimeSpan.Zero;
        foreach (var (limit, teamsWindow) in limits)
        {
            var window = teamsWindow * SafetyMargin;
            var inWindow = ordered.Count(t => now - t < window);
            if (inWindow >= limit)
            {
                // The send that must leave the window before another fits: the limit-th most recent one.
                var blocking = ordered[ordered.Length - limit];
                wait = Max(wait, blocking + window - now);
            }
        }

        return Max(wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(1) : TimeSpan.Zero, spacing);
    }

    /// <summary>
    /// Records a send and moves the key's next slot one interval on. The slots keep to an even grid: a send that
    /// left a little late (a timer fires a millisecond or two after its time) does not push every later send back,
    /// so the pace stays at the limit instead of drifting below it; after a pause the grid starts again from now.
    /// The windows still count every send, so the grid never lets more through than Teams allows.
    /// </summary>
    private void Book(string key, IReadOnlyList<(int Limit, TimeSpan Window)> limits, DateTimeOffset now)
    {
        if (!_sends.TryGetValue(key, out var sends))
        {
            sends = new Queue<DateTimeOffset>();
            _sends[key] = sends;
        }

        sends.Enqueue(now);
        var (shortestLimit, shortestWindow) = limits[0];
        var interval = shortestWindow * SafetyMargin / shortestLimit;
        var slot = _nextSlot.TryGetValue(key, out var next) && next > now - (interval / 4) ? next : now;
        _nextSlot[key] = slot + interval;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// How much of Teams' per-tenant budget (<see cref="ConnectorRateLimiter.TenantPerSecond"/>) this instance may use:
/// the budget is per app, so bot instances sending to one tenant share it instead of each taking all of it.
/// </summary>
public interface ITenantBudget
{
    /// <summary>
    /// Requests per second this instance may send to the tenant now, or null while it is still learning its share
    /// (the caller waits briefly and asks again). Asking marks the tenant as one this instance sends to.
    /// </summary>
    int? ShareOf(string tenantKey);
}

/// <summary>
/// Takes a slot from <see cref="ConnectorRateLimiter"/> before every Connector call, retries included. At most a
/// few calls are in flight at once, and a call books its slot only when it can leave: a slot booked long before
/// the request goes out would reach Teams bunched with the next second's calls. A call that must wait for a slot
/// gives its in-flight place back meanwhile, so calls to other conversations are not held up.
/// </summary>
public sealed class ConnectorRateLimitHandler(ConnectorRateLimiter limiter, Microsoft.Extensions.Options.IOptions<ConnectorOptions> options, TimeProvider time)
    : DelegatingHandler
{
    private const string ConversationsSegment = "/v3/conversations/";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!options.Value.EnforceTeamsRateLimits)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var uri = request.RequestUri!;
        var conversation = ConversationOf(uri);
        while (true)
        {
            await limiter.InFlight.WaitAsync(cancellationToken);
            TimeSpan? wait;
            try
            {
                wait = limiter.TryAcquire(uri.Authority, conversation);
                if (wait is null)
                {
                    return await base.SendAsync(request, cancellationToken);
                }
            }
            finally
            {
                limiter.InFlight.Release();
            }

            await Task.Delay(wait.Value, time, cancellationToken);
        }
    }

    /// <summary>The conversation a call counts against; a channel thread counts as its channel.</summary>
    public static string? ConversationOf(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var start = path.IndexOf(ConversationsSegment, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = path[(start + ConversationsSegment.Length)..];
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        return ConversationKey(end < 0 ? rest : rest[..end]);
    }

    /// <summary>The conversation Teams counts a call against: a channel thread (<c>;messageid=</c>) is its channel.</summary>
    public static string ConversationKey(string conversationId)
    {
        var thread = conversationId.IndexOf(";messageid=", StringComparison.Ordinal);
        return thread < 0 ? conversationId : conversationId[..thread];
    }
}
