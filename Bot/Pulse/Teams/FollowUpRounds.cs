using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Dispatch;
using CityDealBot.DutchTime;
using CityDealBot.Storage;

namespace CityDealBot.Pulse;

/// <summary>
/// The follow-up round of a deal that ended (impact often shows a few years after a deal ends): one pulse with the
/// default questionnaire, sent to every former member of the deal in their 1:1 chat because the bot is no longer in
/// the deal's channel. Opened once under a deterministic round id; each invitation and each result is claimed per
/// person in the delivery ledger, so two instances or a restart never send one twice. When it closes, its results go
/// personally to the deal's former dealmakers and project managers and to the programme administrators.
/// </summary>
public sealed class FollowUpRounds(
    PulseStore store,
    PulsePresenter presenter,
    DealDirectory directory,
    ProgrammeAdministrators administrators,
    DeliveryLedger ledger,
    ProactiveOutbox outbox,
    ProactiveDispatcher dispatcher,
    TimeProvider time,
    ILogger<FollowUpRounds> logger) : IFollowUpRounds
{
    /// <summary>
    /// How long a follow-up round runs: three weeks rather than a deal pulse's one, because its people have moved on to
    /// other work and answer a card from a deal that ended when they get to it.
    /// </summary>
    public static readonly TimeSpan Duration = TimeSpan.FromDays(21);

    /// <summary>The ledger partition of a round's invitations (key: the person).</summary>
    public static string InvitationPartition(string roundId) => "pulse-followup:" + roundId;

    /// <summary>The ledger partition of a round's results sent personally (key: the person).</summary>
    public static string ResultsPartition(string roundId) => "pulse-followup-results:" + roundId;

    /// <summary>Invitations this instance knows to be settled (sent, parked or skipped), so a sweep does not ask storage again.</summary>
    private readonly ConcurrentDictionary<string, bool> _invited = new(StringComparer.Ordinal);

    /// <summary>
    /// The deal's follow-up round id: the same on every instance and after a restart (shaped like every round id: the
    /// inverted ticks of 09:00 on its due day, then a hash of the deal), so inserting it twice is a 409.
    /// </summary>
    public static string RoundId(string dealKey, DateOnly dueOn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("follow-up|" + dealKey));
        return PulseStore.NewRoundId(AmsterdamTime.ToInstant(dueOn, new TimeOnly(9, 0)))[..20] + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    /// <summary>The close: 17:00 Amsterdam time on the working day <see cref="Duration"/> after the open (or the next working day).</summary>
    public static DateTimeOffset ClosesAt(DateTimeOffset opensAt) =>
        AmsterdamTime.ToInstant(DutchWorkingDays.OnOrNextWorkingDay(AmsterdamTime.LocalDate(opensAt + Duration)), StartPulseCommand.CloseTime);

    public async Task<bool> OpenAsync(EndedDealFollowUp followUp, CancellationToken ct)
    {
        var deal = followUp.Deal;
        var roundId = RoundId(deal.PartitionKey, followUp.DueOn);
        var round = await store.FindRoundAsync(deal.ChannelId, roundId, ct)
            ?? await store.CreateFollowUpRoundAsync(deal.ChannelId, roundId, ClosesAt(time.GetUtcNow()), followUp.EndedOn, followUp.DealName, deal.Language, ct);
        logger.LogInformation("Follow-up round {RoundId} of ended deal {DealKey} is open until {ClosesAt}", round.RowKey, deal.PartitionKey, round.ClosesAt);
        await InviteAsync(round, ct);
        return true;
    }

    /// <summary>
    /// Sends the form to each former member (everyone with a role in the deal) who has not had it yet; the pulse sweeper
    /// calls this for every open follow-up round, so an invitation Teams refused is sent later. Returns how many were sent now.
    /// </summary>
    public async Task<int> InviteAsync(PulseRoundRecord round, CancellationToken ct)
    {
        var template = PulsePresenter.FindTemplate(round.TemplateId);
        var deal = await directory.FindDealAsync(round.DealChannelId, ct);
        if (template is null || deal is null || !round.ToRound().IsOpenAt(time.GetUtcNow()))
        {
            return 0;
        }

        var pending = (await directory.ListMembersAsync(deal.ChannelId, ct))
            .Select(m => TableKey.Decode(m.RowKey))
            .Where(person => !_invited.ContainsKey(round.RowKey + "|" + person))
            .ToList();
        if (pending.Count == 0)
        {
            return 0;
        }

        var partition = InvitationPartition(round.RowKey);
        foreach (var settled in (await ledger.ListAsync(partition, ct)).Where(r => r.State != DeliveryStates.Claimed))
        {
            _invited[round.RowKey + "|" + TableKey.Decode(settled.RowKey)] = true;
        }

        var deliveries = pending
            .Where(person => !_invited.ContainsKey(round.RowKey + "|" + person))
            .Select(personKey => new ProactiveDelivery(partition, personKey, async (claim, token) =>
            {
                var person = await directory.FindPersonAsync(deal.TenantId ?? string.Empty, personKey, token);
                if (person is null || string.IsNullOrEmpty(person.ServiceUrl))
                {
                    logger.LogWarning("Follow-up round {RoundId}: a former member of {DealKey} has no 1:1 address", round.RowKey, deal.PartitionKey);
                    await ledger.MarkSkippedAsync(claim, "no address", token);
                    _invited[round.RowKey + "|" + personKey] = true;
                    return false;
                }

                var language = Languages.FromLocale(person.Locale ?? deal.Language);
                var card = PulseCards.Pulse(presenter.Form(language, round, template, answers: null, hasAnswered: false));
                var outcome = await outbox.DeliverToPersonAsync(claim, person, card, token);
                if (outcome != DeliveryOutcome.Released)
                {
                    _invited[round.RowKey + "|" + personKey] = true;
                }

                return outcome == DeliveryOutcome.Sent;
            }))
            .ToList();
        return (await dispatcher.DispatchAsync(deliveries, ct)).Sent;
    }

    /// <summary>
    /// After the close: stores the round's tally (once, claimed like every pulse's results) and sends the results to
    /// the deal's former dealmakers (with the remarks, from the threshold) and project managers, and to the programme
    /// administrators, each claimed per person. Returns false while a send must be tried again.
    /// </summary>
    public async Task<bool> PostResultsAsync(PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        var claim = await ledger.TryClaimAsync(PulseSweeper.ResultsPartition, round.RowKey, dispatcher.Holder, ct);
        if (claim is not null)
        {
            await store.SaveTallyAsync(template.Id, await presenter.TallyAsync(round, template, ct), ct);
            await ledger.MarkSentAsync(claim, ct);
        }
        else if ((await ledger.FindAsync(PulseSweeper.ResultsPartition, round.RowKey, ct))?.State is null or DeliveryStates.Claimed)
        {
            // Another instance is storing the tally right now; it sends the results too.
            return false;
        }

        var deal = await directory.FindDealAsync(round.DealChannelId, ct);
        if (deal is null)
        {
            return true;
        }

        // Person key to whether they see the results as a dealmaker (remarks) or as a partner would.
        var recipients = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in await directory.ListMembersAsync(deal.ChannelId, ct))
        {
            if (member.Role is DealRoles.Dealmaker or DealRoles.ProjectManager)
            {
                recipients[TableKey.Decode(member.RowKey)] = member.Role == DealRoles.Dealmaker;
            }
        }

        foreach (var administrator in administrators.ObjectIds)
        {
            recipients.TryAdd(administrator, false);
        }

        var asPartner = await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct);
        var asDealmaker = await presenter.ResultsAsync(round, template, PulseViewerRole.Dealmaker, ct);
        var settled = true;
        var deliveries = recipients.Select(recipient => new ProactiveDelivery(ResultsPartition(round.RowKey), recipient.Key, async (claim, token) =>
        {
            // An administrator's key comes from the settings; Teams sends object ids in lower case.
            var person = await directory.FindPersonAsync(deal.TenantId ?? string.Empty, recipient.Key, token)
                ?? await directory.FindPersonAsync(deal.TenantId ?? string.Empty, recipient.Key.ToLowerInvariant(), token);
            if (person is null || string.IsNullOrEmpty(person.ServiceUrl))
            {
                await ledger.MarkSkippedAsync(claim, "no address", token);
                return false;
            }

            var language = Languages.FromLocale(person.Locale ?? deal.Language);
            var card = PulseCards.Results(presenter.FollowUpResultsView(language, round, recipient.Value ? asDealmaker : asPartner));
            var outcome = await outbox.DeliverToPersonAsync(claim, person, card, token);
            if (outcome == DeliveryOutcome.Released)
            {
                logger.LogWarning("The results of follow-up round {RoundId} could not be sent to one recipient; retried later", round.RowKey);
                settled = false;
            }

            return outcome == DeliveryOutcome.Sent;
        })).ToList();
        return (await dispatcher.DispatchAsync(deliveries, ct)).Failed == 0 && settled;
    }
}
