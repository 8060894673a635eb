using System.Globalization;
using CityDealBot.Pairing;
using Google.OrTools.Sat;

namespace CityDealBot.Tests.Pairing;

/// <summary>One level of the lexicographic objective as CP-SAT left it.</summary>
/// <param name="Level">"history", "organisation", "deal" or "type".</param>
/// <param name="Proven">True when CP-SAT proved <paramref name="Value"/> optimal (given the levels before it).</param>
/// <param name="Value">Best count found (fewest same-class pairs or history repeats).</param>
/// <param name="Bound">Proven lower bound for this level; equals <paramref name="Value"/> when proven.</param>
/// <param name="Seconds">Solver wall time for this level.</param>
internal sealed record ExactLevel(string Level, bool Proven, long Value, long Bound, double Seconds);

/// <summary>
/// Exact reference (OR-Tools CP-SAT) for a whole pair-mode session, level by level in the engine's order: no pair
/// twice in the session (hard), fewest history repeats, then the organiser's criteria order for same-organisation,
/// same-deal and same-type pairs. Each level is minimised in bounded time and, once proven, fixed before the next.
/// Written from the request alone (its own classes, no engine code), so it is an independent check of the engine.
/// Used by the tests and linked into the pairing benchmark's <c>certify</c> command.
/// </summary>
internal static class ExactSessionOptimum
{
    /// <summary>
    /// Solves the levels in order until one is not proven within <paramref name="secondsPerLevel"/>; levels after
    /// an unproven one are not attempted (their optimum depends on it). Pairs only (one trio per round when n is
    /// odd); the trio-twice criterion must rank after the class criteria it would otherwise constrain.
    /// </summary>
    /// <param name="hint">A plan (e.g. the engine's) given to CP-SAT as its first solution; optional.</param>
    public static IReadOnlyList<ExactLevel> Solve(SpeeddateRequest request, double secondsPerLevel, IReadOnlyList<SpeeddateRound>? hint = null, int workers = 2)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.GroupSize != 2) throw new ArgumentException("The exact session model covers pair mode (one trio when odd).", nameof(request));
        var people = request.Participants;
        var n = people.Count;
        var rounds = request.Rounds;
        if (rounds > n - 1) throw new ArgumentException("More rounds than a repeat-free session allows.", nameof(request));
        var index = people.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var met = new HashSet<(int, int)>();
        foreach (var meeting in request.History.Where(h => h.Times > 0))
        {
            if (index.TryGetValue(meeting.PersonA, out var a) && index.TryGetValue(meeting.PersonB, out var b) && a != b) met.Add(Ordered(a, b));
        }

        var forbidden = request.ForbiddenPairs
            .Where(p => index.ContainsKey(p.PersonA) && index.ContainsKey(p.PersonB))
            .Select(p => Ordered(index[p.PersonA], index[p.PersonB])).ToHashSet();
        var required = request.RequiredPairs
            .Where(p => index.ContainsKey(p.PersonA) && index.ContainsKey(p.PersonB) && p.PersonA != p.PersonB)
            .Select(p => Ordered(index[p.PersonA], index[p.PersonB])).ToHashSet();

        var model = new CpModel();
        var together = new Dictionary<(int, int), List<BoolVar>>();
        var x = new BoolVar?[rounds, n, n];
        var odd = n % 2 == 1;
        var trioSeats = Enumerable.Range(0, n).Select(_ => new List<BoolVar>()).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            var trio = odd ? Enumerable.Range(0, n).Select(i => model.NewBoolVar($"t{r}_{i}")).ToArray() : null;
            for (var i = 0; i < n && trio is not null; i++) trioSeats[i].Add(trio[i]);
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    if (forbidden.Contains((i, j))) continue;
                    var v = model.NewBoolVar($"x{r}_{i}_{j}");
                    x[r, i, j] = x[r, j, i] = v;
                    if (!together.TryGetValue((i, j), out var list)) together[(i, j)] = list = [];
                    list.Add(v);
                    if (trio is not null)
                    {
                        // The trio is a closed table: its members sit only with each other, and all three pairs meet.
                        model.AddBoolOr([v.Not(), trio[i].Not(), trio[j]]);
                        model.AddBoolOr([v.Not(), trio[j].Not(), trio[i]]);
                        model.AddBoolOr([trio[i].Not(), trio[j].Not(), v]);
                    }
                }
            }

            for (var i = 0; i < n; i++)
            {
                var partners = Enumerable.Range(0, n).Where(j => x[r, i, j] is not null).Select(j => (IntVar)x[r, i, j]!).ToArray();
                if (trio is null) model.Add(LinearExpr.Sum(partners) == 1);
                else model.Add(LinearExpr.Sum(partners) == 1 + trio[i]);
            }

            if (trio is not null) model.Add(LinearExpr.Sum(trio) == 3);
        }

        // meets[i, j]: the pair sits together in some round (at most once). Summed per person it gives everyone's
        // number of partners over the session: redundant, but it hands the LP the degree count that forces
        // same-class pairs when other-class partners run out, which it does not find from the rounds alone.
        var meets = new Dictionary<(int, int), BoolVar>();
        foreach (var (pair, list) in together)
        {
            var meet = model.NewBoolVar($"m{pair.Item1}_{pair.Item2}");
            model.Add(LinearExpr.Sum(list) == meet);
            meets[pair] = meet;
            if (required.Contains(pair)) model.Add(meet == 1);
        }

        for (var i = 0; i < n; i++)
        {
            var partners = meets.Where(kv => kv.Key.Item1 == i || kv.Key.Item2 == i).Select(kv => (IntVar)kv.Value).ToArray();
            if (odd) model.Add(LinearExpr.Sum(partners) == rounds + LinearExpr.Sum(trioSeats[i]));
            else model.Add(LinearExpr.Sum(partners) == rounds);
        }

        // Rounds are interchangeable: person 0's partner index rises with the round (for even n; with a trio,
        // person 0's smallest partner index would be needed, so odd n keeps the symmetry).
        if (!odd)
        {
            for (var r = 0; r + 1 < rounds; r++)
            {
                model.Add(PartnerOfZero(x, r, n) < PartnerOfZero(x, r + 1, n));
            }
        }

        if (hint is not null) AddHint(model, x, hint, index);

        var levels = new List<(string Name, Func<int, int, bool> Counts)> { ("history", (i, j) => met.Contains((i, j))) };
        foreach (var criterion in request.CriteriaOrder)
        {
            switch (criterion)
            {
                case PairingCriterion.DifferentOrganisation: levels.Add(("organisation", (i, j) => Same(people[i].Organisation, people[j].Organisation))); break;
                case PairingCriterion.DifferentDeal: levels.Add(("deal", (i, j) => Same(people[i].Deal, people[j].Deal))); break;
                case PairingCriterion.DifferentOrganisationType: levels.Add(("type", (i, j) => Same(people[i].OrganisationType, people[j].OrganisationType))); break;
                case PairingCriterion.NoRepeatedTrio:
                    if (odd && levels.Count < 4) throw new ArgumentException("With a trio, the trio-twice criterion must rank after the class criteria.", nameof(request));
                    break;
            }
        }

        var results = new List<ExactLevel>();
        foreach (var (name, counts) in levels)
        {
            var terms = meets.Where(kv => counts(kv.Key.Item1, kv.Key.Item2)).Select(kv => kv.Value).ToArray();
            var objective = LinearExpr.Sum(terms);
            model.Model.Objective = null;
            model.Minimize(objective);
            var solver = new CpSolver
            {
                StringParameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:{workers},max_time_in_seconds:{secondsPerLevel},random_seed:1,linearization_level:2"),
            };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var status = solver.Solve(model);
            var seconds = watch.Elapsed.TotalSeconds;
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                results.Add(new ExactLevel(name, false, -1, (long)Math.Ceiling(solver.BestObjectiveBound - 1e-6), seconds));
                break;
            }

            var value = (long)Math.Round(solver.ObjectiveValue);
            var proven = status == CpSolverStatus.Optimal;
            results.Add(new ExactLevel(name, proven, value, proven ? value : (long)Math.Ceiling(solver.BestObjectiveBound - 1e-6), seconds));
            if (!proven) break;
            model.Add(objective == value);
            // The solution just found stays feasible for the next level: start from it.
            model.Model.SolutionHint = null;
            foreach (var list in together.Values)
            {
                foreach (var v in list) model.AddHint(v, solver.BooleanValue(v));
            }
        }

        return results;
    }

    private static LinearExpr PartnerOfZero(BoolVar?[,,] x, int r, int n)
    {
        var terms = Enumerable.Range(1, n - 1).Where(j => x[r, 0, j] is not null).ToArray();
        return LinearExpr.WeightedSum(terms.Select(j => x[r, 0, j]!), terms.Select(j => (long)j));
    }

    private static void AddHint(CpModel model, BoolVar?[,,] x, IReadOnlyList<SpeeddateRound> plan, Dictionary<string, int> index)
    {
        var n = index.Count;
        var rounds = Math.Min(plan.Count, x.GetLength(0));
        // Hints must respect the symmetry breaking: order the plan's rounds by person 0's partner.
        var ordered = plan.Take(rounds)
            .OrderBy(round => round.Groups.Where(g => g.Members.Contains(FirstId(index))).SelectMany(g => g.Members).Select(m => index[m]).Where(i => i != 0).DefaultIfEmpty(0).Min())
            .ToList();
        for (var r = 0; r < rounds; r++)
        {
            var pairs = new HashSet<(int, int)>();
            foreach (var group in ordered[r].Groups)
            {
                var members = group.Members.Select(m => index[m]).ToArray();
                for (var a = 0; a < members.Length; a++)
                {
                    for (var b = a + 1; b < members.Length; b++) pairs.Add(Ordered(members[a], members[b]));
                }
            }

            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    if (x[r, i, j] is BoolVar v) model.AddHint(v, pairs.Contains((i, j)));
                }
            }
        }
    }

    private static string FirstId(Dictionary<string, int> index) => index.First(kv => kv.Value == 0).Key;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    private static (int, int) Ordered(int a, int b) => a < b ? (a, b) : (b, a);
}
