using CityDealBot.DutchTime;
namespace CityDealBot.Pulse;

/// <summary>When partners who have not answered get a personal reminder.</summary>
public sealed record PulseReminderPolicy
{
    public const int MaxReminders = 2;

    /// <summary>How long before the close each reminder is meant to go out (wall-clock, so DST does not shift the hour).</summary>
    public IReadOnlyList<TimeSpan> BeforeClose { get; init; } = [TimeSpan.FromDays(3), TimeSpan.FromDays(1)];

    public TimeOnly WorkdayStart { get; init; } = new(9, 0);

    public TimeOnly WorkdayEnd { get; init; } = new(17, 0);

    /// <summary>
    /// A reminder moved earlier lands this long before the end of the working day, so that a sender that
    /// polls every few minutes still delivers it within working hours.
    /// </summary>
    public TimeSpan DeliveryMargin { get; init; } = TimeSpan.FromMinutes(30);

    public static PulseReminderPolicy Default { get; } = new();

    public IEnumerable<string> Validate()
    {
        if (BeforeClose.Count > MaxReminders)
        {
            yield return $"At most {MaxReminders} reminders per pulse; {BeforeClose.Count} configured.";
        }

        if (BeforeClose.Any(offset => offset <= TimeSpan.Zero))
        {
            yield return "Reminder offsets must be positive durations before the close.";
        }

        if (WorkdayStart >= WorkdayEnd)
        {
            yield return "The working day must start before it ends.";
        }
        else if (DeliveryMargin < TimeSpan.Zero || DeliveryMargin >= WorkdayEnd - WorkdayStart)
        {
            yield return "The delivery margin must be shorter than the working day.";
        }
    }
}

/// <summary>A reminder slot of a round: reminder Number goes out at At (always in working time, before the close).</summary>
public sealed record PlannedReminder(int Number, DateTimeOffset At);

/// <summary>A reminder to send now. DeliveryKey is deterministic, so a sender can claim it exactly once.</summary>
public sealed record DueReminder(string ParticipantId, int Number, DateTimeOffset PlannedAt, string DeliveryKey);

/// <summary>Pure reminder planning: which non-responders get which reminder, at what moment.</summary>
public static class PulseReminderPlanner
{
    public static IReadOnlyList<PlannedReminder> Plan(PulseRound round, PulseReminderPolicy? policy = null)
    {
        policy ??= PulseReminderPolicy.Default;
        var problems = policy.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(policy));
        }

        var closeLocal = AmsterdamTime.LocalDateTime(round.ClosesAt);
        var slots = policy.BeforeClose
            .Select(offset => AmsterdamTime.ToInstant(LatestWorkingMoment(closeLocal - offset, policy)))
            .Where(at => at > round.OpensAt && at < round.ClosesAt)
            .Distinct()
            .Order()
            .ToList();

        return slots.Select((at, index) => new PlannedReminder(index + 1, at)).ToList();
    }

    /// <summary>
    /// The reminders to send at <paramref name="now"/>. A participant gets the latest slot that has passed,
    /// unless they answered or already got that many reminders; a missed earlier slot is not sent on top.
    /// Nothing is due outside working hours, before the open or from the close on.
    /// </summary>
    public static IReadOnlyList<DueReminder> Due(
        PulseRound round,
        DateTimeOffset now,
        IEnumerable<string> participantIds,
        IReadOnlySet<string> answered,
        IReadOnlyDictionary<string, int> remindersSent,
        PulseReminderPolicy? policy = null)
    {
        policy ??= PulseReminderPolicy.Default;
        var plan = Plan(round, policy);
        if (!round.IsOpenAt(now) || !IsWorkingTime(now, policy))
        {
            return [];
        }

        var latest = plan.LastOrDefault(slot => slot.At <= now);
        if (latest is null)
        {
            return [];
        }

        var due = new List<DueReminder>();
        foreach (var participant in participantIds.Distinct(StringComparer.Ordinal))
        {
            if (answered.Contains(participant) || remindersSent.GetValueOrDefault(participant) >= latest.Number)
            {
                continue;
            }

            due.Add(new DueReminder(participant, latest.Number, latest.At, DeliveryKey(round.Id, participant, latest.Number)));
        }

        return due;
    }

    public static string DeliveryKey(string roundId, string participantId, int number) =>
        $"pulse-reminder:{roundId}:{participantId}:{number}";

    public static bool IsWorkingTime(DateTimeOffset instant, PulseReminderPolicy? policy = null)
    {
        policy ??= PulseReminderPolicy.Default;
        var local = AmsterdamTime.LocalDateTime(instant);
        var time = TimeOnly.FromDateTime(local);
        return IsWorkday(local.DayOfWeek) && time >= policy.WorkdayStart && time < policy.WorkdayEnd;
    }

    /// <summary>The latest wall-clock moment at or before <paramref name="local"/> at which a reminder may go out.</summary>
    private static DateTime LatestWorkingMoment(DateTime local, PulseReminderPolicy policy)
    {
        var latestSend = policy.WorkdayEnd.Add(-policy.DeliveryMargin);
        var time = TimeOnly.FromDateTime(local);
        var day = DateOnly.FromDateTime(local);

        if (IsWorkday(day.DayOfWeek) && time >= policy.WorkdayStart && time <= latestSend)
        {
            return local;
        }

        if (!IsWorkday(day.DayOfWeek) || time < policy.WorkdayStart)
        {
            do
            {
                day = day.AddDays(-1);
            }
            while (!IsWorkday(day.DayOfWeek));
        }

        return day.ToDateTime(latestSend);
    }

    private static bool IsWorkday(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
