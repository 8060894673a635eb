using System.Collections.Concurrent;
using CityDealBot.Cards.Localization;

namespace CityDealBot.DutchTime;

/// <summary>
/// Dutch national public holidays as listed in the Algemene termijnenwet, art. 3
/// (https://wetten.overheid.nl/BWBR0002448): Nieuwjaarsdag, Easter Monday, Ascension Day, Whit Monday,
/// Christmas Day and Boxing Day, Koningsdag and Bevrijdingsdag (5 May). Easter and Whit Sunday fall on a Sunday anyway.
/// </summary>
public static class DutchWorkingDays
{
    public const int FirstSupportedYear = 1980;
    public const int LastSupportedYear = 2299;

    // Working-day checks run for every reminder on every dispatcher tick; a year's holidays never change.
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> HolidaysByYear = new();

    /// <summary>Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>
    /// Koningsdag: 27 April (the King's birthday) since 2014, Koninginnedag 30 April from 1980 to 2013;
    /// when that day is a Sunday it is celebrated on the Saturday before.
    /// </summary>
    public static DateOnly KingsDay(int year)
    {
        EnsureSupported(year);
        var day = year >= 2014 ? new DateOnly(year, 4, 27) : new DateOnly(year, 4, 30);
        return day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(-1) : day;
    }

    public static IReadOnlyList<(DateOnly Date, LocalizedText Name)> PublicHolidays(int year)
    {
        EnsureSupported(year);
        var easter = EasterSunday(year);
        return
        [
            (new DateOnly(year, 1, 1), new("Nieuwjaarsdag", "New Year's Day")),
            (easter.AddDays(1), new("Tweede Paasdag", "Easter Monday")),
            (KingsDay(year), new("Koningsdag", "King's Day")),
            (new DateOnly(year, 5, 5), new("Bevrijdingsdag", "Liberation Day")),
            (easter.AddDays(39), new("Hemelvaartsdag", "Ascension Day")),
            (easter.AddDays(50), new("Tweede Pinksterdag", "Whit Monday")),
            (new DateOnly(year, 12, 25), new("Eerste Kerstdag", "Christmas Day")),
            (new DateOnly(year, 12, 26), new("Tweede Kerstdag", "Boxing Day")),
        ];
    }

    public static bool IsPublicHoliday(DateOnly date) =>
        HolidaysByYear.GetOrAdd(date.Year, year => PublicHolidays(year).Select(h => h.Date).ToHashSet()).Contains(date);

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(date);

    /// <summary>The first working day on or after <paramref name="date"/>.</summary>
    public static DateOnly OnOrNextWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }
        return date;
    }

    private static void EnsureSupported(int year)
    {
        if (year is < FirstSupportedYear or > LastSupportedYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Holiday rules are modelled for {FirstSupportedYear}-{LastSupportedYear}.");
        }
    }
}
