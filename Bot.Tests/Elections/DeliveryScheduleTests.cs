using System.Globalization;
using System.Text.RegularExpressions;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

public class DeliveryScheduleTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);
    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-27", "2026-03-27T08:00:00Z")] // Friday, CET
    [InlineData("2026-03-28", "2026-03-30T07:00:00Z")] // Saturday -> Monday, CEST after the last Sunday of March
    [InlineData("2026-03-29", "2026-03-30T07:00:00Z")] // the DST Sunday itself
    [InlineData("2026-10-23", "2026-10-23T07:00:00Z")] // Friday, CEST
    [InlineData("2026-10-24", "2026-10-26T08:00:00Z")] // Saturday -> Monday, CET after the last Sunday of October
    [InlineData("2026-12-24", "2026-12-24T08:00:00Z")]
    [InlineData("2026-12-25", "2026-12-28T08:00:00Z")] // Christmas Friday -> Monday
    [InlineData("2027-12-31", "2027-12-31T08:00:00Z")] // year boundary: Friday 31 December is a working day
    [InlineData("2028-01-01", "2028-01-03T08:00:00Z")] // New Year on a Saturday -> Monday 3 January
    [InlineData("2027-04-27", "2027-04-28T07:00:00Z")] // Koningsdag
    [InlineData("2027-05-05", "2027-05-07T07:00:00Z")] // Bevrijdingsdag, then Ascension Day
    [InlineData("2027-05-17", "2027-05-18T07:00:00Z")] // Whit Monday
    public void Nominal_instant_is_window_start_on_the_first_working_day(string due, string expected) =>
        Assert.Equal(T(expected), DeliverySchedule.NominalInstant(D(due), DeliveryWindow.OfficeHours));

    [Theory]
    [InlineData("2026-11-23T07:59:00Z", "2026-11-23T08:00:00Z")] // Monday 08:59 local: wait for 09:00
    [InlineData("2026-11-23T08:00:00Z", "2026-11-23T08:00:00Z")]
    [InlineData("2026-11-23T15:59:00Z", "2026-11-23T15:59:00Z")] // 16:59 local: still open
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24T08:00:00Z")] // 17:00 local: closed (end exclusive)
    [InlineData("2026-11-27T16:30:00Z", "2026-11-30T08:00:00Z")] // Friday evening -> Monday
    [InlineData("2026-12-24T17:00:00Z", "2026-12-28T08:00:00Z")] // Christmas Eve evening -> after Boxing Day weekend
    [InlineData("2027-03-26T16:00:00Z", "2027-03-30T07:00:00Z")] // Friday 17:00 CET -> DST Sunday, Easter Monday -> Tuesday 09:00 CEST
    [InlineData("2026-10-23T15:00:00Z", "2026-10-26T08:00:00Z")] // Friday 17:00 CEST -> Monday 09:00 CET
    public void Next_delivery_instant(string now, string expected)
    {
        var result = DeliverySchedule.NextDeliveryInstant(T(now), DeliveryWindow.OfficeHours);
        Assert.Equal(T(expected), result);
    }

    [Theory]
    // Due Monday 2026-11-23; nominal 09:00 CET = 08:00Z.
    [InlineData("2026-11-22T12:00:00Z", DeliveryState.Waiting, false, "2026-11-23T08:00:00Z")]
    [InlineData("2026-11-23T08:00:00Z", DeliveryState.DueNow, false, "2026-11-23T08:00:00Z")]
    [InlineData("2026-11-23T13:30:00Z", DeliveryState.DueNow, false, "2026-11-23T13:30:00Z")] // bot was down in the morning: same day is on time
    [InlineData("2026-11-23T17:00:00Z", DeliveryState.Waiting, true, "2026-11-24T08:00:00Z")] // missed the whole window: late, next morning
    [InlineData("2026-11-24T09:15:00Z", DeliveryState.DueNow, true, "2026-11-24T09:15:00Z")]
    [InlineData("2026-11-30T08:00:00Z", DeliveryState.DueNow, true, "2026-11-30T08:00:00Z")] // exactly 7 days late: still sent
    [InlineData("2026-11-30T08:01:00Z", DeliveryState.Skipped, true, null)] // 7 days and a minute: skipped
    [InlineData("2026-11-27T16:30:00Z", DeliveryState.Waiting, true, "2026-11-30T08:00:00Z")] // Friday evening: Monday is exactly 7 days
    [InlineData("2026-11-28T10:00:00Z", DeliveryState.Waiting, true, "2026-11-30T08:00:00Z")] // Saturday: nothing on weekends
    public void Decide_for_a_monday_moment(string now, DeliveryState state, bool late, string? deliverAt)
    {
        var decision = DeliverySchedule.Decide(D("2026-11-23"), T(now), DeliveryPolicy.Default);
        Assert.Equal(state, decision.State);
        Assert.Equal(late, decision.IsLate);
        Assert.Equal(deliverAt is null ? null : T(deliverAt), decision.DeliverAt);
        Assert.Equal(T("2026-11-23T08:00:00Z"), decision.NominalAt);
    }

    [Theory]
    // Nominal Friday 2027-03-26 09:00 CET = 08:00Z. A week later clocks show CEST: 7 days of real time end at 10:00 local.
    [InlineData("2027-04-02T07:00:00Z", DeliveryState.DueNow)] // Friday 09:00 CEST: 6 days 23 hours late
    [InlineData("2027-04-02T08:00:00Z", DeliveryState.DueNow)] // exactly 7 days
    [InlineData("2027-04-02T08:01:00Z", DeliveryState.Skipped)]
    public void Lateness_is_measured_in_real_time_across_the_spring_dst_change(string now, DeliveryState expected) =>
        Assert.Equal(expected, DeliverySchedule.Decide(D("2027-03-26"), T(now), DeliveryPolicy.Default).State);

    [Theory]
    // Nominal Friday 2027-10-29 09:00 CEST = 07:00Z; after the last Sunday of October, 09:00 CET = 08:00Z.
    [InlineData("2027-11-05T07:00:00Z", DeliveryState.Skipped)]  // 08:00 CET: the window opens too late, so skip already
    [InlineData("2027-11-04T15:59:00Z", DeliveryState.DueNow)]   // Thursday 16:59 CET, 6 days 9 hours late
    [InlineData("2027-11-05T08:00:00Z", DeliveryState.Skipped)]  // 09:00 CET is 7 days and 1 hour after nominal
    [InlineData("2027-11-01T08:00:00Z", DeliveryState.DueNow)]   // Monday 09:00 CET
    public void Lateness_across_the_autumn_dst_change(string now, DeliveryState expected) =>
        Assert.Equal(expected, DeliverySchedule.Decide(D("2027-10-29"), T(now), DeliveryPolicy.Default).State);

    [Fact]
    public void Custom_window_and_lateness_are_respected()
    {
        var policy = new DeliveryPolicy(new DeliveryWindow(new TimeOnly(10, 0), new TimeOnly(12, 0)), TimeSpan.FromDays(1));
        Assert.Equal(T("2026-11-23T09:00:00Z"), DeliverySchedule.NominalInstant(D("2026-11-23"), policy.Window));
        Assert.Equal(DeliveryState.Waiting, DeliverySchedule.Decide(D("2026-11-23"), T("2026-11-23T08:30:00Z"), policy).State);
        Assert.Equal(DeliveryState.Waiting, DeliverySchedule.Decide(D("2026-11-23"), T("2026-11-23T11:00:00Z"), policy).State); // 12:00 local: closed
        Assert.Equal(DeliveryState.DueNow, DeliverySchedule.Decide(D("2026-11-23"), T("2026-11-24T09:00:00Z"), policy).State);
        Assert.Equal(DeliveryState.Skipped, DeliverySchedule.Decide(D("2026-11-23"), T("2026-11-24T09:01:00Z"), policy).State);
    }
}

