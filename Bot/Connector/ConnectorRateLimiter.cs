using System.Globalization;
using System.Text;

namespace CityDealBot.Connector;

/// <summary>
/// Keeps outbound Connector traffic inside Teams' published bot limits (protocol reference §3.6) so that
/// fan-out does not earn 429s: per conversation 7 per second, 8 per 2 seconds, 60 per 30 seconds and 1800 per
/// hour; per app per tenant 50 per second. A request waits until every window it counts in has room.
/// Windows slide exactly: each keeps the send times inside it. A send counts from the moment it is booked as if
/// it left now, and from the moment its bytes were written to the socket at that moment (<see cref="BookedSend"/>):
/// a call held up between its slot and the socket (a thread waiting for a core, a garbage collection, a new
/// connection) therefore still counts where Teams will count it, instead of arriving bunched with the calls booked
/// after it. Each window is taken longer than Teams counts it, for the uneven delay between the socket and the
/// moment Teams counts the call: by 5 %, or by how late this host's timers have lately fired or its calls reached
/// the socket when that is more (a host starved of CPU is slow to hand its calls on, and its neighbours often are
/// too); and sends are spaced evenly over the shortest window rather than leaving in bursts.
/// </summary>
public sealed class ConnectorRateLimiter : ITenantSendHistory
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

    /// <summary>
    /// A conversation is hot, and its sends are published to the other instances (<see cref="HotSends"/>), once this
    /// instance has sent more than this fraction of one of its long windows (60/30 s, 1800/h) there: below it, its
    /// sends stay within its share however many instances (up to this number) divide the conversation's limits.
    /// </summary>
    public const int MaxSharingInstances = 8;

    /// <summary>How long to ask again while this instance's share of a tenant's budget is not known yet.</summary>
    private static readonly TimeSpan ShareUnknownWait = TimeSpan.FromMilliseconds(50);

    public const double SafetyMargin = 1.05;

    /// <summary>How many calls may be on the wire at once.</summary>
    public const int MaxInFlight = 16;

    /// <summary>The most headroom a window gets for a host's lateness (<see cref="TimerWasLate"/>).</summary>
    public static readonly TimeSpan MaxLateness = TimeSpan.FromSeconds(1);

    /// <summary>The longest window a send counts in, headroom included: older sends are forgotten.</summary>
    public static readonly TimeSpan LongestWindow = ConversationLimits.Max(l => l.Window) * SafetyMargin + MaxLateness;

    /// <summary>How fast the measured lateness is forgotten: it halves every so long.</summary>
    private static readonly TimeSpan LatenessHalfLife = TimeSpan.FromSeconds(10);

    /// <summary>The call on its way in this flow of execution, stamped by <see cref="SendStampStream"/> when its bytes are written.</summary>
    private static readonly AsyncLocal<BookedSend?> Leaving = new();

    private readonly TimeProvider _time;
    private readonly ITenantBudget? _budget;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantLedger> _tenants = new(StringComparer.Ordinal);
    private TimeSpan _lateness;
    private DateTimeOffset _latenessAt;

    public ConnectorRateLimiter(TimeProvider time, ITenantBudget? budget = null)
    {
        _time = time;
        _budget = budget;
        budget?.Attach(this);
    }

    public SemaphoreSlim InFlight { get; } = new(MaxInFlight, MaxInFlight);

    /// <summary>
    /// The primary handler for Connector calls: stamps each call booked by <see cref="ConnectorRateLimitHandler"/>
    /// when its request has been written to the connection (after TLS, so a handshake never counts as the call).
    /// </summary>
    public static SocketsHttpHandler CreateSocketsHandler() => new()
    {
        PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new SendStampStream(context.PlaintextStream)),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Books a slot now and returns null, or returns how long to wait before asking again. Keys: the service host
    /// (one per tenant region) and the conversation. The send counts as leaving now.
    /// </summary>
    public TimeSpan? TryAcquire(string tenantKey, string? conversationKey)
    {
        var wait = TryAcquire(tenantKey, conversationKey, out var booked);
        booked?.Left();
        return wait;
    }

    /// <summary>
    /// Books a slot now and returns null, or returns how long to wait before asking again. The booked send counts
    /// as leaving at every moment until <see cref="BookedSend.Left"/> says when it did.
    /// </summary>
    public TimeSpan? TryAcquire(string tenantKey, string? conversationKey, out BookedSend? booked)
    {
        booked = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (LimitsNow(tenantKey) is not (var tenantLimits, var conversationLimits))
            {
                return ShareUnknownWait;
            }

            var ledger = Ledger(tenantKey);
            var conversation = conversationKey is null ? null : ledger.Conversation(conversationKey);
            var wait = Max(WaitFor(ledger.Tenant, tenantLimits, now, null),
                conversation is null ? TimeSpan.Zero : WaitFor(conversation, conversationLimits, now, ledger.PeersIn(conversationKey!)));
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            var tenantSend = Book(ledger.Tenant, tenantLimits, now);
            var conversationSend = conversation is null ? null : Book(conversation, conversationLimits, now);
            booked = new BookedSend(MarkLeft, tenantSend, conversationSend, now);
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
            var now = _time.GetUtcNow();
            if (LimitsNow(tenantKey) is not (var tenantLimits, var conversationLimits))
            {
                return ShareUnknownWait;
            }

            var ledger = Ledger(tenantKey);
            return Max(WaitFor(ledger.Tenant, tenantLimits, now, null),
                conversationKey is null ? TimeSpan.Zero : WaitFor(ledger.Conversation(conversationKey), conversationLimits, now, ledger.PeersIn(conversationKey)));
        }
    }

    /// <summary>
    /// A timer of this instance's pacing fired <paramref name="late"/> after its time (or a call took that long from
    /// its slot to the socket): the host is that slow to run what is ready, so a call may reach Teams that much later
    /// than its neighbours; the windows keep that much headroom while it lasts (forgotten by half every
    /// <see cref="LatenessHalfLife"/>).
    /// </summary>
    public void TimerWasLate(TimeSpan late)
    {
        lock (_gate)
        {
            NoteLateness(late, _time.GetUtcNow());
        }
    }

    private void NoteLateness(TimeSpan late, DateTimeOffset now)
    {
        var kept = LatenessNow(now);
        _lateness = late > kept ? (late < MaxLateness ? late : MaxLateness) : kept;
        _latenessAt = now;
    }

    /// <summary>The headroom each window gets now: what is added to Teams' window before its sends have left it.</summary>
    public TimeSpan Headroom(TimeSpan teamsWindow)
    {
        lock (_gate)
        {
            return HeadroomAt(teamsWindow, _time.GetUtcNow());
        }
    }

    private TimeSpan LatenessNow(DateTimeOffset now) =>
        _lateness <= TimeSpan.Zero ? TimeSpan.Zero : _lateness * Math.Pow(0.5, Math.Max(0, (now - _latenessAt) / LatenessHalfLife));

    private TimeSpan HeadroomAt(TimeSpan teamsWindow, DateTimeOffset now) => Max(teamsWindow * (SafetyMargin - 1), LatenessNow(now));

    /// <summary>Marks the call booked in this flow of execution as written to the socket (see <see cref="SendStampStream"/>).</summary>
    internal static void CurrentLeft() => Leaving.Value?.Left();

    /// <summary>Makes <paramref name="booked"/> the call on its way in this flow of execution.</summary>
    internal static void SetLeaving(BookedSend? booked) => Leaving.Value = booked;

    /// <summary>
    /// This instance's sends in the tenant's hot conversations, for the other instances: per line the conversation
    /// (<see cref="Published"/>), a tab, and the sends' ages in tenths of a second (rounded down, so each counts as more recent than it was,
    /// and beyond a minute in whole ten seconds), "age*count" for several of the same age.
    /// </summary>
    public string HotSends(string tenantKey)
    {
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenantKey, out var ledger))
            {
                return string.Empty;
            }

            var now = _time.GetUtcNow();
            var text = new StringBuilder();
            foreach (var (conversation, window) in ledger.Conversations)
            {
                var times = window.Times(now);
                // The long windows (60/30 s, 1800/h), with the most headroom they may get.
                var hot = ConversationLimits.Skip(2).Any(l => Count(times, now, l.Window + MaxLateness) > l.Limit / MaxSharingInstances);
                if (!hot)
                {
                    continue;
                }

                text.Append(Published(conversation)).Append('\t');
                var ages = times.Select(t => Tenths(now - t)).Reverse().ToList();
                for (var i = 0; i < ages.Count;)
                {
                    var same = 1;
                    while (i + same < ages.Count && ages[i + same] == ages[i])
                    {
                        same++;
                    }

                    text.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : string.Empty)}{ages[i]}{(same > 1 ? "*" + same.ToString(CultureInfo.InvariantCulture) : string.Empty)}");
                    i += same;
                }

                text.Append('\n');
            }

            return text.ToString();
        }

        static long Tenths(TimeSpan age)
        {
            var tenths = Math.Max(0, (long)Math.Floor(age.TotalSeconds * 10));
            return tenths > 600 ? tenths / 100 * 100 : tenths;
        }
    }

    /// <summary>
    /// Takes what the other instances published (<see cref="HotSends"/>), each written <c>Age</c> ago, as their
    /// sends to the tenant's conversations in place of what they published before.
    /// </summary>
    public void PeersSent(string tenantKey, IReadOnlyList<(string HotSends, TimeSpan Age)> peers)
    {
        var parsed = new Dictionary<string, List<DateTimeOffset[]>>(StringComparer.Ordinal);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var (published, age) in peers)
            {
                foreach (var line in published.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var tab = line.LastIndexOf('\t');
                    if (tab <= 0)
                    {
                        continue;
                    }

                    var times = new List<DateTimeOffset>();
                    foreach (var token in line[(tab + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var star = token.IndexOf('*', StringComparison.Ordinal);
                        if (!long.TryParse(star < 0 ? token : token[..star], NumberStyles.None, CultureInfo.InvariantCulture, out var tenths)
                            || !int.TryParse(star < 0 ? "1" : token[(star + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var same))
                        {
                            continue;
                        }

                        var at = now - age - TimeSpan.FromSeconds(tenths / 10.0);
                        times.AddRange(Enumerable.Repeat(at, same));
                    }

                    var conversation = line[..tab];
                    if (!parsed.TryGetValue(conversation, out var byPeer))
                    {
                        parsed[conversation] = byPeer = [];
                    }

                    times.Sort();
                    byPeer.Add([.. times]);
                }
            }

            Ledger(tenantKey).PeerSends = parsed;
        }
    }

    /// <summary>Forgets conversations with no send left in any window (called now and then while booking).</summary>
    private void ForgetQuiet(DateTimeOffset now)
    {
        foreach (var ledger in _tenants.Values)
        {
            foreach (var (conversation, window) in ledger.Conversations.Where(c => c.Value.IsQuiet(now, LongestWindow)).ToList())
            {
                ledger.Conversations.Remove(conversation);
            }
        }
    }

    private void MarkLeft(BookedSend booked)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (booked.Tenant.LeftAt is null && now - booked.BookedAt is var held && held > TimeSpan.Zero)
            {
                // A call held up between its slot and the socket is a sign of a starved host, like a late timer.
                NoteLateness(held, now);
            }

            booked.Tenant.LeftAt ??= now;
            if (booked.Conversation is { } conversation)
            {
                conversation.LeftAt ??= now;
            }
        }
    }

    private TenantLedger Ledger(string tenantKey)
    {
        if (!_tenants.TryGetValue(tenantKey, out var ledger))
        {
            _tenants[tenantKey] = ledger = new TenantLedger();
        }

        return ledger;
    }

    /// <summary>
    /// The windows as this instance may use them: all of Teams' limits when it sends alone; when n instances send to
    /// the tenant (<see cref="ITenantBudget"/>), its share of the tenant's 50 per second and an n-th of each
    /// conversation window's limit, n counting for the long windows also the instances that stopped within them,
    /// since the instances' sweeps meet in the same conversations (a team's roster, a channel); null while the
    /// share is being learnt.
    /// </summary>
    private (IReadOnlyList<(int Limit, TimeSpan Window)> Tenant, IReadOnlyList<(int Limit, TimeSpan Window)> Conversation)? LimitsNow(string tenantKey)
    {
        if (_budget is null)
        {
            return (TenantLimits, ConversationLimits);
        }

        if (_budget.ShareOf(tenantKey) is not { } share)
        {
            return null;
        }

        IReadOnlyList<(int Limit, TimeSpan Window)> tenant = share.PerSecond >= TenantPerSecond ? TenantLimits : [(Math.Max(1, share.PerSecond), TimeSpan.FromSeconds(1))];
        IReadOnlyList<(int Limit, TimeSpan Window)> conversation = share.ConversationInstances.All(n => n <= 1)
            ? ConversationLimits
            : [.. ConversationLimits.Select((l, i) => (Math.Max(1, l.Limit / Math.Max(1, share.ConversationInstances[i])), l.Window))];
        return (tenant, conversation);
    }

    /// <summary>
    /// How long until one more send fits every window of <paramref name="limits"/>: this instance's own sends, and
    /// what the other instances sent there beyond their own share (<paramref name="peers"/>, per instance).
    /// </summary>
    private TimeSpan WaitFor(Window window, IReadOnlyList<(int Limit, TimeSpan Window)> limits, DateTimeOffset now, List<DateTimeOffset[]>? peers)
    {
        var own = window.Times(now);
        // Sends are also spread evenly over the shortest window instead of leaving in a burst at its start: a
        // burst reaches Teams queued and stretched, so its tail would count in the next window together with that
        // window's first sends. Spread out, the sustained rate is the same and only the burst is gone.
        var spacing = window.NextSlot is { } next ? next - now : TimeSpan.Zero;
        var wait = TimeSpan.Zero;
        foreach (var (limit, teamsWindow) in limits)
        {
            wait = Max(wait, FreeIn(own, peers, limit, teamsWindow + HeadroomAt(teamsWindow, now), now));
        }

        return Max(wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(1) : TimeSpan.Zero, spacing);
    }

    /// <summary>
    /// When one more send fits a window of <paramref name="span"/> in which this instance may send
    /// <paramref name="limit"/>. Every other instance keeps to the same share, so it can go over it only with sends
    /// made before it counted this one (a newcomer) or before it lowered its share: those, until they leave the
    /// window, are taken from this instance's share, so that all instances together stay within Teams' limit.
    /// </summary>
    private static TimeSpan FreeIn(DateTimeOffset[] own, List<DateTimeOffset[]>? peers, int limit, TimeSpan span, DateTimeOffset now)
    {
        if (peers is not { Count: > 0 })
        {
            // The send that must leave the window before another fits: the limit-th most recent one.
            return Count(own, now, span) < limit ? TimeSpan.Zero : own[^limit] + span - now;
        }

        bool Fits(DateTimeOffset at) => Count(own, at, span) + peers.Sum(p => Math.Max(0, Count(p, at, span) - limit)) < limit;
        if (Fits(now))
        {
            return TimeSpan.Zero;
        }

        foreach (var at in own.Concat(peers.SelectMany(p => p)).Select(t => t + span).Where(t => t > now).Order())
        {
            if (Fits(at))
            {
                return at - now;
            }
        }

        return span;
    }

    /// <summary>How many of the ascending <paramref name="times"/> lie within <paramref name="span"/> before <paramref name="at"/>.</summary>
    private static int Count(DateTimeOffset[] times, DateTimeOffset at, TimeSpan span)
    {
        var from = at - span;
        int low = 0, high = times.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] > from)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return times.Length - low;
    }

    /// <summary>
    /// Records a send and moves the key's next slot one interval on. The slots keep to an even grid: a send that
    /// left a little late (a timer fires a millisecond or two after its time) does not push every later send back,
    /// so the pace stays at the limit instead of drifting below it; after a pause the grid starts again from now.
    /// The windows still count every send, so the grid never lets more through than Teams allows.
    /// </summary>
    private Send Book(Window window, IReadOnlyList<(int Limit, TimeSpan Window)> limits, DateTimeOffset now)
    {
        var send = new Send();
        window.Sends.Add(send);
        var (shortestLimit, shortestWindow) = limits[0];
        var interval = (shortestWindow + HeadroomAt(shortestWindow, now)) / shortestLimit;
        var slot = window.NextSlot is { } next && next > now - (interval / 4) ? next : now;
        window.NextSlot = slot + interval;
        if (++_booked % 4096 == 0)
        {
            ForgetQuiet(now);
        }

        return send;
    }

    private long _booked;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// How a conversation is named to the other instances: a hash, so that table <c>TenantShares</c> holds no
    /// conversation id (a personal chat's id leads to a person).
    /// </summary>
    private static string Published(string conversationKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(conversationKey)))[..32];

    /// <summary>One send in a window: on its way (it counts as leaving now) until <see cref="LeftAt"/> says when it left.</summary>
    internal sealed class Send
    {
        public DateTimeOffset? LeftAt { get; set; }
    }

    /// <summary>The sends of one key (the tenant, or one of its conversations) and its next slot on the even spacing.</summary>
    private sealed class Window(TimeSpan keep)
    {
        public List<Send> Sends { get; } = [];

        public DateTimeOffset? NextSlot { get; set; }

        /// <summary>The sends still within the longest window, as ascending times (one on its way counts as now).</summary>
        public DateTimeOffset[] Times(DateTimeOffset now)
        {
            Sends.RemoveAll(s => s.LeftAt is { } at && now - at >= keep);
            var times = Sends.Select(s => s.LeftAt ?? now).ToArray();
            Array.Sort(times);
            return times;
        }

        public bool IsQuiet(DateTimeOffset now, TimeSpan span) => Sends.All(s => s.LeftAt is { } at && now - at >= span) && (NextSlot is null || NextSlot < now);
    }

    private sealed class TenantLedger
    {
        public Window Tenant { get; } = new(TenantLimits.Max(l => l.Window) + MaxLateness);

        public Dictionary<string, Window> Conversations { get; } = new(StringComparer.Ordinal);

        /// <summary>Per conversation (<see cref="Published"/>), the other instances' published sends (one ascending array per instance).</summary>
        public Dictionary<string, List<DateTimeOffset[]>> PeerSends { get; set; } = new(StringComparer.Ordinal);

        public List<DateTimeOffset[]>? PeersIn(string conversationKey) => PeerSends.Count == 0 ? null : PeerSends.GetValueOrDefault(Published(conversationKey));

        public Window Conversation(string key)
        {
            if (!Conversations.TryGetValue(key, out var window))
            {
                Conversations[key] = window = new Window(LongestWindow);
            }

            return window;
        }
    }
}

