using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Dispatch;
using CityDealBot.Storage;
using CityDealBot.Teams;
using Microsoft.Extensions.Options;

namespace CityDealBot.Pulse;

/// <summary>
/// The proactive side of pulses, run every minute by every instance: posts the results of rounds that closed
/// and sends due reminders. The delivery ledger makes each post and reminder happen once across instances.
/// </summary>
public sealed class PulseSweeper(
    PulseStore store,
    PulsePresenter presenter,
    DealDirectory directory,
    ProactiveOutbox outbox,
    TeamRoster roster,
    DeliveryLedger ledger,
    ProactiveDispatcher dispatcher,
    StorageTables tables,
    FollowUpRounds followUps,
    TimeProvider time,
    ILogger<PulseSweeper> logger) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    public const string ResultsPartition = "pulse-results";

    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static string ReminderPartition(string roundId) => "pulse-reminder:" + roundId;

    /// <summary>Returns the number of unfinished rounds it handled (results posted or reminders sent where due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var handled = 0;
        foreach (var round in await store.UnfinishedRoundsAsync(ct))
        {
            try
            {
                if (round.ToRound().IsClosedAt(now))
                {
                    await PostResultsAsync(round, ct);
                    handled++;
                }
                else if (round.ToRound().IsOpenAt(now))
                {
                    if (round.IsFollowUp)
                    {
                        // Invitations Teams refused for a while (or that a crash left) go out now.
                        await followUps.InviteAsync(round, ct);
                    }

                    await RemindAsync(round, now, ct);
                    handled++;
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or ConnectorException or HttpRequestException)
            {
                logger.LogError(e, "Pulse round {RoundId} could not be processed; the next sweep tries again", round.RowKey);
            }
        }

        return handled;
    }

    private async Task PostResultsAsync(PulseRoundRecord round, CancellationToken ct)
    {
        var template = PulsePresenter.FindTemplate(round.TemplateId);
        if (round.IsFollowUp && template is not null)
        {
            // The bot is gone from an ended deal's channel: the results go to its people and the administrators personally.
            if (await followUps.PostResultsAsync(round, template, ct))
            {
                await store.MarkFinishedAsync(round, ct);
            }

            return;
        }

        var deal = await directory.FindDealAsync(round.DealChannelId, ct);
        var claim = await ledger.TryClaimAsync(ResultsPartition, round.RowKey, Holder, ct);
        if (claim is not null)
        {
            if (template is null || deal is null || !deal.IsActive)
            {
                await ledger.MarkSkippedAsync(claim, "deal inactive or template unknown", ct);
                await store.MarkFinishedAsync(round, ct);
                return;
            }

            // The closed round's aggregate is kept for trends and the all-deals mean.
            await store.SaveTallyAsync(template.Id, await presenter.TallyAsync(round, template, ct), ct);
            var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct);
            var language = Languages.FromLocale(deal.Language);
            // Released, the next sweep claims it again; sent or parked in the outbox, the guides follow.
            if (await outbox.DeliverInChannelAsync(claim, deal, PulseCards.Results(presenter.ResultsView(language, round, results)), ct) == DeliveryOutcome.Released)
            {
                return;
            }
        }
        else if ((await ledger.FindAsync(ResultsPartition, round.RowKey, ct))?.State is null or DeliveryStates.Claimed)
        {
            // Another instance is posting the results right now; it sends the guides too.
            return;
        }

        if (template is null || deal is null || !deal.IsActive)
        {
            await store.MarkFinishedAsync(round, ct);
            return;
        }

        // Done once every dealmaker's guide is sent, parked or skipped; a released one keeps the round for the next sweep.
        if (await SendGuidesAsync(round, template, deal, ct))
        {
            await store.MarkFinishedAsync(round, ct);
        }
    }

    /// <summary>
    /// The follow-up conversation guide, to each of the deal's dealmakers in a personal chat, claimed per person,
    /// when the results could be shown. Returns false when a send must be retried.
    /// </summary>
    private async Task<bool> SendGuidesAsync(PulseRoundRecord round, PulseTemplate template, DealRecord deal, CancellationToken ct)
    {
        // Below the respondent threshold there is nothing to talk through; the channel's results say why.
        var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct);
        if (!results.IsShown)
        {
            return true;
        }

        var settled = true;
        var deliveries = new List<ProactiveDelivery>();
        foreach (var member in await directory.ListMembersAsync(deal.ChannelId, ct))
        {
            if (member.Role != DealRoles.Dealmaker)
            {
                continue;
            }

            var personKey = TableKey.Decode(member.RowKey);
            deliveries.Add(new ProactiveDelivery(GuidePartition(round.RowKey), personKey, async (claim, token) =>
            {
                var person = await directory.FindPersonAsync(deal.TenantId ?? string.Empty, personKey, token);
                if (person is null)
                {
                    await ledger.MarkSkippedAsync(claim, "the bot has no way to reach this dealmaker", token);
                    return false;
                }

                var language = Languages.FromLocale(person.Locale ?? deal.Language);
                var card = PulseCards.Guide(PulsePresenter.GuideView(language, deal, round, template, results));
                var outcome = await outbox.DeliverToPersonAsync(claim, person, card, token);
                if (outcome == DeliveryOutcome.Released)
                {
                    logger.LogWarning("The conversation guide of round {RoundId} could not be sent; it is retried later", round.RowKey);
                    settled = false;
                }

                return outcome == DeliveryOutcome.Sent;
            }));
        }

        if ((await dispatcher.DispatchAsync(deliveries, ct)).Failed > 0)
        {
            settled = false;
        }

        return settled;
    }

    public static string GuidePartition(string roundId) => "pulse-guide:" + roundId;

    private async Task RemindAsync(PulseRoundRecord round, DateTimeOffset now, CancellationToken ct)
    {
        if (!PulseReminderPlanner.IsWorkingTime(now))
        {
            return;
        }

        var deal = await directory.FindDealAsync(round.DealChannelId, ct);
        var template = PulsePresenter.FindTemplate(round.TemplateId);
        if (deal is null || (!deal.IsActive && !round.IsFollowUp) || template is null)
        {
            return;
        }

        // A follow-up round is for the deal's former members, not for whoever is in its team now.
        var participants = round.IsFollowUp ? await FormerMembersAsync(deal, ct) : await ParticipantsAsync(deal, ct);
        var answered = (await store.ResponsesAsync(round.RowKey, ct)).Select(r => r.RespondentKey).ToHashSet(StringComparer.Ordinal);
        var partition = ReminderPartition(round.RowKey);
        var prefix = PulseReminderPlanner.DeliveryKey(round.RowKey, string.Empty, 0)[..^":0".Length];
        var sent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in await ledger.ListAsync(partition, ct))
        {
            var key = TableKey.Decode(record.RowKey);
            var last = key.LastIndexOf(':');
            if (record.State == DeliveryStates.Sent && key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(key[(last + 1)..], out var number))
            {
                var participant = key[prefix.Length..last];
                sent[participant] = Math.Max(sent.GetValueOrDefault(participant), number);
            }
        }

        var deliveries = PulseReminderPlanner.Due(round.ToRound(), now, participants.Keys, answered, sent)
            .Select(due => new ProactiveDelivery(partition, due.DeliveryKey, async (claim, token) =>
            {
                var person = await directory.FindPersonAsync(deal.TenantId ?? string.Empty, due.ParticipantId, token) ?? participants[due.ParticipantId];
                if (person is null)
                {
                    await ledger.MarkSkippedAsync(claim, "no way to reach this person", token);
                    return false;
                }

                var language = Languages.FromLocale(person.Locale ?? deal.Language);
                var card = PulseCards.Reminder(new PulseReminderCardView(
                    language,
                    template.Title.In(language),
                    deal.TeamName ?? deal.ChannelName ?? string.Empty,
                    PulsePresenter.When(round.ClosesAt, language),
                    due.Number,
                    InPersonalChat: round.IsFollowUp));
                var outcome = await outbox.DeliverToPersonAsync(claim, person, card, token);
                if (outcome == DeliveryOutcome.Released)
                {
                    logger.LogWarning("Reminder {Key} failed; it is retried later", due.DeliveryKey);
                }

                return outcome == DeliveryOutcome.Sent;
            }))
            .ToList();
        await dispatcher.DispatchAsync(deliveries, ct);
    }

    /// <summary>Everyone who had a role in the deal, by person key; each is looked up when reminded.</summary>
    private async Task<Dictionary<string, PersonRecord?>> FormerMembersAsync(DealRecord deal, CancellationToken ct) =>
        (await directory.ListMembersAsync(deal.ChannelId, ct)).ToDictionary(m => TableKey.Decode(m.RowKey), _ => (PersonRecord?)null, StringComparer.Ordinal);

    /// <summary>
    /// The people in the deal by person key: the team roster when Teams gives it (with what is needed to open a
    /// 1:1 chat), else the deal's members with a role, who can be reached only if the bot has met them.
    /// </summary>
    private async Task<Dictionary<string, PersonRecord?>> ParticipantsAsync(DealRecord deal, CancellationToken ct)
    {
        var participants = new Dictionary<string, PersonRecord?>(StringComparer.Ordinal);
        try
        {
            foreach (var member in await roster.GetMembersAsync(deal.ServiceUrl, deal.TeamId ?? deal.ChannelId, deal.TenantId, ct))
            {
                if (member.UserId.Length == 0 || member.UserId == deal.BotId)
                {
                    continue;
                }

                participants[member.AadObjectId ?? member.UserId] = new PersonRecord
                {
                    PartitionKey = TableKey.Encode(deal.TenantId ?? string.Empty),
                    RowKey = TableKey.Encode(member.AadObjectId ?? member.UserId),
                    UserId = member.UserId,
                    Name = member.Name,
                    AadObjectId = member.AadObjectId,
                    ServiceUrl = deal.ServiceUrl,
                    BotId = deal.BotId,
                    Locale = deal.Language,
                };
            }

            if (participants.Count > 0)
            {
                return participants;
            }
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "Roster of deal {ChannelId} unavailable; reminding its known members", deal.ChannelId);
        }

        var members = await tables.GetAsync(DealDirectory.DealMembersTable, ct);
        await foreach (var member in members.QueryAsync<DealMemberRecord>(m => m.PartitionKey == DealDirectory.DealKey(deal.ChannelId), cancellationToken: ct))
        {
            participants[TableKey.Decode(member.RowKey)] = null;
        }

        return participants;
    }
}
