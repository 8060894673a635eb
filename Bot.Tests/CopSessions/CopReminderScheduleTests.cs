using System.Globalization;
using CityDealBot.CopSessions;

namespace CityDealBot.Tests.CopSessions;

/// <summary>When the day-before and hour-before reminders fall, in Amsterdam time and across the clock changes.</summary>
public sealed class CopReminderScheduleTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2027-06-10T13:00:00Z", "2027-06-09T13:00:00Z")] // an ordinary summer day: 24 hours
    [InlineData("2027-10-31T14:00:00Z", "2027-10-30T13:00:00Z")] // Sunday 15:00 CET after the autumn change: Saturday 15:00 CEST, 25 hours
    [InlineData("2027-11-01T08:00:00Z", "2027-10-31T08:00:00Z")] // Monday 09:00 CET: Sunday 09:00 CET
    [InlineData("2027-03-28T08:00:00Z", "2027-03-27T09:00:00Z")] // Sunday 10:00 CEST after the spring change: Saturday 10:00 CET, 23 hours
    [InlineData("2027-03-29T07:00:00Z", "2027-03-28T07:00:00Z")] // Monday 09:00 CEST: Sunday 09:00 CEST
    [InlineData("2027-03-29T00:30:00Z", "2027-03-28T01:30:00Z")] // Monday 02:30 CEST: Sunday 02:30 does not exist; moved on by the skipped hour, 03:30 CEST
    public void The_day_before_keeps_the_wall_clock_time(string startsAt, string expected) =>
        Assert.Equal(At(expected), CopReminderSchedule.DayBefore(At(startsAt)));

    [Theory]
    [InlineData("2027-10-30T12:59:00Z", null)]
    [InlineData("2027-10-30T13:00:00Z", CopReminderMoment.DayBefore)]
    [InlineData("2027-10-31T12:59:59Z", CopReminderMoment.DayBefore)]
    [InlineData("2027-10-31T13:00:00Z", CopReminderMoment.HourBefore)]
    [InlineData("2027-10-31T13:59:59Z", CopReminderMoment.HourBefore)]
    [InlineData("2027-10-31T14:00:00Z", null)] // started
    [InlineData("2027-11-02T10:00:00Z", null)]
    [InlineData("2027-10-01T10:00:00Z", null)]
    public void Each_moment_has_its_window(string now, CopReminderMoment? expected) =>
        Assert.Equal(expected, CopReminderSchedule.DueAt(At("2027-10-31T14:00:00Z"), At(now)));

    [Fact]
    public void A_moved_session_gets_new_keys_and_the_same_session_keeps_them()
    {
        var first = CopReminderSchedule.DeliveryKey("s1", At("2027-06-10T13:00:00Z"), CopReminderMoment.DayBefore, "aad-anne");
        Assert.Equal(first, CopReminderSchedule.DeliveryKey("s1", At("2027-06-10T15:00:00+02:00"), CopReminderMoment.DayBefore, "aad-anne"));
        Assert.NotEqual(first, CopReminderSchedule.DeliveryKey("s1", At("2027-06-11T13:00:00Z"), CopReminderMoment.DayBefore, "aad-anne"));
        Assert.NotEqual(first, CopReminderSchedule.DeliveryKey("s1", At("2027-06-10T13:00:00Z"), CopReminderMoment.HourBefore, "aad-anne"));
        Assert.NotEqual(first, CopReminderSchedule.DeliveryKey("s1", At("2027-06-10T13:00:00Z"), CopReminderMoment.DayBefore, CopReminderSchedule.SummaryRecipient("aad-anne")));
    }
}
