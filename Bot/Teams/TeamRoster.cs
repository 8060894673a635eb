using CityDealBot.Connector;

namespace CityDealBot.Teams;

/// <summary>One person in a team or chat as the roster API reports them.</summary>
public sealed record RosterMember(
    string UserId,
    string Name,
    string? Email,
    string? UserPrincipalName,
    string? AadObjectId,
    string? TenantId,
    bool IsGuest)
{
    /// <summary>E-mail if known, else the UPN: the address the organisation mapping reads.</summary>
    public string? Address => Email ?? UserPrincipalName;
}

/// <summary>Reads the members of a team or chat through the paged members API.</summary>
public sealed class TeamRoster(ConnectorClient connector)
{
    /// <summary>
    /// Members of the conversation. For a team use the team id as the conversation id (protocol reference §3.3).
    /// A guest is someone Teams marks as guest, or whose home tenant is not the team's.
    /// </summary>
    public async Task<IReadOnlyList<RosterMember>> GetMembersAsync(string serviceUrl, string conversationId, string? teamTenantId, CancellationToken ct)
    {
        var members = new List<RosterMember>();
        await foreach (var member in connector.GetAllMembersAsync(serviceUrl, conversationId, ct))
        {
            members.Add(ToRosterMember(member, teamTenantId));
        }

        return members;
    }

    public static RosterMember ToRosterMember(TeamsChannelAccount member, string? teamTenantId)
    {
        var isGuest = string.Equals(member.UserRole, "guest", StringComparison.OrdinalIgnoreCase)
            || (teamTenantId is not null && member.TenantId is not null
                && !string.Equals(member.TenantId, teamTenantId, StringComparison.OrdinalIgnoreCase));
        return new RosterMember(
            member.Id ?? string.Empty,
            member.Name ?? string.Join(' ', new[] { member.GivenName, member.Surname }.Where(p => !string.IsNullOrEmpty(p))),
            member.Email,
            member.UserPrincipalName,
            member.AadObjectId,
            member.TenantId,
            isGuest);
    }
}

/// <summary>
/// Rosters read recently, for turns that only need to find the person pressing a button (their e-mail address):
/// a hall of people signing up at once shares one read of the roster instead of each reading it through Teams'
/// per-conversation limit. Someone not in a roster older than <see cref="RereadAfter"/> causes one new read, so a
/// member who joined the team a moment ago is found too.
/// </summary>
public sealed class RecentRosters(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RereadAfter = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset ReadAt, Task<IReadOnlyList<RosterMember>> Members)> _rosters = new(StringComparer.Ordinal);

    /// <summary>The member with this Teams id or Entra object id, or null. Connector failures propagate (nothing is kept).</summary>
    public async Task<RosterMember?> FindAsync(string serviceUrl, string conversationId, string? teamTenantId, TeamsUser user, CancellationToken ct)
    {
        var (readAt, members) = Read(serviceUrl, conversationId, teamTenantId, reread: false);
        var me = Find(await members.WaitAsync(ct), user);
        if (me is null && time.GetUtcNow() - readAt > RereadAfter)
        {
            (_, members) = Read(serviceUrl, conversationId, teamTenantId, reread: true);
            me = Find(await members.WaitAsync(ct), user);
        }

        return me;
    }

    /// <summary>Starts reading the roster now (when a sign-up opens), so the first presses find it ready.</summary>
    public void Warm(string serviceUrl, string conversationId, string? teamTenantId)
    {
        var (_, members) = Read(serviceUrl, conversationId, teamTenantId, reread: false);
        // A failed read is not kept; the first press reads again and handles the failure.
        _ = members.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private static RosterMember? Find(IReadOnlyList<RosterMember> members, TeamsUser user) =>
        members.FirstOrDefault(m => m.UserId == user.Id || (user.AadObjectId is not null && m.AadObjectId == user.AadObjectId));

    private (DateTimeOffset ReadAt, Task<IReadOnlyList<RosterMember>> Members) Read(string serviceUrl, string conversationId, string? teamTenantId, bool reread)
    {
        var key = serviceUrl + "|" + conversationId;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_rosters.TryGetValue(key, out var known) && now - known.ReadAt < Lifetime && !known.Members.IsFaulted && !known.Members.IsCanceled
                && !(reread && known.Members.IsCompleted && now - known.ReadAt > RereadAfter))
            {
                return known;
            }

            // Addresses are kept no longer than needed.
            foreach (var stale in _rosters.Where(r => now - r.Value.ReadAt >= Lifetime).Select(r => r.Key).ToList())
            {
                _rosters.Remove(stale);
            }

            var read = (now, ReadAsync(serviceUrl, conversationId, teamTenantId));
            _rosters[key] = read;
            return read;
        }
    }

    // Not tied to one caller's cancellation: others wait for the same read.
    private async Task<IReadOnlyList<RosterMember>> ReadAsync(string serviceUrl, string conversationId, string? teamTenantId)
    {
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TeamRoster>().GetMembersAsync(serviceUrl, conversationId, teamTenantId, CancellationToken.None);
    }
}
