using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace CityDealBot.CopSessions;

/// <summary>The .ics fallback when Graph cannot create the event: a file the bot serves at a signed, expiring link.</summary>
public sealed class CopInvitation(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Route = "/cop/ics";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("CityDealBot.CopSessions.Ics").ToTimeLimitedDataProtector();

    public string Link(string baseUrl, CopSessionRecord session, TimeSpan lifetime)
    {
        var token = _protector.Protect(session.PartitionKey + "\n" + session.RowKey, time.GetUtcNow().Add(lifetime));
        return baseUrl.TrimEnd('/') + Route + "?t=" + Uri.EscapeDataString(token);
    }

    /// <summary>The deal key and session id of a link that is genuine and not expired; null otherwise.</summary>
    public (string DealKey, string SessionId)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token, out var expiration).Split('\n');
            return expiration > time.GetUtcNow() && parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Times are written in UTC, so the file is unambiguous around the DST changes.</summary>
    public static string Ics(CopSessionRecord session, IReadOnlyList<string> attendees)
    {
        var ev = new CalendarEvent
        {
            Uid = session.RowKey + "@citydealbot",
            Summary = session.Title,
            Description = session.Agenda,
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
