using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CityDealBot.CopSessions;

/// <summary>
/// Calendar files the bot serves at signed, expiring links: CoP sessions and agreed coffee dates. A file lists no
/// attendees: the link is on a channel card that guests read too, and invitees are known to Graph, not to them.
/// </summary>
public static class CopInvitation
{
    public static string Ics(CopSessionRecord session) => CalendarFile(
        session.RowKey, session.Title,
        session.JoinUrl is null ? session.Agenda : $"{session.Agenda}\n\nTeams: {session.JoinUrl}".TrimStart(),
        session.JoinUrl, session.Location, session.StartsAt, session.DurationMinutes, session.IsCancelled);

    /// <summary>One event as an .ics file. Times are written in UTC, so the file is unambiguous around the DST changes.</summary>
    public static string CalendarFile(
        string id, string title, string? description, string? url, string? location, DateTimeOffset start, int minutes, bool isCancelled)
    {
        var ev = new CalendarEvent
        {
            Uid = id + "@citydealbot",
            Summary = title,
            Description = description,
            Url = url is null ? null : new Uri(url),
            Location = location,
            DtStart = new CalDateTime(start.UtcDateTime),
            DtEnd = new CalDateTime(start.AddMinutes(minutes).UtcDateTime),
            Status = isCancelled ? "CANCELLED" : "CONFIRMED",
        };
        var calendar = new Calendar { Method = "PUBLISH" };
        calendar.Events.Add(ev);
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }
}