/// <summary>A slot taken from <see cref="ConnectorRateLimiter"/>: counts as leaving now until <see cref="Left"/> is called.</summary>
public sealed class BookedSend
{
    private readonly Action<BookedSend> _left;

    internal BookedSend(Action<BookedSend> left, ConnectorRateLimiter.Send tenant, ConnectorRateLimiter.Send? conversation, DateTimeOffset bookedAt)
    {
        _left = left;
        Tenant = tenant;
        Conversation = conversation;
        BookedAt = bookedAt;
    }

    internal DateTimeOffset BookedAt { get; }

    internal ConnectorRateLimiter.Send Tenant { get; }

    internal ConnectorRateLimiter.Send? Conversation { get; }

    /// <summary>The call has left (its request was written to the socket) now; the first call counts.</summary>
    public void Left() => _left(this);
}

/// <summary>
/// What this instance may use of a tenant's budget: <see cref="PerSecond"/> of Teams' 50 requests per second, and per
/// conversation window (in the order of <see cref="ConnectorRateLimiter.ConversationLimits"/>) how many instances
/// divide its limit.
/// </summary>
public sealed record TenantShare(int PerSecond, IReadOnlyList<int> ConversationInstances)
{
    public static TenantShare Alone { get; } = new(ConnectorRateLimiter.TenantPerSecond, [.. ConnectorRateLimiter.ConversationLimits.Select(_ => 1)]);
}

