using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;
using static CityDealBot.Teams.CardData;

namespace CityDealBot.CopSessions;

/// <summary>Plan (create), RSVP, refresh and cancel on CoP session cards.</summary>
public sealed class CopCardActions(DealDirectory directory, AuditTrail audit, CopSessionStore store, CopPlanner planner, CopCalendar calendar, TimeProvider time) : ICardActionHandler
{
    private static readonly string[] Answers = [CopCards.Yes, CopCards.Maybe, CopCards.No];

    public IReadOnlyCollection<string> Verbs { get; } = [CopCards.CreateVerb, CopCards.RsvpVerb, CopCards.RefreshVerb, CopCards.CancelVerb, CopCards.ChangeVerb];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        var dealKey = Text(action.Data, "deal");
        var deal = dealKey.Length == 0 ? null : await directory.FindDealByKeyAsync(dealKey, ct);
        if (deal is null || !deal.IsActive)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

        var isOrganiser = await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser);
        if (action.Verb == CopCards.CreateVerb)
        {
            return isOrganiser
                ? await planner.CreateAsync(turn, deal, action.Data, ct)
                : CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
        }

        var sessionId = Text(action.Data, "session");
        var session = sessionId.Length == 0 ? null : await store.FindAsync(deal.PartitionKey, sessionId, ct);
        if (session is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.unknown_session"]);
        }

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
                    var result = await calendar.CancelAsync(mailbox, session, turn.Texts["cop.cancelled_comment"], ct);
                    note = result.Succeeded ? null : CopPlanner.Explain(turn.Texts, result);
                }

                session.IsCancelled = true;
                await store.SaveAsync(session, ct);
                await audit.RecordAsync(deal.PartitionKey, AuditActions.CopCancelled, turn.User.Name, [session.Title], ct);
                return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView, ct, note));
        }

        return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView, ct));
    }

    /// <summary>New time, place or agenda: the Graph event is patched without its attendees, so nobody is invited again.</summary>
    private async Task<CardActionResult> ChangeAsync(TurnContext turn, CopSessionRecord session, JsonObject data, CancellationToken ct)
    {
        var card = (JsonObject)data.DeepClone();
        card["title"] = session.Title;
        card["mode"] = session.Mode;
        card["invite"] = session.InviteScope;
        var (draft, problem) = CopPlanner.Read(card, time.GetUtcNow());
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
            var result = await calendar.UpdateAsync(mailbox, session, ct);
            note = result.Succeeded ? null : CopPlanner.Explain(turn.Texts, result);
        }

        return CardActionResult.WithCard(await planner.AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView: true, ct, note));
    }
}
