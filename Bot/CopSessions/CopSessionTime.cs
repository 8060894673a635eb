using System.Globalization;
using CityDealBot.Cards.Localization;
using CityDealBot.DutchTime;

namespace CityDealBot.CopSessions;

/// <summary>Session times are entered in Europe/Amsterdam wall-clock time and stored as instants.</summary>
public static class CopSessionTime
{
    /// <summary>The Windows zone id Graph expects for Europe/Amsterdam (protocol reference §6.2).</summary>
    public const string GraphTimeZone = "W. Europe Standard Time";

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

    /// <summary>The local wall-clock text Graph takes together with <see cref="GraphTimeZone"/>.</summary>
    public static string GraphLocal(DateTimeOffset instant) =>
        AmsterdamTime.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Display(DateTimeOffset instant, Language language) =>
        AmsterdamTime.ToLocal(instant).ToString(language == Language.English ? "dddd d MMMM yyyy, HH:mm" : "dddd d MMMM yyyy, HH:mm 'uur'", language.Culture());
}
