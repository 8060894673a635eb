using CityDealBot.Cards.Localization;

namespace CityDealBot.DutchTime;

/// <summary>Conversions between instants and Europe/Amsterdam wall-clock time that stay correct across DST changes.</summary>
public static class AmsterdamTime
{
    public static TimeZoneInfo Zone { get; } = LoadZone();

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>An instant as Amsterdam wall-clock time, written out for a reader ("dinsdag 3 maart 2026, 14:00 uur").</summary>
    public static string Display(DateTimeOffset instant, Language language) =>
        ToLocal(instant).ToString(language == Language.English ? "dddd d MMMM yyyy, HH:mm" : "dddd d MMMM yyyy, HH:mm 'uur'", language.Culture());

    /// <summary>The Amsterdam wall-clock time of an instant, as a plain date and time.</summary>
    public static DateTime LocalDateTime(DateTimeOffset instant) => ToLocal(instant).DateTime;

    /// <summary>A wall-clock time to its instant (rules as <see cref="ToInstant(DateOnly, TimeOnly)"/>), expressed with the Amsterdam offset.</summary>
    public static DateTimeOffset ToInstant(DateTime local) =>
        TimeZoneInfo.ConvertTime(ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local)), Zone);

    /// <summary>
    /// The instant at which Amsterdam clocks show <paramref name="time"/> on <paramref name="date"/>.
    /// A time inside the spring-forward gap moves forward by the gap; an ambiguous autumn time takes the first (summer-time) occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var offsetBefore = Zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, offsetBefore).ToUniversalTime();
        }
        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            var summer = offsets.Max();
            return new DateTimeOffset(local, summer).ToUniversalTime();
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static TimeZoneInfo LoadZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        }
        catch (TimeZoneNotFoundException)
        {
            return EuropeanRulesZone();
        }
        catch (InvalidTimeZoneException)
        {
            return EuropeanRulesZone();
        }
    }

    /// <summary>Fallback for hosts without tz data: CET/CEST with the EU rule (last Sunday of March and October, 01:00 UTC).</summary>
    private static TimeZoneInfo EuropeanRulesZone()
    {
        var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday);
        var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday);
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
        return TimeZoneInfo.CreateCustomTimeZone("Europe/Amsterdam", TimeSpan.FromHours(1), "Europe/Amsterdam", "CET", "CEST", [rule]);
    }
}
