using System.Security.Claims;
using CityDealBot.Deals;
using CityDealBot.Pulse;
using CityDealBot.Teams;

namespace CityDealBot.Dashboard;

/// <summary>Who is looking: the Entra object id (the bot's person key for Teams users), name and tenant from the session.</summary>
public sealed record DashboardViewer(string ObjectId, string Name, string? TenantId)
{
    public const string ObjectIdClaim = "oid";
    public const string NameClaim = "name";
    public const string TenantClaim = "tid";

    public TeamsUser AsTeamsUser => new(ObjectId, Name, ObjectId, TenantId);

    public static DashboardViewer? From(ClaimsPrincipal? principal) =>
        principal?.FindFirst(ObjectIdClaim)?.Value is { Length: > 0 } oid
            ? new DashboardViewer(oid, principal.FindFirst(NameClaim)?.Value ?? string.Empty, principal.FindFirst(TenantClaim)?.Value)
            : null;

    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [new Claim(ObjectIdClaim, ObjectId), new Claim(NameClaim, Name), .. TenantId is null ? Array.Empty<Claim>() : [new Claim(TenantClaim, TenantId)]],
        scheme, NameClaim, null));
}

/// <summary>
/// What a deal's page shows to this viewer: nothing (null), the members' view, or the dealmakers' view with remarks and
/// exports. A programme administrator who is not one of the deal's people sees the members' view without what the
/// deal keeps internal (its internal lessons).
/// </summary>
public sealed record DealAccess(DealRecord Deal, PulseViewerRole Role, bool IsMember = true);

/// <summary>
/// The dashboard's roles come from the bot's own tables, checked on every request: programme administrators
/// (<see cref="ProgrammeAdministrators"/>) see the programme view and every deal; a deal's members (a role in
/// <c>DealMembers</c>, or in the deal's team roster) see that deal; dealmakers also get remarks and exports.
/// </summary>
public sealed class DashboardAccess(ProgrammeAdministrators administrators, DealDirectory directory, RecentRosters rosters, ILogger<DashboardAccess> log)
{
    public bool SeesProgramme(DashboardViewer viewer) => administrators.Includes(viewer.AsTeamsUser);

    public async Task<DealAccess?> DealAsync(DashboardViewer viewer, string channelId, CancellationToken ct)
    {
        var deal = await directory.FindDealAsync(channelId, ct);
        if (deal is null || !deal.IsDeal)
        {
            return null;
        }

        var member = await directory.FindMemberAsync(deal.ChannelId, viewer.ObjectId, ct);
        if (member is not null)
        {
            return new DealAccess(deal, member.Role == DealRoles.Dealmaker ? PulseViewerRole.Dealmaker : PulseViewerRole.Partner);
        }

        if (SeesProgramme(viewer))
        {
            return new DealAccess(deal, PulseViewerRole.Partner, IsMember: false);
        }

        // Partners need no stored role: being in the deal's team is membership, as in the channel itself.
        try
        {
            var inRoster = await rosters.FindAsync(deal.ServiceUrl, deal.TeamId ?? deal.ChannelId, deal.TenantId, viewer.AsTeamsUser, ct);
            return inRoster is null ? null : new DealAccess(deal, PulseViewerRole.Partner);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            // Without the roster membership cannot be shown, so the page is refused rather than guessed.
            log.LogWarning(e, "Dashboard: the roster of deal {DealKey} could not be read; access refused", deal.PartitionKey);
            return null;
        }
    }
}
