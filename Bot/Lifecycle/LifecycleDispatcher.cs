using System.Collections.Concurrent;
using System.Globalization;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Operations;
using CityDealBot.Storage;

namespace CityDealBot.Lifecycle;

/// <summary>Section <c>Lifecycle</c>.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>How often every instance looks for due prompts; zero switches the job off (tests run it themselves).</summary>
    public TimeSpan DispatchEvery { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// One tick of the lifecycle prompts: for every deal with a profile, asks the pure <see cref="LifecycleSchedule"/> what is
/// due now, claims each prompt per recipient in the <see cref="DeliveryLedger"/> (partition <c>lifecycle:{deal}</c>,
/// key prompt and person), so two instances or a restart never send one twice, and sends it to the person's 1:1 chat.
/// The project managers and dealmakers get every prompt. The follow-up round is a pulse for everyone who was in the
/// deal: it is claimed once per deal here (key the prompt) and opened through <see cref="IFollowUpRounds"/>, which
/// sends it to each former member personally. A deal whose bot was removed still gets its closing checklist and
/// follow-up round: they reach people personally.
/// </summary>
public sealed class LifecycleDispatcher(
    DealProfileStore profiles,
    DealDirectory directory,
    DeliveryLedger ledger,
    ProactiveOutbox outbox,
    SignedLinks links,
    IFollowUpRounds followUps,
    TimeProvider time,
    ILogger<LifecycleDispatcher> logger) : IPeriodicJob
{
    private readonly ConcurrentDictionary<string, bool> _finished = new(StringComparer.Ordinal);

    public string InstanceId { get; } = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    public static string Partition(string dealKey) => "lifecycle:" + dealKey;

    public static string DeliveryKey(LifecyclePrompt prompt, string personKey) => $"{prompt.Key}|{personKey}";

    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Sends what is due now; returns the number of cards sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!LifecycleSchedule.IsSendingTime(now))
        {
            return 0;
        }

        var sent = 0;
        foreach (var stored in await profiles.ListAsync(ct))
        {
            var due = LifecycleSchedule.DueAt(stored.Profile, now);
            if (due.Count == 0)
            {
                continue;
            }

            var deal = await directory.FindDealByKeyAsync(stored.DealKey, ct);
            if (deal is null || !deal.IsDeal)
            {
                continue;
            }

            foreach (var prompt in due.Where(p => Applies(p, stored.Profile, deal)))
            {
                sent += prompt.Kind == LifecyclePromptKind.FollowUpRound
                    ? await OpenFollowUpAsync(deal, stored, prompt, ct)
                    : await SendAsync(deal, stored, prompt, ct);
            }
        }

        return sent;
    }

    /// <summary>A deal that ended (phase afgerond, or the bot removed) gets only the closing checklist and the follow-up round.</summary>
    private static bool Applies(LifecyclePrompt prompt, DealProfile profile, DealRecord deal) =>
        prompt.Kind is LifecyclePromptKind.ClosingChecklist or LifecyclePromptKind.FollowUpRound
        || (deal.IsActive && profile.Phase != DealPhase.Afgerond);

    /// <summary>
    /// Opens the deal's follow-up round once across instances: the claim (key the prompt, no person) is held while the
    /// round is opened and its invitations sent; a crash leaves the claim to lapse and another instance opens the same
    /// round (its id is deterministic), and invitations Teams refused are resent by the pulse sweeper. Returns 1 when it opened it.
    /// </summary>
    private async Task<int> OpenFollowUpAsync(DealRecord deal, StoredDealProfile stored, LifecyclePrompt prompt, CancellationToken ct)
    {
        var finishedKey = stored.DealKey + "|" + prompt.Key;
        if (_finished.ContainsKey(finishedKey) || stored.Profile.End is not { } end)
        {
            return 0;
        }

        var claim = await ledger.TryClaimAsync(Partition(stored.DealKey), prompt.Key, InstanceId, ct);
        if (claim is null)
        {
            _finished[finishedKey] = true;
            return 0;
        }

        var dealName = deal.TeamName ?? deal.ChannelName ?? stored.DealName;
        bool opened;
        try
        {
            opened = await followUps.OpenAsync(new EndedDealFollowUp(deal, dealName, end, prompt.DueDate), ct);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
        {
            logger.LogError(e, "The follow-up round of {Deal} could not be opened; the next run tries again", deal.PartitionKey);
            opened = false;
        }

        if (!opened)
        {
            await ledger.ReleaseAfterFailureAsync(claim, "follow-up round not opened", ct);
            return 0;
        }

        await ledger.MarkSentAsync(claim, ct);
        _finished[finishedKey] = true;
        return 1;
    }

    private async Task<int> SendAsync(DealRecord deal, StoredDealProfile stored, LifecyclePrompt prompt, CancellationToken ct)
    {
        var members = await directory.ListMembersAsync(deal.ChannelId, ct);
        var recipients = members.Where(m => m.Role is DealRoles.Dealmaker or DealRoles.ProjectManager).ToList();
        var dealName = deal.TeamName ?? deal.ChannelName ?? stored.DealName;
        var sent = 0;
        foreach (var member in recipients)
        {
            var personKey = TableKey.Decode(member.RowKey);
            var key = DeliveryKey(prompt, personKey);
            var finishedKey = stored.DealKey + "|" + key;
            if (_finished.ContainsKey(finishedKey))
            {
                continue;
            }

            var claim = await ledger.TryClaimAsync(Partition(stored.DealKey), key, InstanceId, ct);
            if (claim is null)
            {
                _finished[finishedKey] = true;
                continue;
            }

            var person = await directory.FindPersonAsync(deal.TenantId ?? "unknown", personKey, ct);
            if (person is null || string.IsNullOrEmpty(person.ServiceUrl))
            {
                logger.LogWarning("Lifecycle prompt {Prompt} skipped for a member of {Deal}: no 1:1 address", prompt.Key, deal.PartitionKey);
                await ledger.MarkSkippedAsync(claim, "no address", ct);
                _finished[finishedKey] = true;
                continue;
            }

            var language = Languages.FromLocale(person.Locale ?? deal.Language);
            var card = LifecyclePromptCards.For(prompt, stored.Profile, dealName, language, ReportUrl(stored.DealKey, prompt, language));
            var outcome = await outbox.DeliverToPersonAsync(claim, person, card, ct);
            if (outcome == DeliveryOutcome.Sent)
            {
                sent++;
            }

            if (outcome != DeliveryOutcome.Released)
            {
                _finished[finishedKey] = true;
            }
        }

        return sent;
    }

    private string? ReportUrl(string dealKey, LifecyclePrompt prompt, Language language)
    {
        LifecycleReportId? report = prompt.Kind switch
        {
            LifecyclePromptKind.SteeringGroupReport => LifecycleReportId.Steering(DateOnly.ParseExact(prompt.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            LifecyclePromptKind.NetworkMeeting => LifecycleReportId.ForYear(int.Parse(prompt.Period, CultureInfo.InvariantCulture)),
            _ => null,
        };
        return report is null ? null : links.Url(LifecycleLinks.ReportRoute, dealKey, report.ToString(), language.Code());
    }
}
