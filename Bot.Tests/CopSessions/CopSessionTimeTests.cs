using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.CopSessions;
using CityDealBot.Graph;

using CityDealBot.DutchTime;

namespace CityDealBot.Tests.CopSessions;

/// <summary>Wall-clock times in Amsterdam around the DST changes (last Sunday of March and of October).</summary>
public sealed class CopSessionTimeTests
{
    [Theory]
    [InlineData("2027-10-31", "15:00", "2027-10-31T14:00:00Z")] // last Sunday of October: winter time, UTC+1
    [InlineData("2027-10-30", "15:00", "2027-10-30T13:00:00Z")] // the day before: summer time, UTC+2
    [InlineData("2027-10-31", "02:30", "2027-10-31T00:30:00Z")] // the hour that occurs twice: the first (summer) one
    [InlineData("2027-10-31", "03:00", "2027-10-31T02:00:00Z")]
    [InlineData("2027-03-28", "10:00", "2027-03-28T08:00:00Z")] // last Sunday of March: summer time, UTC+2
    [InlineData("2027-03-27", "10:00", "2027-03-27T09:00:00Z")]
    [InlineData("2027-03-28", "01:59", "2027-03-28T00:59:00Z")]
    [InlineData("2027-03-28", "03:00", "2027-03-28T01:00:00Z")]
    [InlineData("2026-10-25", "09:30", "2026-10-25T08:30:00Z")]
    [InlineData("2026-03-29", "09:30", "2026-03-29T07:30:00Z")]
    public void Amsterdam_wall_clock_becomes_the_right_instant(string date, string time, string utc)
    {
        var instant = CopSessionTime.ToInstant(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Theory]
    [InlineData("2027-03-28", "02:00")]
    [InlineData("2027-03-28", "02:30")]
    [InlineData("2026-03-29", "02:15")]
    public void The_skipped_hour_in_March_does_not_exist(string date, string time) =>
        Assert.Null(CopSessionTime.ToInstant(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2027-10-31T00:30:00+02:00", 180, "2027-10-31T00:30:00", "2027-10-31T02:30:00")] // spans the extra hour: 3 hours, 2 on the clock
    [InlineData("2027-03-28T01:00:00+01:00", 120, "2027-03-28T01:00:00", "2027-03-28T04:00:00")] // spans the skipped hour
    [InlineData("2027-06-10T15:00:00+02:00", 90, "2027-06-10T15:00:00", "2027-06-10T16:30:00")]
    public void Graph_gets_local_start_and_end_that_match_the_duration(string start, int minutes, string localStart, string localEnd)
    {
        var instant = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(localStart, GraphGateway.LocalText(instant));
        Assert.Equal(localEnd, GraphGateway.LocalText(instant.AddMinutes(minutes)));
    }

    [Fact]
    public void The_planning_card_refuses_the_skipped_hour_and_the_past()
    {
        var now = new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero);
        static PlanCopSession Card(string date, string time) => new(Title: "CoP", Date: date, Time: time);
        Assert.Equal("cop.invalid.time", CopPlanner.Read(Card("2027-03-28", "02:30"), now).ProblemKey);
        Assert.Equal("cop.invalid.time", CopPlanner.Read(Card("2026-12-01", "10:00"), now).ProblemKey);
        Assert.Equal("cop.invalid.title", CopPlanner.Read(new PlanCopSession(Date: "2027-03-28", Time: "10:00"), now).ProblemKey);
        var draft = CopPlanner.Read(Card("2027-03-28", "03:00"), now).Draft!;
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), draft.StartsAt);
        Assert.Equal(90, draft.DurationMinutes);
        Assert.Equal("online", draft.Mode);
    }

    [Theory]
    [InlineData("a@x.nl; b@y.nl", 2)]
    [InlineData("a@x.nl, A@X.nl\nc@z.nl", 2 + 0)]
    [InlineData("geen adres", 0)]
    public void Picked_people_are_read_as_distinct_addresses(string text, int count)
    {
        var addresses = CopPlanner.Split(text);
        Assert.Equal(count, addresses.Count);
        Assert.All(addresses, a => Assert.Contains('@', a));
    }

    [Fact]
    public void Display_names_the_weekday_in_the_language()
    {
        var instant = new DateTimeOffset(2027, 10, 31, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal("zondag 31 oktober 2027, 15:00 uur", AmsterdamTime.Display(instant, Language.Dutch));
        Assert.Equal("Sunday 31 October 2027, 15:00", AmsterdamTime.Display(instant, Language.English));
    }
}
