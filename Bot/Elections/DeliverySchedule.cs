using CityDealBot.DutchTime;
namespace CityDealBot.Elections;

/// <summary>Local (Europe/Amsterdam) hours in which reminders may be delivered on a working day; End is exclusive.</summary>
public sealed record DeliveryWindow(TimeOnly Start, TimeOnly End)
{
    public static DeliveryWindow OfficeHours { get; } = new(new TimeOnly(9, 0), new TimeOnly(17, 0));
}

/// <summary>Delivery rules: the working-hours window and how late a missed reminder may still go out.</summary>
public sealed record DeliveryPolicy(DeliveryWindow Window, TimeSpan MaxLateness)
{
    public static DeliveryPolicy Default { get; } = new(DeliveryWindow.OfficeHours, TimeSpan.FromDays(7));
}

public enum DeliveryState
{
    /// <summary>Not yet: deliver at <see cref="DeliveryDecision.DeliverAt"/>.</summary>
    Waiting,
    /// <summary>Deliver now (at <see cref="DeliveryDecision.DeliverAt"/>, which equals "now").</summary>
    DueNow,
    /// <summary>Missed by more than the allowed lateness: never deliver.</summary>
    Skipped,
}

/// <summary>
/// What to do with a reminder at a given instant. <see cref="NominalAt"/> is when it should have gone out
/// (window start on the first working day on or after the due date).
/// </summary>
public sealed record DeliveryDecision(DeliveryState State, DateTimeOffset NominalAt, DateTimeOffset? DeliverAt, bool IsLate, TimeSpan Lateness);

/// <summary>Pure delivery timing: working days (Mon-Fri without Dutch public holidays) and working hours in Amsterdam time.</summary>
public static class DeliverySchedule
{
    /// <summary>Window start on the first working day on or after <paramref name="dueDate"/>.</summary>
    public static DateTimeOffset NominalInstant(DateOnly dueDate, DeliveryWindow window) =>
        AmsterdamTime.ToInstant(DutchWorkingDays.OnOrNextWorkingDay(dueDate), window.Start);

    /// <summary><paramref name="instant"/> itself when it lies inside a working-day window, otherwise the next window start.</summary>
    public static DateTimeOffset NextDeliveryInstant(DateTimeOffset instant, DeliveryWindow window)
    {
        var local = AmsterdamTime.ToLocal(instant);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (DutchWorkingDays.IsWorkingDay(date))
        {
            if (time < window.Start)
            {
                return AmsterdamTime.ToInstant(date, window.Start);
            }
            if (time < window.End)
            {
                return instant;
            }
        }
        return AmsterdamTime.ToInstant(DutchWorkingDays.OnOrNextWorkingDay(date.AddDays(1)), window.Start);
    }

    /// <summary>
    /// Decide at <paramref name="now"/>. Before the nominal instant: wait. On the nominal working day, inside the window: on time.
    /// Later (the bot was down, or the window closed): late, at the next window instant, unless that is more than
    /// <see cref="DeliveryPolicy.MaxLateness"/> after the nominal instant, in which case it is skipped.
    /// </summary>
    public static DeliveryDecision Decide(DateOnly dueDate, DateTimeOffset now, DeliveryPolicy policy)
    {
        var nominal = NominalInstant(dueDate, policy.Window);
        if (now < nominal)
        {
            return new DeliveryDecision(DeliveryState.Waiting, nominal, nominal, false, TimeSpan.Zero);
        }
        var deliverAt = NextDeliveryInstant(now, policy.Window);
        var sameWorkingDay = deliverAt == now && AmsterdamTime.LocalDate(now) == AmsterdamTime.LocalDate(nominal);
        if (sameWorkingDay)
        {
            return new DeliveryDecision(DeliveryState.DueNow, nominal, now, false, TimeSpan.Zero);
        }
        var lateness = deliverAt - nominal;
        if (lateness > policy.MaxLateness)
        {
            return new DeliveryDecision(DeliveryState.Skipped, nominal, null, true, lateness);
        }
        return new DeliveryDecision(deliverAt == now ? DeliveryState.DueNow : DeliveryState.Waiting, nominal, deliverAt, true, lateness);
    }
}
