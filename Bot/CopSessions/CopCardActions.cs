using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Deals;
using CityDealBot.Teams;
using static CityDealBot.Teams.CardData;
using CityDealBot.Graph;

namespace CityDealBot.CopSessions;

/// <summary>Plan (create), RSVP, refresh and cancel on CoP session cards.</summary>
public sealed class CopCardActions(DealDirectory directory, AuditTrail audit, CopSessionStore store, CopPlanner planner, GraphGateway calendar, TimeProvider time)
    : ICardActionHandler, ICardActionHandler<PlanCopSession>
{
    private static readonly string[] Answers = [CopCards.Yes, CopCards.Maybe, CopCards.No];

    public IReadOnlyCollection<string> Verbs { get; } = [CopCards.RsvpVerb, CopCards.RefreshVerb, CopCards.CancelVerb, CopCards.ChangeVerb];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PlanCopSession action, CardPress press, CancellationToken ct)
    {
        // In a channel the deal is the channel's, never the card's. A personal chat has no deal of its own (the
        // pulse's follow-up guide opens the card there): the card names one, and the role check below decides.
        var channelDeal = turn.Conversation.Kind == ConversationKind.Personal
            ? action.Deal is { Length: > 0 } dealKey ? await directory.FindDealByKeyAsync(dealKey, ct) : null
            : turn.Conversation.ChannelId is { } channelId ? await directory.FindDealAsync(channelId, ct) : null;
        if (channelDeal is not { IsActive: true })
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

        return await directory.HasRoleAsync(channelDeal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser)
            ? await planner.CreateAsync(turn, channelDeal, action, ct)
            : CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        var (deal, session) = await FindSessionAsync(turn, action.Data, ct);
        if (deal is null || session is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

        var isOrganiser = await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser);
        var organiserView = isOrganiser || session.OrganiserKey == turn.User.Key;
        switch (action.Verb)
        {
            case CopCards.RsvpVerb when !session.IsCancelled:
                var answer = Text(action.Data, "answer");
                if (!Answers.Contains(answer))
                {
                    return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
                }

                await store.AnswerAsync(session.RowKey, turn.User.Key, turn.User.Name, answer, time.GetUtcNow(), ct);
                // Reminders are personal messages: the bot must know how to reach whoever answered.
                await directory.RememberPersonAsync(turn.User, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl, null, ct);
                // No update of the channel's card: it would replace each person's own view (their answer; the
                // organiser's names) with the shared one. The organiser's copy refreshes itself.
                break;
            case CopCards.ChangeVerb when !session.IsCancelled:
                return organiserView ? await ChangeAsync(turn, session, action.Data, ct) : CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
            case CopCards.CancelVerb:
                if (!organiserView)
                {
                    return CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
                }

                string? note = null;
                if (session.GraphEventId is not null && session.OrganiserObjectId is { } mailbox)
                {
                    var result = await calendar.CancelAsync(mailbox, session.GraphEventId, turn.Texts["cop.cancelled_comment"], ct);
                    note = result.Succeeded ? null : CopPlanner.Explain(turn.Texts, result);
                }

                session.IsCancelled = true;
                await store.SaveAsync(session, ct);
                await audit.RecordAsync(deal.PartitionKey, AuditActions.CopCancelled, turn.User.Name, [session.Title], ct);
                return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView, ct, note));
        }

        return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView, ct));
    }

    /// <summary>
    /// The session a button refers to, found from where it was pressed. In a channel: a session of that channel's
    /// deal, or one announced to all deals (then the card's deal names the organiser's deal and the session must
    /// say so). In a personal chat (reminders, the organiser's summary): only a session the person organises or
    /// answered, or one of a deal where they are dealmaker or organiser.
    /// </summary>
    private async Task<(DealRecord? Deal, CopSessionRecord? Session)> FindSessionAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var sessionId = Id(data, "session");
        var cardDealKey = Id(data, "deal");
        if (sessionId.Length == 0)
        {
            return (null, null);
        }

        if (turn.Conversation.Kind != ConversationKind.Personal)
        {
            var channelDeal = turn.Conversation.ChannelId is { } channelId ? await directory.FindDealAsync(channelId, ct) : null;
            if (channelDeal is not { IsActive: true })
            {
                return (null, null);
            }

            if (await store.FindAsync(channelDeal.PartitionKey, sessionId, ct) is { } own)
            {
                return (channelDeal, own);
            }

            var organisersDeal = cardDealKey.Length == 0 || cardDealKey == channelDeal.PartitionKey ? null : await directory.FindDealByKeyAsync(cardDealKey, ct);
            var announced = organisersDeal is { IsActive: true } ? await store.FindAsync(organisersDeal.PartitionKey, sessionId, ct) : null;
            return announced?.InviteScope == "all" ? (organisersDeal, announced) : (null, null);
        }

        var deal = cardDealKey.Length == 0 ? null : await directory.FindDealByKeyAsync(cardDealKey, ct);
        var session = deal is { IsActive: true } ? await store.FindAsync(deal.PartitionKey, sessionId, ct) : null;
        if (deal is null || session is null)
        {
            return (null, null);
        }

        var personKey = turn.User.Key;
        var related = session.OrganiserKey == personKey
            || (await store.AnswersAsync(session.RowKey, ct)).Any(a => a.RowKey == Storage.TableKey.Encode(personKey))
            || await directory.HasRoleAsync(deal.ChannelId, personKey, ct, DealRoles.Dealmaker, DealRoles.Organiser);
        return related ? (deal, session) : (null, null);
    }

    /// <summary>New time, place or agenda: the Graph event is patched without its attendees, so nobody is invited again.</summary>
    private async Task<CardActionResult> ChangeAsync(TurnContext turn, CopSessionRecord session, JsonObject data, CancellationToken ct)
    {
        var card = (JsonObject)data.DeepClone();
        card["title"] = session.Title;
        card["mode"] = session.Mode;
        card["invite"] = session.InviteScope;
        var (draft, problem) = CardActionData.Read<PlanCopSession>(card) is { } plan ? CopPlanner.Read(plan, time.GetUtcNow()) : (null, "cop.invalid.time");
        if (draft is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("cop.invalid", turn.Texts[problem!]));
        }

        session.StartsAt = draft.StartsAt;
        session.DurationMinutes = draft.DurationMinutes;
        session.Location = draft.Location;
        session.Agenda = draft.Agenda;
        await store.SaveAsync(session, ct);
        string? note = null;
        if (session.GraphEventId is not null && session.OrganiserObjectId is { } mailbox)
        {
            var result = await calendar.UpdateAsync(mailbox, session.GraphEventId, session.ToMeeting(), ct);
            note = result.Succeeded ? null : CopPlanner.Explain(turn.Texts, result);
        }

        return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView: true, ct, note));
    }
}
