using System.Globalization;
using CityDealBot.DutchTime;
using CityDealBot.Elections;

namespace CityDealBot.Tests.DutchTime;

public class DutchWorkingDaysTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    // Published Gregorian Easter dates.
    [Theory]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2011, "2011-04-24")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2022, "2022-04-17")]
    [InlineData(2023, "2023-04-09")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2029, "2029-04-01")]
    [InlineData(2030, "2030-04-21")]
    [InlineData(2035, "2035-03-25")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_sunday_matches_published_dates(int year, string expected) =>
        Assert.Equal(D(expected), DutchWorkingDays.EasterSunday(year));

    [Theory]
    [InlineData(2006, "2006-04-29")] // 30 April was a Sunday
    [InlineData(2013, "2013-04-30")]
    [InlineData(2014, "2014-04-26")] // 27 April was a Sunday
    [InlineData(2025, "2025-04-26")] // 27 April was a Sunday
    [InlineData(2026, "2026-04-27")]
    [InlineData(2027, "2027-04-27")]
    [InlineData(2031, "2031-04-26")] // 27 April is a Sunday
    public void Kings_day_moves_to_saturday_when_it_falls_on_sunday(int year, string expected) =>
        Assert.Equal(D(expected), DutchWorkingDays.KingsDay(year));

    [Fact]
    public void Holidays_of_2026_are_the_statutory_ones()
    {
        string[] statutory = ["2026-01-01", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-25", "2026-12-25", "2026-12-26"];
        var expected = statutory.Select(D);
        Assert.Equal(expected.Order(), DutchWorkingDays.PublicHolidays(2026).Select(h => h.Date).Order());
    }

    [Theory]
    [InlineData("2023-05-29", true)] // Whit Monday (reference: moved the 2023 Senate vote)
    [InlineData("2027-05-17", true)] // Whit Monday 2027 (reference)
    [InlineData("2027-05-06", true)] // Ascension 2027
    [InlineData("2027-03-29", true)] // Easter Monday 2027
    [InlineData("2026-04-03", false)] // Good Friday is not a national holiday
    [InlineData("2027-05-24", false)]
    public void Moveable_feasts(string date, bool holiday) =>
        Assert.Equal(holiday, DutchWorkingDays.IsPublicHoliday(D(date)));

    [Theory]
    [InlineData("2026-12-24", true)]  // Thursday
    [InlineData("2026-12-25", false)] // Christmas
    [InlineData("2026-12-26", false)] // Boxing Day, Saturday
    [InlineData("2026-12-28", true)]  // Monday
    [InlineData("2027-01-01", false)] // New Year, Friday
    [InlineData("2027-01-04", true)]
    [InlineData("2027-04-27", false)] // Koningsdag on a Tuesday
    [InlineData("2025-04-28", true)]  // Monday after a Koningsdag moved to Saturday
    [InlineData("2026-05-05", false)] // Bevrijdingsdag
    [InlineData("2026-11-21", false)] // Saturday
    [InlineData("2026-11-22", false)] // Sunday
    [InlineData("2026-11-23", true)]  // Monday
    public void Working_days_exclude_weekends_and_holidays(string date, bool working) =>
        Assert.Equal(working, DutchWorkingDays.IsWorkingDay(D(date)));

    [Theory]
    [InlineData("2026-12-25", "2026-12-28")]
    [InlineData("2027-12-24", "2027-12-24")]
    [InlineData("2027-12-25", "2027-12-27")] // Saturday, Boxing Day on Sunday: Monday is free
    [InlineData("2028-01-01", "2028-01-03")]
    [InlineData("2027-05-05", "2027-05-07")] // Bevrijdingsdag Wed, Ascension Thu 6 May
    public void Next_working_day(string from, string expected) =>
        Assert.Equal(D(expected), DutchWorkingDays.OnOrNextWorkingDay(D(from)));

    [Theory]
    [InlineData(1979)]
    [InlineData(2300)]
    public void Years_outside_the_modelled_rules_are_refused(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DutchWorkingDays.PublicHolidays(year));
}

public class AmsterdamWallClockTests
{
    [Theory]
    [InlineData("2026-03-28", 9, 0, "2026-03-28T08:00:00Z")] // CET, the day before DST starts
    [InlineData("2026-03-29", 9, 0, "2026-03-29T07:00:00Z")] // CEST from the last Sunday of March
    [InlineData("2026-03-29", 2, 30, "2026-03-29T01:30:00Z")] // inside the gap: moved forward to 03:30 CEST
    [InlineData("2026-10-24", 9, 0, "2026-10-24T07:00:00Z")]
    [InlineData("2026-10-25", 9, 0, "2026-10-25T08:00:00Z")] // CET from the last Sunday of October
    [InlineData("2026-10-25", 2, 30, "2026-10-25T00:30:00Z")] // ambiguous: first (summer-time) occurrence
    [InlineData("2027-03-28", 17, 0, "2027-03-28T15:00:00Z")]
    [InlineData("2027-10-31", 17, 0, "2027-10-31T16:00:00Z")]
    public void Local_wall_clock_to_instant(string date, int hour, int minute, string expectedUtc)
    {
        var instant = AmsterdamTime.ToInstant(DateOnly.Parse(date, CultureInfo.InvariantCulture), new TimeOnly(hour, minute));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), instant);
    }

    [Theory]
    [InlineData("2026-12-31T23:30:00Z", "2027-01-01")]
    [InlineData("2026-12-31T22:59:00Z", "2026-12-31")]
    [InlineData("2026-06-30T22:30:00Z", "2026-07-01")]
    public void Local_date_crosses_midnight_in_amsterdam(string utc, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), AmsterdamTime.LocalDate(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture)));
}
