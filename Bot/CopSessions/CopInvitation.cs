using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CityDealBot.CopSessions;

/// <summary>The .ics fallback when Graph cannot create the event: a file the bot serves at a signed, expiring link.</summary>
public static class CopInvitation
{
    /// <summary>Times are written in UTC, so the file is unambiguous around the DST changes.</summary>
    public static string Ics(CopSessionRecord session, IReadOnlyList<string> attendees)
    {
        var ev = new CalendarEvent
        {
            Uid = session.RowKey + "@citydealbot",
            Summary = session.Title,
            Description = session.JoinUrl is null ? session.Agenda : $"{session.Agenda}\n\nTeams: {session.JoinUrl}".TrimStart(),
            Url = session.JoinUrl is null ? null : new Uri(session.JoinUrl),
            Location = session.Location,
            DtStart = new CalDateTime(session.StartsAt.UtcDateTime),
            DtEnd = new CalDateTime(session.StartsAt.AddMinutes(session.DurationMinutes).UtcDateTime),
            Status = session.IsCancelled ? "CANCELLED" : "CONFIRMED",
        };
        foreach (var address in attendees)
        {
            ev.Attendees.Add(new Attendee("mailto:" + address) { Rsvp = true });
        }

        var calendar = new Calendar { Method = "PUBLISH" };
        calendar.Events.Add(ev);
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }
}
