using System.Globalization;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Teams;
using CityDealBot.Operations;
using CityDealBot.DutchTime;
using CityDealBot.Graph;

namespace CityDealBot.CopSessions;

/// <summary>A planning card's answers, checked.</summary>
public sealed record CopSessionDraft(
    string Title, DateTimeOffset StartsAt, int DurationMinutes, string Mode, string? Location, string? Agenda,
    string InviteScope, IReadOnlyList<string> PickedPeople, bool HasSpeeddate, CopSpeeddateBlock? Speeddate = null);

/// <summary>The speed-date block of a session: minutes after the start, group size, deck, rounds and minutes per round.</summary>
public sealed record CopSpeeddateBlock(int OffsetMinutes, int GroupSize, string Deck, int Rounds, int Minutes);

/// <summary>Turns the planning card into a stored session, a calendar event (or .ics) and the announcement.</summary>
public sealed class CopPlanner(
    DealDirectory directory,
    ProgrammeAdministrators administrators,
    CopSessionStore store,
    GraphGateway calendar,
    SignedLinks links,
    TeamRoster roster,
    ISpeeddateBlocks speeddates,
    TimeProvider time)
{
    /// <summary>
    /// Invitees per session. Outlook advises at most 500 attendees per meeting, and the list is stored in one
    /// table property (64 KiB, so 32K characters): past either, the planner is told before anything is stored.
    /// </summary>
    public const int MaxInvitees = 500;

    private const int MaxInviteeCharacters = 30_000;

    /// <summary>The longest e-mail address there is (RFC 5321 path limit); longer is not an address.</summary>
    private const int MaxAddressLength = 254;

    /// <summary>How far ahead a session or a time poll may be planned.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(2 * 366);

    private static readonly string[] Modes = ["online", "inperson", "hybrid"];
    private static readonly string[] Scopes = ["channel", "all", "picked"];

    public static IReadOnlyList<string> Split(string? addresses) =>
        (addresses ?? string.Empty).Split([';', ',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a.Contains('@', StringComparison.Ordinal) && a.Length <= MaxAddressLength)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Reads the card; the problem is a short phrase for "cop.invalid".</summary>
    public static (CopSessionDraft? Draft, string? ProblemKey) Read(PlanCopSession data, DateTimeOffset now)
    {
        var title = data.Title;
        if (title.Length is 0 or > 200)
        {
            return (null, "cop.invalid.title");
        }

        if (DateOnly.TryParseExact(data.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var farDate)
            && farDate > DateOnly.FromDateTime(now.UtcDateTime + MaxAhead))
        {
            return (null, "cop.invalid.too_far");
        }

        if (!DateOnly.TryParseExact(data.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !TimeOnly.TryParseExact(data.Time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock)
            || CopSessionTime.ToInstant(date, clock) is not { } startsAt
            || startsAt <= now)
        {
            return (null, "cop.invalid.time");
        }

        var duration = int.TryParse(data.Duration, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) ? Math.Clamp(minutes, 15, 480) : 90;
        var picked = Split(data.People);
        if (picked.Count > MaxInvitees)
        {
            return (null, "cop.invalid.too_many_invitees");
        }

        var mode = Modes.Contains(data.Mode) ? data.Mode : "online";
        var scope = Scopes.Contains(data.Invite) ? data.Invite : "channel";
        var hasSpeeddate = data.Speeddate;
        CopSpeeddateBlock? block = null;
        if (hasSpeeddate)
        {
            (block, var problem) = ReadBlock(data, date, startsAt, duration);
            if (block is null)
            {
                return (null, problem);
            }
        }

        return (new CopSessionDraft(title, startsAt, duration, mode, Optional(data.Location, 200), Optional(data.Agenda, 2000),
            scope, picked, hasSpeeddate, block), null);
    }

    /// <summary>
    /// The speed-date block's choices: its start (a wall-clock time on the session's day, within the session; none given
    /// is the session's start), pairs or trios, the deck, rounds and minutes. The deck is checked by the caller.
    /// </summary>
    private static (CopSpeeddateBlock? Block, string? ProblemKey) ReadBlock(PlanCopSession data, DateOnly date, DateTimeOffset startsAt, int duration)
    {
        var offset = 0;
        if (data.SpeeddateTime is { Length: > 0 } blockTime)
        {
            if (!TimeOnly.TryParseExact(blockTime, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var blockClock)
                || CopSessionTime.ToInstant(date, blockClock) is not { } blockStart
                || blockStart < startsAt || blockStart >= startsAt.AddMinutes(duration))
            {
                return (null, "cop.invalid.speeddate_time");
            }

            offset = (int)(blockStart - startsAt).TotalMinutes;
        }

        static int Number(string? text, int fallback) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : string.IsNullOrEmpty(text) ? fallback : -1;
        var rounds = Number(data.SpeeddateRounds, SpeeddateBlockLimits.DefaultRounds);
        var minutes = Number(data.SpeeddateMinutes, SpeeddateBlockLimits.DefaultMinutes);
        if (rounds is < SpeeddateBlockLimits.MinRounds or > SpeeddateBlockLimits.MaxRounds || minutes is < SpeeddateBlockLimits.MinMinutes or > SpeeddateBlockLimits.MaxMinutes)
        {
            return (null, "cop.invalid.speeddate_numbers");
        }

        var groupSize = data.SpeeddateGroups == "3" ? SpeeddateBlockLimits.TrioGroups : SpeeddateBlockLimits.PairGroups;
        var deck = data.SpeeddateDeck is { Length: > 0 and <= 1100 } chosen ? chosen : SpeeddateBlockLimits.DefaultDeck;
        return (new CopSpeeddateBlock(offset, groupSize, deck, rounds, minutes), null);
    }

    public async Task<CardActionResult> CreateAsync(TurnContext turn, DealRecord deal, PlanCopSession data, CancellationToken ct)
    {
        var (draft, problem) = Read(data, time.GetUtcNow());
        if (draft is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("cop.invalid", turn.Texts[problem!]));
        }

        if (draft.Speeddate is { } block && !await speeddates.IsUsableDeckAsync(deal.PartitionKey, block.Deck, ct))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("cop.invalid", turn.Texts["cop.invalid.speeddate_deck"]));
        }

        // The card offers "all deals" only to programme administrators; a forged or stale card is refused here.
        if (draft.InviteScope == "all" && !administrators.Includes(turn.User))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.invite.all_admins_only"]);
        }

        var attendees = await AttendeesAsync(deal, draft, ct);
        if (attendees.Count > MaxInvitees || attendees.Sum(a => a.Length + 1) > MaxInviteeCharacters)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("cop.invalid", turn.Texts.Format("cop.invalid.too_many_invitees_counted", attendees.Count, MaxInvitees)));
        }

        var session = new CopSessionRecord
        {
            PartitionKey = deal.PartitionKey,
            RowKey = Guid.NewGuid().ToString("N"),
            Title = draft.Title,
            StartsAt = draft.StartsAt,
            DurationMinutes = draft.DurationMinutes,
            Mode = draft.Mode,
            Location = draft.Location,
            Agenda = draft.Agenda,
            InviteScope = draft.InviteScope,
            Invitees = string.Join(';', attendees),
            HasSpeeddate = draft.HasSpeeddate,
            SpeeddateOffsetMinutes = draft.Speeddate?.OffsetMinutes,
            SpeeddateGroupSize = draft.Speeddate?.GroupSize ?? SpeeddateBlockLimits.PairGroups,
            SpeeddateDeck = draft.Speeddate?.Deck is { } deck && deck != SpeeddateBlockLimits.DefaultDeck ? deck : null,
            SpeeddateRounds = draft.Speeddate?.Rounds ?? SpeeddateBlockLimits.DefaultRounds,
            SpeeddateMinutes = draft.Speeddate?.Minutes ?? SpeeddateBlockLimits.DefaultMinutes,
            OrganiserKey = turn.User.Key,
            OrganiserId = turn.User.Id,
            OrganiserName = turn.User.Name,
            OrganiserObjectId = turn.User.AadObjectId,
            Language = turn.Language == Language.English ? "en" : "nl",
        };

        // Stored first, so the transactionId of a retried create is the same session id.
        await store.SaveAsync(session, ct);
        await directory.RememberPersonAsync(turn.User, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl, null, ct);
        string? note = null;
        if (calendar.IsConfigured && turn.User.AadObjectId is { } organiserObjectId)
        {
            var result = await calendar.CreateAsync(organiserObjectId, session.ToMeeting(), attendees, ct);
            if (result.Succeeded)
            {
                session.GraphEventId = result.EventId;
                session.JoinUrl = result.JoinUrl;
                await store.SaveAsync(session, ct);
            }
            else
            {
                note = Explain(turn.Texts, result);
            }
        }

        var channelCard = await AnnouncementAsync(session, Texts.For(turn.Language), null, organiserView: false, ct);
        if (turn.Conversation.ChannelId == deal.ChannelId)
        {
            await turn.PostAsync(channelCard, ct);
        }
        else
        {
            // Planned from a personal chat (the pulse's conversation guide): the announcement belongs in the deal's channel.
            await turn.Connector.SendToConversationAsync(deal.ServiceUrl, deal.ConversationId,
                Connector.Activity.CreateMessage(attachments: Connector.Attachment.AdaptiveCard(channelCard.ToJsonObject())), ct);
        }
        if (draft.InviteScope == "all")
        {
            // Every deal's channel and the CoP channel hear of it; the programme channel is not an audience.
            var audience = (await directory.ListActiveDealsAsync(ct)).Where(d => d.IsDeal || d.ChannelKind == ChannelKinds.Cop);
            foreach (var other in audience.Where(d => d.PartitionKey != deal.PartitionKey))
            {
                await turn.PostElsewhereAsync(other.ServiceUrl, other.ConversationId, channelCard, ct);
            }
        }

        return CardActionResult.WithCard(await AnnouncementAsync(session, turn.Texts, turn.User.Key, organiserView: true, ct, note));
    }

    public async Task<AdaptiveCard> AnnouncementAsync(CopSessionRecord session, Texts texts, string? viewerKey, bool organiserView, CancellationToken ct, string? note = null)
    {
        var answers = await store.AnswersAsync(session.RowKey, ct);
        List<string> Names(string answer) => [.. answers.Where(a => a.Answer == answer).OrderBy(a => a.AnsweredAt).Select(a => a.Name)];
        var mine = viewerKey is null ? null : answers.FirstOrDefault(a => a.RowKey == Storage.TableKey.Encode(viewerKey))?.Answer;
        // Always offered: guests without a mailbox in the invitation (or who joined the channel later) add it themselves.
        var icsUrl = links.Url(CopLinks.InvitationRoute, session.PartitionKey, session.RowKey, session.Language);
        return CopCards.Announcement(new CopAnnouncementView(
            texts.Language,
            session.PartitionKey,
            session.RowKey,
            session.Title,
            AmsterdamTime.Display(session.StartsAt, texts.Language),
            session.DurationMinutes,
            session.Mode,
            session.Location,
            session.Agenda,
            session.JoinUrl,
            icsUrl,
            session.IsCancelled,
            new CopAttendance(Names(CopCards.Yes), Names(CopCards.Maybe), Names(CopCards.No)),
            organiserView,
            mine,
            session.OrganiserId,
            note,
            AmsterdamTime.ToLocal(session.StartsAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AmsterdamTime.ToLocal(session.StartsAt).ToString("HH:mm", CultureInfo.InvariantCulture)));
    }

    public static string Explain(Texts texts, CalendarResult result) => result.Failure switch
    {
        CalendarFailure.Forbidden => texts["cop.graph.forbidden"],
        CalendarFailure.SignInFailed => texts["cop.graph.signin"],
        CalendarFailure.Throttled => texts["cop.graph.throttled"],
        _ => texts.Format("cop.graph.failed", result.Detail),
    };

    private async Task<IReadOnlyList<string>> AttendeesAsync(DealRecord deal, CopSessionDraft draft, CancellationToken ct)
    {
        if (draft.InviteScope == "picked")
        {
            return draft.PickedPeople;
        }

        // "All deals" means the deals' members: the CoP and programme channels are not deals.
        var deals = draft.InviteScope == "all" ? [.. (await directory.ListActiveDealsAsync(ct)).Where(d => d.IsDeal)] : new List<DealRecord> { deal };
        var addresses = new List<string>(draft.PickedPeople);
        foreach (var d in deals)
        {
            try
            {
                var members = await roster.GetMembersAsync(d.ServiceUrl, d.TeamId ?? d.ChannelId, d.TenantId, ct);
                addresses.AddRange(members.Select(m => m.Address).OfType<string>());
            }
            catch (Connector.ConnectorException)
            {
                // A deal whose roster cannot be read is still announced in its channel; its members can RSVP there.
            }
        }

        return [.. addresses.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static string? Optional(string? value, int max)
    {
        var text = value ?? string.Empty;
        return text.Length == 0 ? null : text.Length > max ? text[..max] : text;
    }
}
