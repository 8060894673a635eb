namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// How a Teams Connector judges a bot's sends: per conversation 7 per second, 8 per 2 seconds, 60 per 30
/// seconds and 1800 per hour; per app per tenant 50 per second (Microsoft's rate-limit page, protocol
/// reference §3.6). Used by fakes that answer 429 when a send would break a limit. Written apart from the
/// bot's own limiter so that one checks the other.
/// </summary>
public sealed class TeamsLimitLedger
{
    private static readonly (int Limit, TimeSpan Window)[] PerConversation =
        [(7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1))];
    private const int PerTenantPerSecond = 50;

    private readonly object _gate = new();
    private readonly List<TimeSpan> _tenantSends = [];
    private readonly Dictionary<string, List<TimeSpan>> _conversationSends = new(StringComparer.Ordinal);

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>Every refused send: when, which conversation, which window it would have broken and how full that window was.</summary>
    public IReadOnlyList<string> Rejections
    {
        get
        {
            lock (_gate)
            {
                return [.. _rejections];
            }
        }
    }

    private readonly List<string> _rejections = [];

    /// <summary>Records a send at <paramref name="at"/> (any monotonic clock) unless it would break a limit.</summary>
    public bool TryRecord(string? conversation, TimeSpan at)
    {
        lock (_gate)
        {
            if (Count(_tenantSends, at, TimeSpan.FromSeconds(1)) >= PerTenantPerSecond)
            {
                return Reject(at, conversation, "tenant", PerTenantPerSecond, TimeSpan.FromSeconds(1), _tenantSends);
            }

            List<TimeSpan>? sends = null;
            if (conversation is not null)
            {
                sends = _conversationSends.TryGetValue(conversation, out var list) ? list : _conversationSends[conversation] = [];
                foreach (var (limit, window) in PerConversation)
                {
                    if (Count(sends, at, window) >= limit)
                    {
                        return Reject(at, conversation, "conversation", limit, window, sends);
                    }
                }
            }

            _tenantSends.Add(at);
            sends?.Add(at);
            Accepted++;
            return true;
        }
    }

    private bool Reject(TimeSpan at, string? conversation, string scope, int limit, TimeSpan window, List<TimeSpan> sends)
    {
        Rejected++;
        var first = sends.Count >= limit ? sends[^limit] : TimeSpan.Zero;
        _rejections.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"at {at.TotalSeconds:F3} s to {conversation ?? "(none)"}: {scope} {limit}/{window.TotalSeconds:F0} s full since {first.TotalSeconds:F3} s (accepted so far {Accepted}, first accepted at {(_tenantSends.Count > 0 ? _tenantSends[0].TotalSeconds : 0):F3} s)"));
        return false;
    }

    private static int Count(List<TimeSpan> sends, TimeSpan now, TimeSpan window)
    {
        var count = 0;
        for (var i = sends.Count - 1; i >= 0 && now - sends[i] < window; i--)
        {
            count++;
        }

        return count;
    }
}
