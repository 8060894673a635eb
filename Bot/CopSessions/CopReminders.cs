using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Operations;
using CityDealBot.Storage;
using Microsoft.Extensions.Options;
using CityDealBot.DutchTime;

namespace CityDealBot.CopSessions;

public enum CopReminderMoment
{
    /// <summary>The day before, at the session's own wall-clock time, to those who said yes; the organiser gets the RSVP summary.</summary>
    DayBefore,

    /// <summary>One hour before the start, to those who said yes.</summary>
    HourBefore,
}

/// <summary>When a session's reminders are due. Pure: the sweeper asks it with the current instant.</summary>
public static class CopReminderSchedule
{
    /// <summary>
    /// The day-before reminder keeps the wall-clock time in Amsterdam (a Monday 09:00 session is announced on Sunday
    /// at 09:00), which is 23 or 25 hours before the start on the weekends the clocks change.
    /// </summary>
    public static DateTimeOffset DayBefore(DateTimeOffset startsAt)
    {
        var local = AmsterdamTime.ToLocal(startsAt);
        return AmsterdamTime.ToInstant(DateOnly.FromDateTime(local.DateTime).AddDays(-1), TimeOnly.FromDateTime(local.DateTime));
    }

    public static DateTimeOffset HourBefore(DateTimeOffset startsAt) => startsAt.AddHours(-1);

    /// <summary>
    /// The reminder that belongs to this moment, if any. Each moment has a window; once the next moment's window
    /// opens the earlier reminder is no longer worth sending (a session planned 3 hours ahead gets only the
    /// hour-before reminder), and nothing is sent once the session has started.
    /// </summary>
    public static CopReminderMoment? DueAt(DateTimeOffset startsAt, DateTimeOffset now)
    {
        if (now >= startsAt)
        {
            return null;
        }

        if (now >= HourBefore(startsAt))
        {
            return CopReminderMoment.HourBefore;
        }

        return now >= DayBefore(startsAt) ? CopReminderMoment.DayBefore : null;
    }

    /// <summary>
    /// The ledger key of one reminder. It holds the start time, so a session moved to another time gets reminders
    /// for the new time, and a reminder already sent for the same time is never sent again.
    /// </summary>
    public static string DeliveryKey(string sessionId, DateTimeOffset startsAt, CopReminderMoment moment, string recipientKey) =>
        $"{sessionId}:{startsAt.ToUnixTimeSeconds()}:{moment}:{recipientKey}";

    /// <summary>Recipient key of the organiser's RSVP summary (the organiser may also have said yes).</summary>
    public static string SummaryRecipient(string organiserKey) => "summary:" + organiserKey;
}

/// <summary>
/// Sends the due reminders of upcoming sessions: a personal card to everyone who said yes (day before and hour
/// before) and the RSVP summary to the organiser (with the first reminder). Every instance runs it; the
/// delivery ledger keeps each card single.
/// </summary>
public sealed class CopReminderSweeper(
    CopSessionStore store,
    DealDirectory directory,
    ProactiveOutbox outbox,
    DeliveryLedger ledger,
    SignedLinks links,
    TimeProvider time,
    ILogger<CopReminderSweeper> logger) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static string Partition(string sessionId) => "cop-reminder:" + sessionId;

    /// <summary>Sends what is due now; returns how many cards went out.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        // The day-before window opens at most 25 hours ahead (the autumn clock change).
        foreach (var session in await store.UpcomingAsync(now, now.AddHours(26), ct))
        {
            if (CopReminderSchedule.DueAt(session.StartsAt, now) is not { } moment)
            {
                continue;
            }

            try
            {
                sent += await RemindAsync(session, moment, ct);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or ConnectorException or HttpRequestException)
            {
                logger.LogError(e, "Reminders of CoP session {SessionId} could not be sent; the next sweep tries again", session.RowKey);
            }
        }

        return sent;
    }

    private async Task<int> RemindAsync(CopSessionRecord session, CopReminderMoment moment, CancellationToken ct)
    {
        var deal = await directory.FindDealByKeyAsync(session.PartitionKey, ct);
        if (deal is null || !deal.IsActive)
        {
            return 0;
        }

        var answers = await store.AnswersAsync(session.RowKey, ct);
        var sent = 0;
        foreach (var yes in answers.Where(a => a.Answer == CopCards.Yes))
        {
            var personKey = TableKey.Decode(yes.RowKey);
            if (await SendOnceAsync(session, moment, personKey, deal, person => Reminder(session, moment, person), ct))
            {
                sent++;
            }
        }

        // One summary per start time, with whichever reminder goes out first.
        if (await SendOnceAsync(session, CopReminderMoment.DayBefore, CopReminderSchedule.SummaryRecipient(session.OrganiserKey), deal,
                person => Summary(session, answers, person), ct, recipientKey: session.OrganiserKey))
        {
            sent++;
        }

        return sent;
    }

    private async Task<bool> SendOnceAsync(
        CopSessionRecord session, CopReminderMoment moment, string deliveryRecipient, DealRecord deal,
        Func<PersonRecord, AdaptiveCard> card, CancellationToken ct, string? recipientKey = null)
    {
        var key = CopReminderSchedule.DeliveryKey(session.RowKey, session.StartsAt, moment, deliveryRecipient);
        var claim = await ledger.TryClaimAsync(Partition(session.RowKey), key, Holder, ct);
        if (claim is null)
        {
            return false;
        }

        var person = await directory.FindPersonAsync(deal.TenantId ?? string.Empty, recipientKey ?? deliveryRecipient, ct);
        if (person is null)
        {
            // Someone who answered on a card the bot has never spoken to personally cannot be reached.
            await ledger.MarkSkippedAsync(claim, "no way to reach this person", ct);
            return false;
        }

        // Parked in the outbox when the Connector keeps failing: sent later, so not counted now.
        return await outbox.DeliverToPersonAsync(claim, person, card(person), ct) == DeliveryOutcome.Sent;
    }

    private AdaptiveCard Reminder(CopSessionRecord session, CopReminderMoment moment, PersonRecord person)
    {
        var language = Languages.FromLocale(person.Locale ?? session.Language);
        return CopCards.Reminder(new CopReminderView(
            language,
            session.PartitionKey,
            session.RowKey,
            session.Title,
            AmsterdamTime.Display(session.StartsAt, language),
            moment == CopReminderMoment.HourBefore,
            session.Mode,
            session.Location,
            session.Agenda,
            session.JoinUrl,
            links.Url(CopLinks.InvitationRoute, session.PartitionKey, session.RowKey, language.Code())));
    }

    private static AdaptiveCard Summary(CopSessionRecord session, IReadOnlyList<CopRsvpRecord> answers, PersonRecord person)
    {
        var language = Languages.FromLocale(person.Locale ?? session.Language);
        List<string> Names(string answer) => [.. answers.Where(a => a.Answer == answer).OrderBy(a => a.AnsweredAt).Select(a => a.Name)];
        return CopCards.RsvpSummary(new CopSummaryView(
            language,
            session.PartitionKey,
            session.RowKey,
            session.Title,
            AmsterdamTime.Display(session.StartsAt, language),
            new CopAttendance(Names(CopCards.Yes), Names(CopCards.Maybe), Names(CopCards.No)),
            CopPlanner.Split(session.Invitees).Count));
    }
}
