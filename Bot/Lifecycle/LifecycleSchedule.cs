using CityDealBot.DutchTime;

namespace CityDealBot.Lifecycle;

/// <summary>The prompts of a deal's life (docs/lifecycle.md names each one's source).</summary>
public enum LifecyclePromptKind
{
    /// <summary>18 months before the end: start planning scaling up and safeguarding (borging).</summary>
    ScalingUp18,

    /// <summary>12 months before the end: the scaling-up and safeguarding plan, a year ahead.</summary>
    ScalingUp12,

    /// <summary>6 months before the end: extend or close?</summary>
    ExtendOrClose,

    /// <summary>Before each steering-group month: the progress report.</summary>
    SteeringGroupReport,

    /// <summary>In the administrators' network week: the meeting, with the year's report.</summary>
    NetworkMeeting,

    /// <summary>At the end: the closing checklist.</summary>
    ClosingChecklist,

    /// <summary>Some years after the end: the follow-up impact round for the deal's former people.</summary>
    FollowUpRound,
}

/// <summary>
/// One planned prompt: what, for which period (the year-month of a steering group, the year of a network meeting;
/// empty for the one-off prompts), from which working day on, and until when it is still worth sending.
/// </summary>
public sealed record LifecyclePrompt(LifecyclePromptKind Kind, string Period, DateOnly DueDate, DateOnly Until)
{
    /// <summary>
    /// The delivery key within a deal. It does not hold the date: a prompt that was sent stays sent when the end date
    /// moves, and one that was not is simply due at its new date.
    /// </summary>
    public string Key => Period.Length == 0 ? Kind.ToString() : $"{Kind}:{Period}";
}

/// <summary>
/// The pure schedule of a deal's prompts from its profile: no storage, no clock of its own. A prompt is sent on a Dutch
/// working day from <see cref="SendFrom"/> to <see cref="SendUntil"/> Amsterdam time, from its due date until the
/// next prompt of its line takes over (so a profile filled in late gets the prompt that still matters, not a pile of
/// old ones).
/// </summary>
public static class LifecycleSchedule
{
    /// <summary>Working hours: prompts arrive from 09:00 Amsterdam time.</summary>
    public static readonly TimeOnly SendFrom = new(9, 0);

    public static readonly TimeOnly SendUntil = new(17, 0);

    /// <summary>Months before the end for the scaling-up prompts and the extend-or-close question.</summary>
    public const int FirstScalingUpMonths = 18;

    public const int SecondScalingUpMonths = 12;

    public const int ExtendOrCloseMonths = 6;

    /// <summary>The progress report prompt comes this many days before the steering group's month starts.</summary>
    public const int SteeringGroupLeadDays = 14;

    /// <summary>The follow-up impact round comes this many years after the end: impact often shows years after a deal ends.</summary>
    public const int FollowUpYears = 2;

    /// <summary>How long after their due date the closing checklist and the follow-up round are still sent.</summary>
    public const int LateMonths = 3;

    /// <summary>Every prompt of the deal's life, in date order; a profile without start and end plans nothing.</summary>
    public static IReadOnlyList<LifecyclePrompt> Plan(DealProfile profile)
    {
        if (profile.Start is not { } start || profile.End is not { } end || end < start)
        {
            return [];
        }

        var prompts = new List<LifecyclePrompt>();
        var closing = WorkingDay(end);
        var closingUntil = end.AddMonths(LateMonths);
        var extend = WorkingDay(end.AddMonths(-ExtendOrCloseMonths));
        var second = WorkingDay(end.AddMonths(-SecondScalingUpMonths));
        var first = WorkingDay(end.AddMonths(-FirstScalingUpMonths));

        // The end-date line: each prompt holds until the next one is due.
        AddIfAfterStart(LifecyclePromptKind.ScalingUp18, end.AddMonths(-FirstScalingUpMonths), first, second);
        AddIfAfterStart(LifecyclePromptKind.ScalingUp12, end.AddMonths(-SecondScalingUpMonths), second, extend);
        AddIfAfterStart(LifecyclePromptKind.ExtendOrClose, end.AddMonths(-ExtendOrCloseMonths), extend, closing);
        prompts.Add(new LifecyclePrompt(LifecyclePromptKind.ClosingChecklist, string.Empty, closing, closingUntil));
        var followUp = end.AddYears(FollowUpYears);
        prompts.Add(new LifecyclePrompt(LifecyclePromptKind.FollowUpRound, string.Empty, WorkingDay(followUp), followUp.AddMonths(LateMonths)));

        foreach (var year in Enumerable.Range(start.Year, end.Year - start.Year + 1))
        {
            foreach (var month in profile.SteeringGroupMonths.Distinct().Order())
            {
                var meetingMonth = new DateOnly(year, month, 1);
                if (meetingMonth.AddMonths(1) <= start || meetingMonth > end)
                {
                    continue;
                }

                prompts.Add(new LifecyclePrompt(LifecyclePromptKind.SteeringGroupReport, meetingMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                    WorkingDay(meetingMonth.AddDays(-SteeringGroupLeadDays)), meetingMonth.AddMonths(1)));
            }

            var week = profile.NetworkWeekStart(year);
            if (week < start || week > end)
            {
                continue;
            }

            prompts.Add(new LifecyclePrompt(LifecyclePromptKind.NetworkMeeting, year.ToString(System.Globalization.CultureInfo.InvariantCulture), WorkingDay(week), week.AddDays(7)));
        }

        return [.. prompts.OrderBy(p => p.DueDate).ThenBy(p => p.Kind)];

        void AddIfAfterStart(LifecyclePromptKind kind, DateOnly anchor, DateOnly due, DateOnly until)
        {
            if (anchor >= start && due < until)
            {
                prompts.Add(new LifecyclePrompt(kind, string.Empty, due, until));
            }
        }
    }

    /// <summary>The prompts to send at <paramref name="now"/>: a Dutch working day in working hours, from each one's due date until it lapses.</summary>
    public static IReadOnlyList<LifecyclePrompt> DueAt(DealProfile profile, DateTimeOffset now)
    {
        if (!IsSendingTime(now))
        {
            return [];
        }

        var today = AmsterdamTime.LocalDate(now);
        return [.. Plan(profile).Where(p => p.DueDate <= today && today < p.Until)];
    }

    /// <summary>Whether <paramref name="now"/> is in working hours on a Dutch working day (Amsterdam time).</summary>
    public static bool IsSendingTime(DateTimeOffset now)
    {
        var local = AmsterdamTime.LocalDateTime(now);
        var time = TimeOnly.FromDateTime(local);
        return DutchWorkingDays.IsWorkingDay(DateOnly.FromDateTime(local)) && time >= SendFrom && time < SendUntil;
    }

    /// <summary>The instant a prompt arrives at the earliest: 09:00 Amsterdam time on its due date.</summary>
    public static DateTimeOffset ArrivesAt(LifecyclePrompt prompt) => AmsterdamTime.ToInstant(prompt.DueDate, SendFrom);

    private static DateOnly WorkingDay(DateOnly date) => DutchWorkingDays.OnOrNextWorkingDay(date);
}