public partial class LobbyDeliveryKeyTests
{
    [GeneratedRegex("^[A-Za-z0-9._~-]+$")]
    private static partial Regex SafeRowKey();

    [Theory]
    [InlineData("deal-1", "gemeenteraad-2030", "re-engage:Municipality:utrecht", "29:abc-user")]
    [InlineData("deal/with/slashes", "id\\back", "moment#hash?query", "user\u0000\u0007\u001f\u007f\u0085\u009f")]
    [InlineData("", "", "", "")]
    [InlineData("d\u00e9al \u00fc \U0001F389", "tweede_kamer-2027", "coalition-input", "a@b.nl")]
    [InlineData("\t\r\n", "\u2028\u2029", "/\\#?", "%2F")]
    public void Keys_are_safe_as_azure_table_row_keys(string deal, string election, string moment, string recipient)
    {
        var key = LobbyDeliveryKey.For(deal, election, moment, recipient);
        Assert.Matches(SafeRowKey(), key);
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.InRange(key.Length, 1, 1024);
    }

    [Fact]
    public void Long_parts_still_give_short_keys()
    {
        var longPart = new string('x', 5000);
        Assert.InRange(LobbyDeliveryKey.For(longPart, longPart, longPart, longPart).Length, 1, 160);
    }

    [Fact]
    public void Keys_are_deterministic()
    {
        var first = LobbyDeliveryKey.For("deal-1", "gemeenteraad-2030", "installation", "user-7");
        var second = LobbyDeliveryKey.For(string.Concat("deal-", "1"), "gemeenteraad-" + 2030, "install" + "ation", "user-" + 7);
        Assert.Equal(first, second);
        Assert.StartsWith("gemeenteraad-2030~installation~", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab", "c", "d", "e", "a", "bc", "d", "e")]      // shifting a boundary
    [InlineData("deal/1", "x", "y", "z", "deal-1", "x", "y", "z")] // parts that sanitise to the same text
    [InlineData("deal", "x", "y", "user-1", "deal", "x", "y", "user-2")]
    [InlineData("deal", "x", "y", "u", "deal", "y", "x", "u")]
    [InlineData("deal", "x", "re-engage:Municipality:a", "u", "deal", "x", "re-engage:Municipality:a:confirmed", "u")]
    public void Different_tuples_give_different_keys(string d1, string e1, string m1, string r1, string d2, string e2, string m2, string r2) =>
        Assert.NotEqual(LobbyDeliveryKey.For(d1, e1, m1, r1), LobbyDeliveryKey.For(d2, e2, m2, r2));

    [Fact]
    public void Many_recipients_never_collide()
    {
        var keys = Enumerable.Range(0, 20000).Select(i => LobbyDeliveryKey.For("deal", "gemeenteraad-2030", "campaign", $"user-{i}")).ToHashSet();
        Assert.Equal(20000, keys.Count);
    }
}
