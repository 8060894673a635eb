using System.Globalization;
using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;
using Microsoft.Extensions.Options;
using CityDealBot.DutchTime;

namespace CityDealBot.Elections.Lobby;

/// <summary>The buttons on lobby cards: save settings, tick actions, done, snooze, confirm an event, change the calendar.</summary>
public sealed class LobbyCardActions(
    DealDirectory directory,
    AuditTrail audit,
    LobbyStore store,
    LobbyDeals lobbyDeals,
    LobbyCalendarSource calendars,
    TimeProvider time,
    IOptions<ElectionsOptions> options,
    ProgrammeAdministrators administrators)
    : ICardActionHandler<LobbySettingsSaved>, ICardActionHandler<LobbyChecklistSaved>, ICardActionHandler<LobbyMomentDone>,
      ICardActionHandler<LobbyMomentSnoozed>, ICardActionHandler<LobbyEventConfirmed>, ICardActionHandler<ElectionOverrideSaved>
{
    public Task<CardActionResult> HandleAsync(TurnContext turn, ElectionOverrideSaved action, CardPress press, CancellationToken ct) =>
        SaveOverrideAsync(turn, action, ct);

    public async Task<CardActionResult> HandleAsync(TurnContext turn, LobbySettingsSaved action, CardPress press, CancellationToken ct)
    {
        var (deal, problem) = await DealmakersDealAsync(turn, action.Deal, ct);
        return deal is null ? problem! : await SaveSettingsAsync(turn, deal, action, ct);
    }

    public Task<CardActionResult> HandleAsync(TurnContext turn, LobbyChecklistSaved action, CardPress press, CancellationToken ct) =>
        ChangeProgressAsync(turn, action, (progress, moment, _) => TickChecklist(progress, moment, action, isDone: false), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, LobbyMomentDone action, CardPress press, CancellationToken ct) =>
        ChangeProgressAsync(turn, action, (progress, moment, _) => TickChecklist(progress, moment, action, isDone: true), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, LobbyMomentSnoozed action, CardPress press, CancellationToken ct) =>
        ChangeProgressAsync(turn, action, (progress, _, _) => progress.SnoozedUntil = time.GetUtcNow().AddDays(7), ct);

    public async Task<CardActionResult> HandleAsync(TurnContext turn, LobbyEventConfirmed action, CardPress press, CancellationToken ct)
    {
        var (deal, problem) = await DealmakersDealAsync(turn, action.Deal, ct);
        if (deal is null)
        {
            return problem!;
        }

        var (occurrence, today, _) = await FindOccurrenceAsync(deal, action, ct);
        if (occurrence is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lobby.unknown_moment"]);
        }

        if (occurrence.Moment.ConfirmedBy is not { } lobbyEvent
            || !DateOnly.TryParseExact(action.OccurredOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredOn)
            || occurredOn < occurrence.Election.Date || occurredOn > today)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lobby.confirm.bad_date"]);
        }

        await store.SaveConfirmationAsync(deal.PartitionKey, new LobbyEventConfirmation(deal.PartitionKey, action.Election, lobbyEvent, occurrence.Government, occurredOn), ct);
        return CardActionResult.WithCard(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success, turn.Texts["lobby.action.confirm"],
            turn.Texts.Format("lobby.confirmed", LobbyViews.Date(occurredOn, turn.Language)))));
    }

    /// <summary>
    /// The deal a lobby button names, when it exists, is active, is the channel's own deal (in a channel the card's deal
    /// must be the channel's; in a personal chat the role decides) and the person who pressed is one of its dealmakers.
    /// </summary>
    private async Task<(DealRecord? Deal, CardActionResult? Problem)> DealmakersDealAsync(TurnContext turn, string dealKey, CancellationToken ct)
    {
        var deal = dealKey.Length == 0 ? null : await directory.FindDealByKeyAsync(dealKey, ct);
        var outsideItsChannel = turn.Conversation.Kind != ConversationKind.Personal
            && (turn.Conversation.ChannelId is not { } channelId || DealDirectory.DealKey(channelId) != deal?.PartitionKey);
        if (deal is null || !deal.IsActive || outsideItsChannel)
        {
            return (null, CardActionResult.Problem(turn.Language, turn.Texts["lobby.unknown_moment"]));
        }

        return await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker)
            ? (deal, null)
            : (null, CardActionResult.Problem(turn.Language, turn.Texts["lobby.only_dealmakers"]));
    }

    /// <summary>The moment the button names, among the deal's moments from two years back to three ahead.</summary>
    private async Task<(LobbyOccurrence? Occurrence, DateOnly Today, string DealName)> FindOccurrenceAsync(DealRecord deal, LobbyMomentPress press, CancellationToken ct)
    {
        var (governments, postInChannel) = await store.GetSettingsAsync(deal.PartitionKey, ct);
        var lobbyDeal = await lobbyDeals.ToLobbyDealAsync(deal, governments, postInChannel, ct);
        var calendar = await calendars.GetAsync(ct);
        var confirmations = await store.GetConfirmationsAsync(ct);
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        var occurrence = calendar.Occurrences(lobbyDeal, today.AddYears(-2), today.AddYears(3), [.. confirmations])
            .FirstOrDefault(o => o.Election.Id == press.Election && o.MomentKey == press.Moment);
        return (occurrence, today, lobbyDeal.Name);
    }

    /// <summary>Changes the deal's progress on the pressed moment and answers with the reminder as it now stands.</summary>
    private async Task<CardActionResult> ChangeProgressAsync(
        TurnContext turn, LobbyMomentPress press, Action<LobbyProgressRecord, LobbyOccurrence, DateOnly> change, CancellationToken ct)
    {
        var (deal, problem) = await DealmakersDealAsync(turn, press.Deal, ct);
        if (deal is null)
        {
            return problem!;
        }

        var (occurrence, today, dealName) = await FindOccurrenceAsync(deal, press, ct);
        if (occurrence is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lobby.unknown_moment"]);
        }

        var progress = await store.GetProgressAsync(deal.PartitionKey, press.Election, press.Moment, ct);
        progress.UpdatedBy = turn.User.Key;
        change(progress, occurrence, today);
        await store.SaveProgressAsync(progress, ct);
        var view = LobbyViews.Reminder(turn.Language, dealName, occurrence, occurrence.Governments, progress, isLate: false, today);
        return CardActionResult.WithCard(LobbyCards.Reminder(view));
    }

    private static void TickChecklist(LobbyProgressRecord progress, LobbyOccurrence occurrence, LobbyChecklistPress press, bool isDone)
    {
        progress.Checked = string.Join(',', Enumerable.Range(0, occurrence.Moment.Checklist.Count)
            .Where(press.IsTicked)
            .Select(i => i.ToString(CultureInfo.InvariantCulture)));
        progress.IsDone = isDone || progress.IsDone;
        if (progress.IsDone)
        {
            progress.SnoozedUntil = null;
        }
    }

    private async Task<CardActionResult> SaveSettingsAsync(TurnContext turn, DealRecord deal, LobbySettingsSaved settings, CancellationToken ct)
    {
        var (governments, problem) = LobbySettingsCard.Read(settings, turn.Texts, options.Value.MaxGovernments);
        if (governments is null)
        {
            return CardActionResult.Problem(turn.Language, problem!);
        }

        await store.SaveSettingsAsync(deal.PartitionKey, governments, settings.PostInChannel, turn.User.Key, ct);
        await audit.RecordAsync(deal.PartitionKey, AuditActions.LobbySettings, turn.User.Name, [governments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
        return CardActionResult.WithCard(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success, turn.Texts["lobby.settings.save"],
            turn.Texts.Format("lobby.settings.saved", governments.Count))));
    }

    private async Task<CardActionResult> SaveOverrideAsync(TurnContext turn, ElectionOverrideSaved data, CancellationToken ct)
    {
        if (!administrators.Includes(turn.User))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["elections.override.not_admin"]);
        }

        var (election, problem) = LobbySettingsCard.ReadOverride(data, turn.Texts, time.GetUtcNow());
        if (election is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("elections.override.invalid", problem));
        }

        await store.AddOverrideAsync(ElectionOverride.Upsert(election, time.GetUtcNow(), turn.User.Key), ct);
        await audit.RecordForProgrammeAsync(AuditActions.ElectionChanged, turn.User.Name,
            [LobbyViews.ElectionName(election, Cards.Localization.Language.Dutch), election.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)], ct);
        return CardActionResult.WithCard(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success, turn.Texts["elections.override.title"],
            turn.Texts.Format("elections.override.saved", LobbyViews.ElectionName(election, turn.Language), LobbyViews.Date(election.Date, turn.Language)))));
    }
}
