using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Operations;
using CityDealBot.Storage;

namespace CityDealBot.CopSessions;

/// <summary>
/// Opens the speed-date block of a running CoP session at its start (Amsterdam wall-clock time on the session's day, kept
/// as minutes after the start so it moves with the session): the speeddates get the people who said yes and the
/// session's choices through <see cref="ISpeeddateBlocks"/>. Every instance runs it; a claim in the delivery ledger
/// keeps each block's opening single across instances and restarts, and a failed opening is tried again.
/// </summary>
public sealed class CopSpeeddateBlocks(
    CopSessionStore store,
    DealDirectory directory,
    ISpeeddateBlocks speeddates,
    DeliveryLedger ledger,
    TimeProvider time,
    ILogger<CopSpeeddateBlocks> logger) : IPeriodicJob
{
    /// <summary>A block found this long after its time (the bot was down) still opens, unless the session has ended.</summary>
    public static readonly TimeSpan LateWindow = TimeSpan.FromMinutes(30);

    /// <summary>The longest session the planning card allows (480 minutes).</summary>
    private static readonly TimeSpan LongestSession = TimeSpan.FromMinutes(480);

    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static string Partition(string sessionId) => "cop-speeddate:" + sessionId;

    /// <summary>One opening per session, whatever its time: a moved session whose block opened does not open it again.</summary>
    public const string DeliveryKey = "open";

    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Opens the blocks that are due; returns how many it opened.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var opened = 0;
        foreach (var session in await store.StartedAsync(now - LongestSession - LateWindow, now, ct))
        {
            if (!session.HasSpeeddate || !IsDue(session, now))
            {
                continue;
            }

            try
            {
                opened += await OpenAsync(session, ct) ? 1 : 0;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or ConnectorException or HttpRequestException)
            {
                logger.LogError(e, "The speed-date block of CoP session {SessionId} could not be opened; the next run tries again", session.RowKey);
            }
        }

        return opened;
    }

    /// <summary>From the block's time until the session ends (or, for a block at the very end, half an hour).</summary>
    public static bool IsDue(CopSessionRecord session, DateTimeOffset now)
    {
        var blockStart = session.SpeeddateStartsAt();
        var end = session.StartsAt.AddMinutes(session.DurationMinutes);
        return now >= blockStart && now < (end > blockStart + LateWindow ? end : blockStart + LateWindow);
    }

    private async Task<bool> OpenAsync(CopSessionRecord session, CancellationToken ct)
    {
        var claim = await ledger.TryClaimAsync(Partition(session.RowKey), DeliveryKey, Holder, ct);
        if (claim is null)
        {
            return false;
        }

        try
        {
            var deal = await directory.FindDealByKeyAsync(session.PartitionKey, ct);
            if (deal is not { IsActive: true })
            {
                await ledger.MarkSkippedAsync(claim, "the session's channel is gone", ct);
                return false;
            }

            // Only a yes counts: maybe and no are not asked to sign up.
            var yes = (await store.AnswersAsync(session.RowKey, ct)).Where(a => a.Answer == CopCards.Yes).Select(a => TableKey.Decode(a.RowKey)).ToList();
            var result = await speeddates.OpenAsync(new SpeeddateBlockRequest(
                deal,
                "cop:" + session.RowKey,
                session.Title,
                session.SpeeddateRounds,
                session.SpeeddateMinutes,
                session.SpeeddateGroupSize,
                session.SpeeddateDeck,
                session.Mode != "inperson",
                session.OrganiserKey,
                session.OrganiserObjectId,
                yes,
                Languages.FromLocale(session.Language)), ct);
            await ledger.MarkSentAsync(claim, ct);
            logger.LogInformation("Speed-date block of CoP session {SessionId} opened for {Invited} people", session.RowKey, result.Invited);
            return !result.WasAlreadyOpen;
        }
        catch (Exception e) when (e is Azure.RequestFailedException or ConnectorException or HttpRequestException)
        {
            await ledger.ReleaseAfterFailureAsync(claim, e.GetType().Name, ct);
            throw;
        }
    }
}
