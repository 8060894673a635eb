using System.Globalization;
using CityDealBot.Cards.Localization;
using CityDealBot.DutchTime;

namespace CityDealBot.CopSessions;

/// <summary>Session times are entered in Europe/Amsterdam wall-clock time and stored as instants.</summary>
public static class CopSessionTime
{
    /// <summary>
    /// The instant of a wall-clock time in Amsterdam, or null for a time that does not exist (the hour skipped
    /// on the last Sunday of March). An hour that occurs twice (last Sunday of October) is read as the first, summer-time one.
    /// </summary>
    public static DateTimeOffset? ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var zone = AmsterdamTime.Zone;
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
