using CityDealBot.Pairing;

namespace CityDealBot.Coffee;

public enum CoffeeCadence
{
    Weekly,
    Biweekly,
}

/// <summary>Someone who opted in to 1:1 coffee across deals. A pause runs up to and including <paramref name="PausedUntil"/>.</summary>
public sealed record CoffeeMember(
    string Id,
    string Deal,
    string Organisation,
    string OrganisationType,
    CoffeeCadence Cadence,
    DateOnly JoinedOn,
    DateOnly? PausedUntil = null);

/// <summary>Two (or, in a trio, each two of three) members had coffee in the week starting <paramref name="Week"/>.</summary>
public sealed record CoffeeMeeting(string PersonA, string PersonB, DateOnly Week);

/// <summary>One week's coffee groups: pairs, plus one trio when an odd number is available.</summary>
/// <param name="Repeats">Pairs in this week's groups that had coffee before.</param>
/// <param name="ForcedRepeats">Lower bound on repeats from a maximum matching of the never-met graph.</param>
public sealed record CoffeeWeekPlan(DateOnly Week, IReadOnlyList<string> Available, IReadOnlyList<SpeeddateGroup> Groups, int Repeats, int ForcedRepeats)
{
    public int UnforcedRepeats => Repeats - ForcedRepeats;

    /// <summary>The meetings to store as history once the week has happened.</summary>
    public IEnumerable<CoffeeMeeting> Meetings() =>
        Groups.SelectMany(g => g.Members.SelectMany((a, i) => g.Members.Skip(i + 1).Select(b => new CoffeeMeeting(a, b, Week))));
}

/// <summary>
/// Plans one week of 1:1 coffee. A maximum matching of the never-met graph (Edmonds) fixes how many new
/// meetings are possible, so repeats only happen when forced; the remaining people are paired with the
/// ones they met longest ago, and the annealing search then improves cross-deal and other criteria
/// without ever giving up a new meeting.
/// </summary>
public static class CoffeePlanner
{
    /// <summary>Deal first: coffee mode exists to connect deals.</summary>
    public static readonly IReadOnlyList<PairingCriterion> CoffeeCriteriaOrder =
    [
        PairingCriterion.DifferentDeal,
        PairingCriterion.DifferentOrganisation,
        PairingCriterion.DifferentOrganisationType,
        PairingCriterion.NoRepeatedTrio,
    ];

    public static bool IsAvailable(CoffeeMember member, DateOnly week)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (week < member.JoinedOn) return false;
        if (member.PausedUntil is DateOnly until && week <= until) return false;
        return member.Cadence == CoffeeCadence.Weekly || (week.DayNumber - member.JoinedOn.DayNumber) / 7 % 2 == 0;
    }

    public static CoffeeWeekPlan PlanWeek(DateOnly week, IReadOnlyList<CoffeeMember> members, IReadOnlyList<CoffeeMeeting> history, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(history);
        var available = members.Where(m => IsAvailable(m, week)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var ids = available.Select(m => m.Id).ToList();
        if (available.Count < 2) return new CoffeeWeekPlan(week, ids, [], 0, 0);

        var past = history
            .GroupBy(h => string.CompareOrdinal(h.PersonA, h.PersonB) <= 0 ? (h.PersonA, h.PersonB) : (h.PersonB, h.PersonA))
            .Select(g => new PastMeeting(g.Key.Item1, g.Key.Item2, g.Count(), g.Max(h => h.Week)))
            .ToList();
        var request = new SpeeddateRequest
        {
            Participants = available.Select(m => new SpeeddateParticipant(m.Id, m.Deal, m.Organisation, m.OrganisationType)).ToList(),
            History = past,
            Rounds = 1,
            GroupSize = 2,
            CriteriaOrder = CoffeeCriteriaOrder,
            Seed = seed,
        };
        var model = new SessionModel(request);
        var n = model.N;
        var neverMet = new List<int>[n];
        for (var p = 0; p < n; p++)
        {
            neverMet[p] = [];
            for (var q = 0; q < n; q++)
            {
                if (p != q && (model.Flags[model.Key(p, q)] & (SessionModel.MetFlag | SessionModel.ForbiddenFlag)) == 0) neverMet[p].Add(q);
            }
        }

        var mate = MaximumMatching.Find(neverMet);
        var matched = mate.Count(m => m >= 0) / 2;
        var forced = (n % 2 == 0 ? n / 2 : (n - 1) / 2) - matched;

        var groups = new List<List<int>>();
        for (var p = 0; p < n; p++)
        {
            if (mate[p] > p) groups.Add([p, mate[p]]);
        }

        // Left-overs met everyone still free before: pair those whose last coffee is longest ago.
        var rest = Enumerable.Range(0, n).Where(p => mate[p] < 0).ToList();
        while (rest.Count >= 2)
        {
            var p = rest[0];
            var partner = rest.Skip(1).MinBy(q => model.Recency[model.Key(p, q)]);
            rest.Remove(p);
            rest.Remove(partner);
            groups.Add([p, partner]);
        }

        if (rest.Count == 1)
        {
            var lone = rest[0];
            var host = groups.MinBy(g => g.Sum(m => (model.Flags[model.Key(lone, m)] & SessionModel.MetFlag) != 0 ? 1 : 0))!;
            host.Add(lone);
        }

        var initial = new[] { SpeeddatePlanner.Layout(model, groups, new int[n * n]) };
        var bounds = SpeeddateLowerBounds.Compute(model);
        // One round needs far fewer moves than a session; the search only polishes deal/organisation mix.
        var budget = 50_000L + 400L * n;
        var slots = SpeeddatePlanner.Solve(model, bounds with { HistoryRepeats = Math.Max(bounds.HistoryRepeats, forced) }, seed, budget, initial, CancellationToken.None, stopWhenStalled: true);
        var plan = SpeeddatePlanner.ToPlan(request, model, slots, bounds);
        return new CoffeeWeekPlan(week, ids, plan.Rounds[0].Groups, plan.Score.HistoryRepeats, forced);
    }
}
