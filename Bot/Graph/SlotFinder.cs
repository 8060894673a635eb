using CityDealBot.DutchTime;

namespace CityDealBot.Graph;

/// <summary>A proposed start, with how many of the core people are free then and how many only tentatively busy.</summary>
public sealed record SlotProposal(DateTimeOffset Start, int Free, int Tentative);

/// <summary>
/// Finds the best starts for a session in working hours (Monday to Friday, 09:00–17:00 in Amsterdam, on the half
/// hour): most core people free first, then fewest tentative conflicts, then earliest; the proposals fall on
/// different days where the ranking allows, so a vote has real alternatives. Pure: busy times come in as values.
/// </summary>
public static class SlotFinder
{
    public static readonly TimeOnly DayStart = new(9, 0);
    public static readonly TimeOnly DayEnd = new(17, 0);
    public const int StepMinutes = GraphGateway.ScheduleStepMinutes;

    public static IReadOnlyList<SlotProposal> Best(IReadOnlyList<IReadOnlyList<BusyInterval>> people, DateOnly from, DateOnly to, int minutes, int count = 3)
    {
        var candidates = new List<SlotProposal>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            for (var clock = DayStart; clock.AddMinutes(minutes) <= DayEnd && clock.AddMinutes(minutes) > clock; clock = clock.AddMinutes(StepMinutes))
            {
                var start = AmsterdamTime.ToInstant(date, clock);
                var end = start.AddMinutes(minutes);
                int free = 0, tentative = 0;
                foreach (var busy in people)
                {
                    var overlapping = busy.Where(b => b.Start < end && b.End > start).ToList();
                    if (overlapping.Count == 0)
                    {
                        free++;
                    }
                    else if (overlapping.All(b => b.IsTentative))
                    {
                        tentative++;
                    }
                }

                candidates.Add(new SlotProposal(start, free, tentative));
            }
        }

        var ranked = candidates.OrderByDescending(c => c.Free).ThenBy(c => c.Tentative).ThenBy(c => c.Start).ToList();
        var chosen = new List<SlotProposal>();
        var days = new HashSet<DateOnly>();
        foreach (var slot in ranked.Where(slot => days.Add(AmsterdamTime.LocalDate(slot.Start))).Take(count))
        {
            chosen.Add(slot);
        }

        // Fewer working days than proposals: fill up with the next best on days already used.
        chosen.AddRange(ranked.Except(chosen).Take(count - chosen.Count));
        return [.. chosen.OrderBy(c => c.Start)];
    }
}