/// <summary>
/// How much of Teams' per-tenant budget (<see cref="ConnectorRateLimiter.TenantPerSecond"/>) and of each
/// conversation's limits this instance may use: the limits are per app, so bot instances sending to one tenant share
/// them instead of each taking all of them.
/// </summary>
public interface ITenantBudget
{
    /// <summary>
    /// This instance's share of the tenant now, or null while it is still learning it (the caller waits briefly and
    /// asks again). Asking marks the tenant as one this instance sends to.
    /// </summary>
    TenantShare? ShareOf(string tenantKey);

    /// <summary>The instance's record of its sends, published to the other instances and told what they published.</summary>
    void Attach(ITenantSendHistory history);
}

/// <summary>An instance's sends in a tenant's hot conversations, exchanged with the other instances (see <see cref="ConnectorRateLimiter.HotSends"/>).</summary>
public interface ITenantSendHistory
{
    string HotSends(string tenantKey);

    void PeersSent(string tenantKey, IReadOnlyList<(string HotSends, TimeSpan Age)> peers);
}

/// <summary>
/// Takes a slot from <see cref="ConnectorRateLimiter"/> before every Connector call, retries included. At most a
/// few calls are in flight at once, and a call books its slot only when it can leave: a slot booked long before
/// the request goes out would reach Teams bunched with the next second's calls. The slot counts as leaving at every
/// moment until the request has been written to the socket (<see cref="SendStampStream"/>, or when the answer
/// comes with another primary handler). A call that must wait for a slot gives its in-flight place back meanwhile,
/// so calls to other conversations are not held up.
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
                wait = limiter.TryAcquire(uri.Authority, conversation, out var booked);
                if (booked is not null)
                {
                    ConnectorRateLimiter.SetLeaving(booked);
                    try
                    {
                        return await base.SendAsync(request, cancellationToken);
                    }
                    finally
                    {
                        // Never earlier than it left; a no-op when the socket already said.
                        booked.Left();
                    }
                }
            }
            finally
            {
                limiter.InFlight.Release();
            }

            var due = time.GetTimestamp() + (long)(wait!.Value.TotalSeconds * time.TimestampFrequency);
            await Task.Delay(wait.Value, time, cancellationToken);
            if (time.GetElapsedTime(due) is var late && late > TimeSpan.Zero)
            {
                limiter.TimerWasLate(late);
            }
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

/// <summary>
/// The connection's plain-text stream (inside TLS) of a Connector call: once a request's bytes have been written,
/// the call booked in that flow of execution counts as having left then (see <see cref="ConnectorRateLimiter"/>).
/// </summary>
public sealed class SendStampStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        ConnectorRateLimiter.CurrentLeft();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        ConnectorRateLimiter.CurrentLeft();
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
        ConnectorRateLimiter.CurrentLeft();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        ConnectorRateLimiter.CurrentLeft();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
