using CityDealBot.Graph;

namespace CityDealBot.CopSessions;

/// <summary>
/// A CoP session as the calendar file the bot serves at a signed, expiring link. It lists no attendees: the link is
/// on a channel card that guests read too, and invitees are known to Graph, not to them.
/// </summary>
public static class CopInvitation
{
    public static string Ics(CopSessionRecord session) => CalendarFile.Write(
        session.RowKey, session.Title,
        session.JoinUrl is null ? session.Agenda : $"{session.Agenda}\n\nTeams: {session.JoinUrl}".TrimStart(),
        session.JoinUrl, session.Location, session.StartsAt, session.DurationMinutes, session.IsCancelled);
}
