using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

public class PulseReminderPlannerTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static PulseRound Round(DateTimeOffset opens, DateTimeOffset closes) => new("round-1", "deal-1", MidtermReviewTemplate.TemplateId, opens, closes);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, TimeSpan offset) => new(year, month, day, hour, minute, 0, offset);

    // Expected slots worked out by hand: the Dutch clock changes on Sun 29 Mar 2026 (to +02:00) and Sun 25 Oct 2026 (to +01:00).
    public static TheoryData<string, DateTimeOffset, DateTimeOffset[]> Plans => new()
    {
        // Close Thu 26 Mar 12:00 (+01): Mon 23 and Wed 25 Mar at 12:00 are working time.
        { "plain week", At(2026, 3, 26, 12, 0, Winter), [At(2026, 3, 23, 12, 0, Winter), At(2026, 3, 25, 12, 0, Winter)] },

        // Close Tue 31 Mar 12:00 (+02): three days before is Saturday -> Friday 16:30 in winter time; one day before is Monday 12:00 summer time.
        { "weekend and spring DST", At(2026, 3, 31, 12, 0, Summer), [At(2026, 3, 27, 16, 30, Winter), At(2026, 3, 30, 12, 0, Summer)] },

        // Close Mon 30 Mar 10:00 (+02): Fri 27 Mar 10:00 (+01) and Sunday -> Fri 27 Mar 16:30 (+01).
        { "monday close after DST", At(2026, 3, 30, 10, 0, Summer), [At(2026, 3, 27, 10, 0, Winter), At(2026, 3, 27, 16, 30, Winter)] },

        // Close Mon 26 Oct 08:00 (+01): Fri 23 Oct 08:00 is before 9 -> Thu 22 Oct 16:30 (+02); Sunday -> Fri 23 Oct 16:30 (+02).
        { "early close after autumn DST", At(2026, 10, 26, 8, 0, Winter), [At(2026, 10, 22, 16, 30, Summer), At(2026, 10, 23, 16, 30, Summer)] },

        // Close Wed 4 Nov 18:00: Sunday -> Fri 30 Oct 16:30; Tue 3 Nov 18:00 is after hours -> same day 16:30.
        { "evening close", At(2026, 11, 4, 18, 0, Winter), [At(2026, 10, 30, 16, 30, Winter), At(2026, 11, 3, 16, 30, Winter)] },

        // Close Thu 5 Nov 16:45: Mon 2 Nov 16:45 and Wed 4 Nov 16:45 are past 16:30 -> 16:30.
        { "close late in the afternoon", At(2026, 11, 5, 16, 45, Winter), [At(2026, 11, 2, 16, 30, Winter), At(2026, 11, 4, 16, 30, Winter)] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Reminders_are_planned_in_working_time_before_the_close(string name, DateTimeOffset closes, DateTimeOffset[] expected)
    {
        var round = Round(closes.AddDays(-14), closes);
        var plan = PulseReminderPlanner.Plan(round);

        Assert.True(expected.SequenceEqual(plan.Select(p => p.At)), $"{name}: {string.Join(", ", plan.Select(p => p.At.ToString("o")))}");
        Assert.Equal([1, 2], plan.Select(p => p.Number));
        Assert.All(plan, p => Assert.True(p.At < closes && PulseReminderPlanner.IsWorkingTime(p.At), name));
    }

    [Fact]
    public void A_slot_before_the_open_is_dropped()
    {
        // Opens Tue 3 Nov 09:00, closes Wed 4 Nov 12:00: the 3-day slot falls before the open.
        var round = Round(At(2026, 11, 3, 9, 0, Winter), At(2026, 11, 4, 12, 0, Winter));
        var slot = Assert.Single(PulseReminderPlanner.Plan(round));
        Assert.Equal(1, slot.Number);
        Assert.Equal(At(2026, 11, 3, 12, 0, Winter), slot.At);
    }

    [Fact]
    public void Slots_that_move_to_the_same_moment_become_one()
    {
        // Close Mon 9 Nov 09:00 with 2 and 1 days before: Saturday and Sunday both move to Fri 6 Nov 16:30.
        var policy = new PulseReminderPolicy { BeforeClose = [TimeSpan.FromDays(2), TimeSpan.FromDays(1)] };
        var round = Round(At(2026, 11, 2, 9, 0, Winter), At(2026, 11, 9, 9, 0, Winter));
        var slot = Assert.Single(PulseReminderPlanner.Plan(round, policy));
        Assert.Equal(At(2026, 11, 6, 16, 30, Winter), slot.At);
    }

    [Theory]
    [InlineData(3)]
    public void More_than_two_reminders_are_refused(int count)
    {
        var policy = new PulseReminderPolicy { BeforeClose = [.. Enumerable.Range(1, count).Select(d => TimeSpan.FromDays(d))] };
        Assert.Throws<ArgumentException>(() => PulseReminderPlanner.Plan(Round(At(2026, 11, 2, 9, 0, Winter), At(2026, 11, 20, 12, 0, Winter)), policy));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void Offsets_must_lie_before_the_close(int hours)
    {
        var policy = new PulseReminderPolicy { BeforeClose = [TimeSpan.FromHours(hours)] };
        Assert.NotEmpty(policy.Validate());
    }

    // Round "plain week": slots Mon 23 Mar 12:00 and Wed 25 Mar 12:00, close Thu 26 Mar 12:00 (all +01).
    private static readonly PulseRound Week = Round(At(2026, 3, 16, 9, 0, Winter), At(2026, 3, 26, 12, 0, Winter));

    [Theory]
    [InlineData("2026-03-23T11:59:00+01:00", 0, 0)] // just before the first slot
    [InlineData("2026-03-23T12:00:00+01:00", 0, 1)] // first slot
    [InlineData("2026-03-23T12:00:00+01:00", 1, 0)] // already had the first
    [InlineData("2026-03-24T10:00:00+01:00", 0, 1)] // between the slots, first not yet sent
    [InlineData("2026-03-25T12:00:00+01:00", 1, 2)] // second slot
    [InlineData("2026-03-25T12:00:00+01:00", 0, 2)] // first was missed: only the latest goes out
    [InlineData("2026-03-25T12:00:00+01:00", 2, 0)] // both already sent
    [InlineData("2026-03-25T16:59:00+01:00", 1, 2)] // last minute of the working day
    [InlineData("2026-03-25T17:00:00+01:00", 1, 0)] // working day is over
    [InlineData("2026-03-26T08:59:00+01:00", 1, 0)] // before the working day
    [InlineData("2026-03-26T09:00:00+01:00", 1, 2)] // next morning, still before the close
    [InlineData("2026-03-26T12:00:00+01:00", 1, 0)] // closed
    [InlineData("2026-03-26T15:00:00+01:00", 1, 0)] // after the close
    public void Due_reminders_follow_slots_working_hours_and_close(string now, int alreadySent, int expectedNumber)
    {
        var due = PulseReminderPlanner.Due(Week, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture),
            ["anna"], new HashSet<string>(), new Dictionary<string, int> { ["anna"] = alreadySent });

        if (expectedNumber == 0)
        {
            Assert.Empty(due);
        }
        else
        {
            var reminder = Assert.Single(due);
            Assert.Equal(expectedNumber, reminder.Number);
            Assert.Equal("anna", reminder.ParticipantId);
        }
    }

    [Fact]
    public void Only_non_responders_are_reminded_and_each_once_per_slot()
    {
        var now = At(2026, 3, 23, 14, 0, Winter);
        var due = PulseReminderPlanner.Due(Week, now, ["anna", "bram", "cem", "anna"], new HashSet<string> { "bram" }, new Dictionary<string, int>());

        Assert.Equal(["anna", "cem"], due.Select(d => d.ParticipantId));
        Assert.Equal("pulse-reminder:round-1:anna:1", due[0].DeliveryKey);
        Assert.Equal(At(2026, 3, 23, 12, 0, Winter), due[0].PlannedAt);
    }

    [Fact]
    public void Nothing_is_due_at_the_weekend_even_after_a_slot()
    {
        // Close Tue 31 Mar 12:00: first slot Fri 27 Mar 16:30; on Saturday nothing goes out.
        var round = Round(At(2026, 3, 16, 9, 0, Winter), At(2026, 3, 31, 12, 0, Summer));
        var saturday = At(2026, 3, 28, 11, 0, Winter);
        Assert.Empty(PulseReminderPlanner.Due(round, saturday, ["anna"], new HashSet<string>(), new Dictionary<string, int>()));

        var monday = At(2026, 3, 30, 9, 0, Summer);
        Assert.Equal(1, Assert.Single(PulseReminderPlanner.Due(round, monday, ["anna"], new HashSet<string>(), new Dictionary<string, int>())).Number);
    }

    [Theory]
    [InlineData("2026-03-29T10:00:00+02:00", false)] // Sunday
    [InlineData("2026-03-30T08:59:00+02:00", false)]
    [InlineData("2026-03-30T09:00:00+02:00", true)]
    [InlineData("2026-03-30T07:30:00+00:00", true)] // 09:30 Amsterdam summer time
    [InlineData("2026-01-05T08:30:00+00:00", true)] // 09:30 Amsterdam winter time
    [InlineData("2026-01-05T16:30:00+00:00", false)] // 17:30 Amsterdam
    public void Working_time_is_judged_on_the_Amsterdam_clock(string instant, bool expected) =>
        Assert.Equal(expected, PulseReminderPlanner.IsWorkingTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
}
