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
