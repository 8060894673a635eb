using CityDealBot.Operations;

namespace CityDealBot.Coffee;

/// <summary>Coffee's signed link: the agreed date's .ics file.</summary>
public static class CoffeeLinks
{
    /// <summary>Scope holds the week, Item the group id.</summary>
    public static readonly SignedLinkKind Invitation = new("CoffeeInvitation", static o => o.InvitationLifetime);

    public static readonly SignedLinkRoute InvitationRoute = new(Invitation, "coffee/ics", ".ics");
}
