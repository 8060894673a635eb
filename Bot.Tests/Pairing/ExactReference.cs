using Google.OrTools.Sat;

namespace CityDealBot.Tests.Pairing;

/// <summary>Exact answers from OR-Tools CP-SAT, the independent reference for small instances.</summary>
internal static class ExactReference
{
    /// <summary>Maximum matching size of an undirected graph given by its edges.</summary>
    public static int MaximumMatchingSize(int vertices, IReadOnlyList<(int A, int B)> edges)
    {
        if (edges.Count == 0) return 0;
        var model = new CpModel();
        var chosen = edges.Select((_, i) => model.NewBoolVar("e" + i)).ToArray();
        for (var v = 0; v < vertices; v++)
        {
            var touching = edges.Select((e, i) => (e, i)).Where(x => x.e.A == v || x.e.B == v).Select(x => (ILiteral)chosen[x.i]).ToList();
            if (touching.Count > 1) model.AddAtMostOne(touching);
        }

        model.Maximize(LinearExpr.Sum(chosen));
        var solver = new CpSolver { StringParameters = "num_workers:2,max_time_in_seconds:20" };
        var status = solver.Solve(model);
        Assert.Equal(CpSolverStatus.Optimal, status);
        return (int)solver.ObjectiveValue;
    }

    /// <summary>
    /// Fewest history repeats over all sessions of perfect matchings (even n) with no pair twice in the session.
    /// Symmetry: rounds are interchangeable, so person 0's partners are taken in increasing order.
    /// </summary>
    public static (CpSolverStatus Status, long Repeats) FewestHistoryRepeats(int n, int rounds, Func<int, int, bool> metBefore, double seconds)
    {
        var model = new CpModel();
        var x = new BoolVar[rounds, n, n];
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    x[r, i, j] = model.NewBoolVar($"x{r}_{i}_{j}");
                    x[r, j, i] = x[r, i, j];
                }
            }

            for (var i = 0; i < n; i++)
            {
                model.AddExactlyOne(Enumerable.Range(0, n).Where(j => j != i).Select(j => (ILiteral)x[r, i, j]));
            }
        }

        var repeats = new List<BoolVar>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var together = Enumerable.Range(0, rounds).Select(r => (ILiteral)x[r, i, j]).ToList();
                model.AddAtMostOne(together);
                if (metBefore(i, j)) repeats.AddRange(Enumerable.Range(0, rounds).Select(r => x[r, i, j]));
            }
        }

        for (var r = 0; r + 1 < rounds; r++)
        {
            // partner index of person 0 increases with the round
            var partnerNow = LinearExpr.WeightedSum(Enumerable.Range(1, n - 1).Select(j => x[r, 0, j]), Enumerable.Range(1, n - 1).Select(j => (long)j));
            var partnerNext = LinearExpr.WeightedSum(Enumerable.Range(1, n - 1).Select(j => x[r + 1, 0, j]), Enumerable.Range(1, n - 1).Select(j => (long)j));
            model.Add(partnerNow < partnerNext);
        }

        model.Minimize(LinearExpr.Sum(repeats));
        var solver = new CpSolver { StringParameters = $"num_workers:2,max_time_in_seconds:{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" };
        var status = solver.Solve(model);
        return (status, status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? (long)solver.ObjectiveValue : -1);
    }

    /// <summary>
    /// Fewest history repeats over all sessions with the given table sizes every round (trio mode: 3s and 2s)
    /// and no pair twice in the session.
    /// </summary>
    public static (CpSolverStatus Status, long Repeats) FewestTrioHistoryRepeats(IReadOnlyList<int> sizes, int rounds, Func<int, int, bool> metBefore, double seconds)
    {
        var n = sizes.Sum();
        var tables = sizes.Count;
        var model = new CpModel();
        var seat = new BoolVar[rounds, n, tables];
        var together = new List<ILiteral>[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++) together[i, j] = [];
        }

        var repeats = new List<ILiteral>();
        for (var r = 0; r < rounds; r++)
        {
            for (var p = 0; p < n; p++)
            {
                for (var t = 0; t < tables; t++) seat[r, p, t] = model.NewBoolVar($"s{r}_{p}_{t}");
                model.AddExactlyOne(Enumerable.Range(0, tables).Select(t => (ILiteral)seat[r, p, t]));
            }

            // Tables of one size are interchangeable: a table is used only by someone after the first person at the
            // previous table of its size, so each seating is counted once (the classic bin-packing symmetry break).
            for (var t = 1; t < tables; t++)
            {
                if (sizes[t] != sizes[t - 1]) continue;
                for (var p = 0; p < n; p++)
                {
                    model.AddBoolOr([seat[r, p, t].Not(), .. Enumerable.Range(0, p).Select(q => (ILiteral)seat[r, q, t - 1])]);
                }
            }

            for (var t = 0; t < tables; t++)
            {
                model.Add(LinearExpr.Sum(Enumerable.Range(0, n).Select(p => seat[r, p, t])) == sizes[t]);
                for (var i = 0; i < n; i++)
                {
                    for (var j = i + 1; j < n; j++)
                    {
                        var both = model.NewBoolVar($"w{r}_{i}_{j}_{t}");
                        model.AddImplication(both, seat[r, i, t]);
                        model.AddImplication(both, seat[r, j, t]);
                        model.AddBoolOr([seat[r, i, t].Not(), seat[r, j, t].Not(), both]);
                        together[i, j].Add(both);
                        if (metBefore(i, j)) repeats.Add(both);
                    }
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++) model.AddAtMostOne(together[i, j]);
        }

        model.Minimize(LinearExpr.Sum(repeats.Cast<BoolVar>()));
        var solver = new CpSolver { StringParameters = $"num_workers:2,max_time_in_seconds:{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}" };
        var status = solver.Solve(model);
        return (status, (long)solver.ObjectiveValue);
    }
}

/// <summary>Exact fewest repeats for one week of pairs plus one trio when odd.</summary>
internal static class ExactCoffeeWeek
{
    public static int FewestRepeats(int n, Func<int, int, bool> metBefore)
    {
        var model = new CpModel();
        var cover = Enumerable.Range(0, n).Select(_ => new List<ILiteral>()).ToArray();
        var cost = new List<LinearExpr>();
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var pair = model.NewBoolVar($"p{a}_{b}");
                cover[a].Add(pair);
                cover[b].Add(pair);
                if (metBefore(a, b)) cost.Add(pair);
            }
        }

        var trios = new List<ILiteral>();
        if (n % 2 == 1)
        {
            for (var a = 0; a < n; a++)
            {
                for (var b = a + 1; b < n; b++)
                {
                    for (var c = b + 1; c < n; c++)
                    {
                        var trio = model.NewBoolVar($"t{a}_{b}_{c}");
                        trios.Add(trio);
                        cover[a].Add(trio);
                        cover[b].Add(trio);
                        cover[c].Add(trio);
                        var met = (metBefore(a, b) ? 1 : 0) + (metBefore(a, c) ? 1 : 0) + (metBefore(b, c) ? 1 : 0);
                        if (met > 0) cost.Add(trio * met);
                    }
                }
            }

            model.AddExactlyOne(trios);
        }

        foreach (var literals in cover) model.AddExactlyOne(literals);
        model.Minimize(LinearExpr.Sum(cost));
        var solver = new CpSolver { StringParameters = "num_workers:2,max_time_in_seconds:30" };
        Assert.Equal(CpSolverStatus.Optimal, solver.Solve(model));
        return (int)solver.ObjectiveValue;
    }
}
