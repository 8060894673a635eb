using System.Globalization;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;
using Microsoft.Extensions.Options;
using static CityDealBot.Teams.CardData;
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
    ProgrammeAdministrators administrators) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } =
        [LobbyCards.SaveSettingsVerb, LobbyCards.CheckVerb, LobbyCards.DoneVerb, LobbyCards.SnoozeVerb, LobbyCards.ConfirmVerb, LobbyCards.SaveOverrideVerb];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        if (action.Verb == LobbyCards.SaveOverrideVerb)
        {
            return await SaveOverrideAsync(turn, action.Data, ct);
        }

        // Every other verb names a deal: it must exist and the user must be one of its dealmakers.
        var dealKey = Id(action.Data, "deal");
        var deal = dealKey.Length == 0 ? null : await directory.FindDealByKeyAsync(dealKey, ct);
        // In a channel the deal is the channel's own, whatever the card says; in a personal chat the role check below decides.
        var outsideItsChannel = turn.Conversation.Kind != ConversationKind.Personal
            && (turn.Conversation.ChannelId is not { } channelId || DealDirectory.DealKey(channelId) != deal?.PartitionKey);
        if (deal is null || !deal.IsActive || outsideItsChannel)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lobby.unknown_moment"]);
        }

        if (!await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lobby.only_dealmakers"]);
        }

        if (action.Verb == LobbyCards.SaveSettingsVerb)
        {
            return await SaveSettingsAsync(turn, deal, action.Data, ct);
        }

        var (governments, postInChannel) = await store.GetSettingsAsync(deal.PartitionKey, ct);
        var lobbyDeal = await lobbyDeals.ToLobbyDealAsync(deal, governments, postInChannel, ct);
        var calendar = await calendars.GetAsync(ct);
        var confirmations = await store.GetConfirmationsAsync(ct);
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        var electionId = Id(action.Data, "election");
        var momentKey = Id(action.Data, "moment");
        var occurrence = calendar.Occurrences(lobbyDeal, today.AddYears(-2), today.AddYears(3), [.. confirmations])
            .FirstOrDefault(o => o.Election.Id == electionId && o.MomentKey == momentKey);
        if (occurrence is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lobby.unknown_moment"]);
        }

        var progress = await store.GetProgressAsync(deal.PartitionKey, electionId, momentKey, ct);
        progress.UpdatedBy = turn.User.Key;
        switch (action.Verb)
        {
            case LobbyCards.CheckVerb:
            case LobbyCards.DoneVerb:
                progress.Checked = string.Join(',', Enumerable.Range(0, occurrence.Moment.Checklist.Count)
                    .Select(i => i.ToString(CultureInfo.InvariantCulture))
                    .Where(i => Text(action.Data, "item-" + i) == "true"));
                progress.IsDone = action.Verb == LobbyCards.DoneVerb || progress.IsDone;
                if (progress.IsDone)
                {
                    progress.SnoozedUntil = null;
                }

                break;
            case LobbyCards.SnoozeVerb:
                progress.SnoozedUntil = time.GetUtcNow().AddDays(7);
                break;
            case LobbyCards.ConfirmVerb:
                if (occurrence.Moment.ConfirmedBy is not { } lobbyEvent
                    || !DateOnly.TryParseExact(Text(action.Data, "occurredOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredOn)
                    || occurredOn < occurrence.Election.Date || occurredOn > today)
                {
                    return CardActionResult.Problem(turn.Language, turn.Texts["lobby.confirm.bad_date"]);
                }

                await store.SaveConfirmationAsync(deal.PartitionKey, new LobbyEventConfirmation(deal.PartitionKey, electionId, lobbyEvent, occurrence.Government, occurredOn), ct);
                return CardActionResult.WithCard(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success, turn.Texts["lobby.action.confirm"],
                    turn.Texts.Format("lobby.confirmed", LobbyViews.Date(occurredOn, turn.Language)))));
        }

        await store.SaveProgressAsync(progress, ct);
        var view = LobbyViews.Reminder(turn.Language, lobbyDeal.Name, occurrence, occurrence.Governments, progress, isLate: false, today);
        return CardActionResult.WithCard(LobbyCards.Reminder(view));
    }

    private async Task<CardActionResult> SaveSettingsAsync(TurnContext turn, DealRecord deal, JsonObject data, CancellationToken ct)
    {
        var (governments, problem) = LobbySettingsCard.Read(data, turn.Texts, options.Value.MaxGovernments);
        if (governments is null)
        {
            return CardActionResult.Problem(turn.Language, problem!);
        }

        await store.SaveSettingsAsync(deal.PartitionKey, governments, Text(data, "postInChannel") == "true", turn.User.Key, ct);
        await audit.RecordAsync(deal.PartitionKey, AuditActions.LobbySettings, turn.User.Name, [governments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
        return CardActionResult.WithCard(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success, turn.Texts["lobby.settings.save"],
            turn.Texts.Format("lobby.settings.saved", governments.Count))));
    }

    private async Task<CardActionResult> SaveOverrideAsync(TurnContext turn, JsonObject data, CancellationToken ct)
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
