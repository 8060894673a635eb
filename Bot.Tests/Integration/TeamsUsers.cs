namespace CityDealBot.Tests.Integration;

/// <summary>
/// The people of the test deal as Teams names them: the Teams user id, the Entra object id (the bot's person key)
/// and the display name. Anne de Vries sends the test activities unless a test says otherwise.
/// </summary>
public static class TeamsUsers
{
    public static readonly (string Id, string Aad, string Name) Anne = ("29:anne", "aad-anne", "Anne de Vries");
    public static readonly (string Id, string Aad, string Name) Bram = ("29:bram", "aad-bram", "Bram Jansen");
    public static readonly (string Id, string Aad, string Name) Chris = ("29:chris", "aad-chris", "Chris Bakker");
    public static readonly (string Id, string Aad, string Name) Dirk = ("29:dirk", "aad-dirk", "Dirk Smit");

    /// <summary>The person with an e-mail address, as the team's roster lists them (<see cref="BotHarness.AddToTeamAsync"/>).</summary>
    public static (string Id, string Aad, string Name, string Email) WithEmail(this (string Id, string Aad, string Name) user, string email) =>
        (user.Id, user.Aad, user.Name, email);
}
