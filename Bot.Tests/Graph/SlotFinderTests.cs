using System.Globalization;
using CityDealBot.CopSessions;
using CityDealBot.DutchTime;
using CityDealBot.Elections;
using CityDealBot.Graph;

namespace CityDealBot.Tests.Graph;

/// <summary>The three best starts in Amsterdam working hours, on different days, around busy and tentative items.</summary>
public sealed class SlotFinderTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Without_busy_times_the_first_working_days_at_nine_are_proposed_skipping_the_weekend()
    {
        // Friday 4 June 2027 to Friday 11 June: Friday, Monday, Tuesday at 09:00 summer time (07:00 UTC).
        var slots = SlotFinder.Best([], Day("2027-06-04"), Day("2027-06-11"), 90);
        Assert.Equal([Utc("2027-06-04T07:00:00Z"), Utc("2027-06-07T07:00:00Z"), Utc("2027-06-08T07:00:00Z")], slots.Select(s => s.Start));
    }

    [Fact]
    public void Busy_and_tentative_people_push_the_proposals_and_everyone_free_comes_first()
    {
        IReadOnlyList<BusyInterval> anne = [new(Utc("2027-06-07T07:00:00Z"), Utc("2027-06-07T10:00:00Z"), false)]; // Monday 09:00–12:00
        IReadOnlyList<BusyInterval> bram = [new(Utc("2027-06-08T07:00:00Z"), Utc("2027-06-08T15:00:00Z"), true)]; // Tuesday 09:00–17:00, tentative
        var slots = SlotFinder.Best([anne, bram], Day("2027-06-07"), Day("2027-06-09"), 60);

        // Monday from 12:00 (both free), Wednesday 09:00 (both free), then Tuesday 09:00 (Bram only tentatively busy).
        Assert.Equal([Utc("2027-06-07T10:00:00Z"), Utc("2027-06-08T07:00:00Z"), Utc("2027-06-09T07:00:00Z")], slots.Select(s => s.Start));
        Assert.Equal([2, 1, 2], slots.Select(s => s.Free));
        Assert.Equal([0, 1, 0], slots.Select(s => s.Tentative));
    }

    [Theory]
    [InlineData("2027-03-26", "2027-03-29", "2027-03-26T08:00:00Z", "2027-03-29T07:00:00Z")] // across the spring change
    [InlineData("2027-10-29", "2027-11-01", "2027-10-29T07:00:00Z", "2027-11-01T08:00:00Z")] // across the autumn change
    public void Nine_oclock_stays_nine_oclock_across_the_clock_change(string from, string to, string friday, string monday)
    {
        // Two working days for three proposals: both days at 09:00, the third on one of them.
        var starts = SlotFinder.Best([], Day(from), Day(to), 60).Select(s => s.Start).ToList();
        Assert.Equal(3, starts.Count);
        Assert.Contains(Utc(friday), starts);
        Assert.Contains(Utc(monday), starts);
    }

    [Fact]
    public void One_day_gives_three_times_on_that_day()
    {
        var slots = SlotFinder.Best([], Day("2027-06-09"), Day("2027-06-09"), 120);
        Assert.Equal(3, slots.Count);
        Assert.All(slots, s => Assert.Equal(Day("2027-06-09"), AmsterdamTime.LocalDate(s.Start)));
        Assert.Equal(3, slots.Select(s => s.Start).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Proposals_lie_in_working_hours_and_count_free_people_correctly(int seed)
    {
        var random = new Random(seed);
        var from = Day("2027-03-22");
        var people = Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (IReadOnlyList<BusyInterval>)[.. Enumerable.Range(0, random.Next(25)).Select(_ =>
        {
            var start = AmsterdamTime.ToInstant(from.AddDays(random.Next(14)), new TimeOnly(7 + random.Next(11), 30 * random.Next(2)));
            return new BusyInterval(start, start.AddMinutes(30 * (1 + random.Next(8))), random.Next(4) == 0);
        })]).ToList();
        var minutes = 30 * (1 + random.Next(6));

        var slots = SlotFinder.Best(people, from, from.AddDays(13), minutes);

        Assert.Equal(3, slots.Count);
        Assert.Equal(3, slots.Select(s => AmsterdamTime.LocalDate(s.Start)).Distinct().Count());
        foreach (var slot in slots)
        {
            var local = AmsterdamTime.ToLocal(slot.Start);
            Assert.InRange(local.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
            Assert.True(TimeOnly.FromDateTime(local.DateTime) >= new TimeOnly(9, 0) && TimeOnly.FromDateTime(local.AddMinutes(minutes).DateTime) <= new TimeOnly(17, 0), $"{local}");
            var end = slot.Start.AddMinutes(minutes);
            Assert.Equal(people.Count(p => !p.Any(b => b.Start < end && b.End > slot.Start)), slot.Free);
        }
    }
}
