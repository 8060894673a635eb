using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Storage;
using Microsoft.Extensions.Options;

namespace CityDealBot.Speeddates;

/// <summary>Section <c>Speeddates</c>.</summary>
public sealed class SpeeddateOptions
{
    public const string Section = "Speeddates";

    /// <summary>How often automatic sessions are checked for a round whose minutes are up; zero switches it off (tests).</summary>
    public TimeSpan TimerEvery { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Moves automatic sessions on when a round's minutes are up. Every instance runs it; each step is claimed once in
/// the delivery ledger (key: session and round), and the session row's ETag decides between the timer and a press.
/// After the last round the organiser gets the metrics in a personal message.
/// </summary>
public sealed class SpeeddateTimer(
    SpeeddateStore store,
    SpeeddateConductor conductor,
    DealDirectory directory,
    DeliveryLedger ledger,
    PersonalMessages messages,
    TimeProvider time,
    ILogger<SpeeddateTimer> logger) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    public const string Partition = "speeddate-timer";

    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Returns how many sessions it moved on.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var moved = 0;
        foreach (var session in await store.RunningAutomaticSessionsAsync(ct))
        {
            if (session.RoundStartedAt is not { } started || now < started.AddMinutes(session.Minutes))
            {
                continue;
            }

            var claim = await ledger.TryClaimAsync(Partition, $"{session.RowKey}:{session.CurrentRound}", Holder, ct);
            if (claim is null)
            {
                continue;
            }

            var deal = await directory.FindDealByKeyAsync(session.PartitionKey, ct);
            if (deal is null || !deal.IsActive)
            {
                await ledger.MarkSkippedAsync(claim, "deal inactive", ct);
                continue;
            }

            var organiser = await directory.FindPersonAsync(deal.TenantId ?? string.Empty, session.OrganiserKey, ct);
            var language = Languages.FromLocale(organiser?.Locale ?? deal.Language);
            var step = await conductor.AdvanceAsync(deal, session, language, ct);
            if (step.WasLost)
            {
                // The organiser pressed Next at the same moment: their press moved the session.
                await ledger.MarkSkippedAsync(claim, "moved on by a press", ct);
                continue;
            }

            if (step.Finished is { } metrics && organiser is not null)
            {
                await messages.SendAsync(organiser, SpeeddateCards.Metrics(metrics), ct);
            }

            await ledger.MarkSentAsync(claim, ct);
            logger.LogInformation("Speeddate {Session} moved on by its timer", session.RowKey);
            moved++;
        }

        return moved;
    }
}
