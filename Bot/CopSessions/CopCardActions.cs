using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;
using CityDealBot.Graph;

namespace CityDealBot.CopSessions;

/// <summary>Plan (create), RSVP, refresh, change and cancel on CoP session cards.</summary>
public sealed class CopCardActions(DealDirectory directory, AuditTrail audit, CopSessionStore store, CopPlanner planner, GraphGateway calendar, TimeProvider time)
    : ICardActionHandler<PlanCopSession>, ICardActionHandler<AnswerCopSession>, ICardActionHandler<RefreshCopSession>,
      ICardActionHandler<CancelCopSession>, ICardActionHandler<ChangeCopSession>
{
    private static readonly string[] Answers = [CopCards.Yes, CopCards.Maybe, CopCards.No];

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

    public async Task<CardActionResult> HandleAsync(TurnContext turn, AnswerCopSession action, CardPress press, CancellationToken ct)
    {
        if (await OpenAsync(turn, action, ct) is not { } opened)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

        var session = opened.Session;
        if (!session.IsCancelled)
        {
            if (!Answers.Contains(action.Answer))
            {
                return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
            }

            await store.AnswerAsync(session.RowKey, turn.User.Key, turn.User.Name, action.Answer, time.GetUtcNow(), ct);
            // Reminders are personal messages: the bot must know how to reach whoever answered.
            await directory.RememberPersonAsync(turn.User, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl, null, ct);
            // No update of the channel's card: it would replace each person's own view (their answer; the
            // organiser's names) with the shared one. The organiser's copy refreshes itself.
        }

        return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, opened.OrganiserView, ct));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, RefreshCopSession action, CardPress press, CancellationToken ct) =>
        await OpenAsync(turn, action, ct) is { } opened
            ? CardActionResult.WithCard(await planner.AnnouncementAsync(opened.Session, turn.Texts, turn.User.Key, opened.OrganiserView, ct))
            : CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CancelCopSession action, CardPress press, CancellationToken ct)
    {
        if (await OpenAsync(turn, action, ct) is not { } opened)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

        if (!opened.OrganiserView)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
        }

        var session = opened.Session;
        string? note = null;
        if (session.GraphEventId is not null && session.OrganiserObjectId is { } mailbox)
        {
            var result = await calendar.CancelAsync(mailbox, session.GraphEventId, turn.Texts["cop.cancelled_comment"], ct);
            note = result.Succeeded ? null : CopPlanner.Explain(turn.Texts, result);
        }

        session.IsCancelled = true;
        await store.SaveAsync(session, ct);
        await audit.RecordAsync(opened.Deal.PartitionKey, AuditActions.CopCancelled, turn.User.Name, [session.Title], ct);
        return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, opened.OrganiserView, ct, note));
    }

    /// <summary>New time, place or agenda: the Graph event is patched without its attendees, so nobody is invited again.</summary>
    public async Task<CardActionResult> HandleAsync(TurnContext turn, ChangeCopSession action, CardPress press, CancellationToken ct)
    {
        if (await OpenAsync(turn, action, ct) is not { } opened)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

        var session = opened.Session;
        if (session.IsCancelled)
        {
            return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, opened.OrganiserView, ct));
        }

        if (!opened.OrganiserView)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
        }

        // Checked by the planning card's rules; what the change card does not offer stays as planned.
        var plan = new PlanCopSession(action.Deal, session.Title, action.Date, action.Time, action.Duration, session.Mode, action.Location, action.Agenda, session.InviteScope);
        var (draft, problem) = CopPlanner.Read(plan, time.GetUtcNow());
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

    /// <summary>
    /// The session a button refers to (<see cref="FindSessionAsync"/>), and whether the person who pressed sees it as
    /// its organiser: the one who planned it, or a dealmaker or organiser of its deal. Null when it is not found.
    /// </summary>
    private async Task<OpenedSession?> OpenAsync(TurnContext turn, CopSessionPress press, CancellationToken ct)
    {
        var (deal, session) = await FindSessionAsync(turn, press.Deal, press.Session, ct);
        if (deal is null || session is null)
        {
            return null;
        }

        var isOrganiser = await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser);
        return new OpenedSession(deal, session, isOrganiser || session.OrganiserKey == turn.User.Key);
    }

    /// <summary>
    /// The session a button refers to, found from where it was pressed. In a channel: a session of that channel's
    /// deal, or one announced to all deals (then the card's deal names the organiser's deal and the session must
    /// say so). In a personal chat (reminders, the organiser's summary): only a session the person organises or
    /// answered, or one of a deal where they are dealmaker or organiser.
    /// </summary>
    private async Task<(DealRecord? Deal, CopSessionRecord? Session)> FindSessionAsync(TurnContext turn, string cardDealKey, string sessionId, CancellationToken ct)
    {
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

    private sealed record OpenedSession(DealRecord Deal, CopSessionRecord Session, bool OrganiserView);
}
