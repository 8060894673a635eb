namespace CityDealBot.Deals;

/// <summary>
/// A deal that ended, due for its follow-up round: the deal, its name as its people knew it, the day it ended and the
/// day the round is due (the lifecycle's schedule decides when; the pulse feature decides what the round is).
/// </summary>
public sealed record EndedDealFollowUp(DealRecord Deal, string DealName, DateOnly EndedOn, DateOnly DueOn);

/// <summary>
/// The neutral contract between the lifecycle (which knows when a deal ended and when its follow-up is due) and the
/// pulse (which runs the round), so neither feature knows the other. Opening is idempotent: a second call for the
/// same deal finds the round it opened and only sends the invitations that are still missing.
/// </summary>
public interface IFollowUpRounds
{
    /// <summary>Opens the deal's follow-up round, once, and invites its former members personally; false when something must be tried again.</summary>
    Task<bool> OpenAsync(EndedDealFollowUp followUp, CancellationToken ct);
}
