using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CityDealBot.Graph;

/// <summary>
/// An event as an .ics file, for whoever has no invitation through Graph (guests, or no Graph at all): CoP sessions
/// and agreed coffee dates. It lists no attendees.
/// </summary>
public static class CalendarFile
{
    /// <summary>One event as an .ics file. Times are written in UTC, so the file is unambiguous around the DST changes.</summary>
    public static string Write(
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
