using CityDealBot.DutchTime;
using CityDealBot.Lifecycle;

namespace CityDealBot.Tests.Lifecycle;

/// <summary>
/// The pure schedule with the worked example of the issue: Town Deal Krachtige Kernen, signed in Houten on Tuesday
/// 22 April 2025, running two years (seed 004: "Looptijd: 22 april 2025 tot en met 22 april 2027").
/// </summary>
public sealed class LifecycleScheduleTests
{
    public static readonly DealProfile KrachtigeKernen = new(DealKind.TownDeal, new DateOnly(2025, 4, 22), new DateOnly(2027, 4, 22), DealPhase.Uitvoering, []);

    private static LifecyclePrompt Single(DealProfile profile, LifecyclePromptKind kind, string period = "") =>
        Assert.Single(LifecycleSchedule.Plan(profile), p => p.Kind == kind && p.Period == period);

    [Fact]
    public void The_worked_example_falls_on_the_days_the_issue_names()
    {
        var scalingUp = Single(KrachtigeKernen, LifecyclePromptKind.ScalingUp12);
        Assert.Equal(new DateOnly(2026, 4, 22), scalingUp.DueDate);
        Assert.Equal(DayOfWeek.Wednesday, scalingUp.DueDate.DayOfWeek);

        var extend = Single(KrachtigeKernen, LifecyclePromptKind.ExtendOrClose);
        Assert.Equal(new DateOnly(2026, 10, 22), extend.DueDate);
        Assert.Equal(DayOfWeek.Thursday, extend.DueDate.DayOfWeek);

        Assert.Equal(new DateOnly(2025, 10, 22), Single(KrachtigeKernen, LifecyclePromptKind.ScalingUp18).DueDate);
        Assert.Equal(new DateOnly(2027, 4, 22), Single(KrachtigeKernen, LifecyclePromptKind.ClosingChecklist).DueDate);
        Assert.Equal(new DateOnly(2029, 4, 23), Single(KrachtigeKernen, LifecyclePromptKind.FollowUpRound).DueDate); // 22 April 2029 is a Sunday

        var network = LifecycleSchedule.Plan(KrachtigeKernen).Where(p => p.Kind == LifecyclePromptKind.NetworkMeeting).ToList();
        Assert.Equal(["2025", "2026"], network.Select(p => p.Period));
        Assert.All(network, p => Assert.True(p.DueDate.Month == 12 && p.DueDate.Day <= 7, $"{p.DueDate} is not in the first week of December"));
    }

    [Fact]
    public void A_prompt_arrives_at_nine_on_its_day_and_not_a_minute_before()
    {
        var before = AmsterdamTime.ToInstant(new DateOnly(2026, 4, 22), new TimeOnly(8, 59));
        var at = AmsterdamTime.ToInstant(new DateOnly(2026, 4, 22), new TimeOnly(9, 0));
        Assert.Empty(LifecycleSchedule.DueAt(KrachtigeKernen, before));
        Assert.Equal([LifecyclePromptKind.ScalingUp12], LifecycleSchedule.DueAt(KrachtigeKernen, at).Select(p => p.Kind));
        Assert.Equal(at, LifecycleSchedule.ArrivesAt(Single(KrachtigeKernen, LifecyclePromptKind.ScalingUp12)));
        Assert.Equal(new DateTimeOffset(2026, 4, 22, 7, 0, 0, TimeSpan.Zero), at); // summer time: 09:00 Amsterdam is 07:00 UTC
    }

    [Fact]
    public void Weekends_and_public_holidays_move_a_prompt_to_the_next_working_day()
    {
        // A year before 25 April 2027 is Saturday 25 April 2026; Monday 27 April 2026 is King's Day.
        var profile = KrachtigeKernen with { End = new DateOnly(2027, 4, 25) };
        Assert.Equal(new DateOnly(2026, 4, 28), Single(profile, LifecyclePromptKind.ScalingUp12).DueDate);
        var saturday = AmsterdamTime.ToInstant(new DateOnly(2026, 4, 25), new TimeOnly(10, 0));
        Assert.Empty(LifecycleSchedule.DueAt(profile, saturday));
    }

    [Fact]
    public void A_prompt_holds_until_the_next_one_of_its_line_so_a_late_profile_gets_what_still_matters()
    {
        // Filled in on 1 June 2026: the 18-month prompt has lapsed, the 12-month one is still current.
        var june = AmsterdamTime.ToInstant(new DateOnly(2026, 6, 1), new TimeOnly(10, 0));
        Assert.Equal([LifecyclePromptKind.ScalingUp12], LifecycleSchedule.DueAt(KrachtigeKernen, june).Select(p => p.Kind));
        var evening = AmsterdamTime.ToInstant(new DateOnly(2026, 6, 1), new TimeOnly(17, 30));
        Assert.Empty(LifecycleSchedule.DueAt(KrachtigeKernen, evening));
    }

    [Fact]
    public void Moving_the_end_date_moves_the_prompts_and_keeps_their_keys()
    {
        var extended = KrachtigeKernen with { End = new DateOnly(2027, 10, 22) };
        var before = Single(KrachtigeKernen, LifecyclePromptKind.ExtendOrClose);
        var after = Single(extended, LifecyclePromptKind.ExtendOrClose);
        Assert.Equal(new DateOnly(2027, 4, 22), after.DueDate);
        Assert.Equal(before.Key, after.Key);
        Assert.Equal(new DateOnly(2027, 10, 22), Single(extended, LifecyclePromptKind.ClosingChecklist).DueDate);
    }

    [Fact]
    public void Steering_groups_get_a_report_prompt_two_weeks_before_their_month_while_the_deal_runs()
    {
        var profile = KrachtigeKernen with { SteeringGroupMonths = [3, 9] };
        var reports = LifecycleSchedule.Plan(profile).Where(p => p.Kind == LifecyclePromptKind.SteeringGroupReport).ToList();
        Assert.Equal(["2025-09", "2026-03", "2026-09", "2027-03"], reports.Select(p => p.Period));
        // 1 March 2026 minus 14 days is Sunday 15 February: Monday 16 February.
        Assert.Equal(new DateOnly(2026, 2, 16), reports[1].DueDate);
        Assert.Equal(new DateOnly(2026, 4, 1), reports[1].Until);
    }

    [Fact]
    public void The_administrators_network_week_can_be_another_week_and_month()
    {
        var profile = KrachtigeKernen with { NetworkMonth = 11, NetworkWeek = 2 };
        var network = LifecycleSchedule.Plan(profile).Where(p => p.Kind == LifecyclePromptKind.NetworkMeeting).ToList();
        Assert.Equal([new DateOnly(2025, 11, 10), new DateOnly(2026, 11, 9)], network.Select(p => p.DueDate)); // 8 Nov 2025 is a Saturday
    }

    [Fact]
    public void Without_start_and_end_nothing_is_planned()
    {
        Assert.Empty(LifecycleSchedule.Plan(DealProfile.Empty));
        Assert.Empty(LifecycleSchedule.Plan(KrachtigeKernen with { End = null }));
    }
}
