using CityDealBot.Pulse;
using CityDealBot.DutchTime;

namespace CityDealBot.Tests.DutchTime;

public class AmsterdamTimeTests
{
    [Theory]
    [InlineData("2026-01-15T12:00:00", "2026-01-15T11:00:00Z")] // winter: +01
    [InlineData("2026-07-01T12:00:00", "2026-07-01T10:00:00Z")] // summer: +02
    [InlineData("2026-03-29T01:59:00", "2026-03-29T00:59:00Z")] // last minute before the spring change
    [InlineData("2026-03-29T02:30:00", "2026-03-29T01:30:00Z")] // skipped hour: moves forward to 03:30 +02
    [InlineData("2026-03-29T03:00:00", "2026-03-29T01:00:00Z")]
    [InlineData("2026-10-25T02:30:00", "2026-10-25T00:30:00Z")] // happens twice: the first (+02) is taken
    [InlineData("2026-10-25T03:00:00", "2026-10-25T02:00:00Z")]
    public void Wall_clock_time_converts_to_the_right_instant(string local, string utc)
    {
        var instant = AmsterdamTime.ToInstant(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Fact]
    public void Round_planned_in_local_time_spans_the_dst_change_in_real_hours()
    {
        // Mon 23 Mar 09:00 (+01) to Mon 30 Mar 09:00 (+02) is one hour short of seven full days.
        var round = PulseRound.FromAmsterdamTimes("r", "d", "t", new DateTime(2026, 3, 23, 9, 0, 0), new DateTime(2026, 3, 30, 9, 0, 0));
        Assert.Equal(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), round.ClosesAt - round.OpensAt);
        Assert.Equal(new DateTime(2026, 3, 30, 9, 0, 0), AmsterdamTime.LocalDateTime(round.ClosesAt));
    }

    [Fact]
    public void Round_must_close_after_it_opens() =>
        Assert.Throws<ArgumentException>(() => PulseRound.FromAmsterdamTimes("r", "d", "t", new DateTime(2026, 3, 23, 9, 0, 0), new DateTime(2026, 3, 23, 9, 0, 0)));

    [Theory]
    [InlineData("2026-03-23T08:59:59+01:00", false)]
    [InlineData("2026-03-23T09:00:00+01:00", true)]
    [InlineData("2026-03-30T08:59:59+02:00", true)]
    [InlineData("2026-03-30T09:00:00+02:00", false)]
    public void Round_is_open_from_open_until_just_before_close(string now, bool open)
    {
        var round = PulseRound.FromAmsterdamTimes("r", "d", "t", new DateTime(2026, 3, 23, 9, 0, 0), new DateTime(2026, 3, 30, 9, 0, 0));
        Assert.Equal(open, round.IsOpenAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
