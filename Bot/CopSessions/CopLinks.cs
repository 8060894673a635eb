using CityDealBot.Operations;

namespace CityDealBot.CopSessions;

/// <summary>A CoP session's signed link: its .ics file, for as long as invitations are kept valid.</summary>
public static class CopLinks
{
    /// <summary>Scope holds the deal key, Item the session id.</summary>
    public static readonly SignedLinkKind Invitation = new("CopInvitation", static o => o.InvitationLifetime);

    public static readonly SignedLinkRoute InvitationRoute = new(Invitation, "cop/ics", ".ics");
}
