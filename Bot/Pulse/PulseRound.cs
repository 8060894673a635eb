namespace CityDealBot.Pulse;

/// <summary>One run of a pulse in a deal: when it opens and closes (instants; shown in Amsterdam time).</summary>
public sealed record PulseRound(string Id, string DealId, string TemplateId, DateTimeOffset OpensAt, DateTimeOffset ClosesAt)
{
    public bool IsOpenAt(DateTimeOffset now) => now >= OpensAt && now < ClosesAt;

    public bool IsClosedAt(DateTimeOffset now) => now >= ClosesAt;

    /// <summary>Plans a round from Amsterdam wall-clock times, e.g. "open Monday 9:00, close Friday 17:00".</summary>
    public static PulseRound FromAmsterdamTimes(string id, string dealId, string templateId, DateTime opensLocal, DateTime closesLocal)
    {
        var opens = AmsterdamTime.ToInstant(opensLocal);
        var closes = AmsterdamTime.ToInstant(closesLocal);
        if (closes <= opens)
        {
            throw new ArgumentException("A pulse must close after it opens.", nameof(closesLocal));
        }

        return new PulseRound(id, dealId, templateId, opens, closes);
    }
}

/// <summary>Conversions between instants and Dutch wall-clock time that stay right across DST changes.</summary>
public static class AmsterdamTime
{
    // IANA id; .NET on Windows maps it through ICU, on Linux it reads tzdata.
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>
    /// Wall-clock time to instant. A time skipped by the spring change (02:00–03:00) moves forward by the gap,
    /// as a clock would; a time that occurs twice in autumn takes the first occurrence (summer time).
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(wall))
        {
            var before = Zone.GetUtcOffset(wall.AddHours(-3));
            var after = Zone.GetUtcOffset(wall.AddHours(3));
            wall = wall + (after - before);
            return new DateTimeOffset(wall, after);
        }

        if (Zone.IsAmbiguousTime(wall))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(wall);
            return new DateTimeOffset(wall, offsets.Max());
        }

        return new DateTimeOffset(wall, Zone.GetUtcOffset(wall));
    }
}
