namespace CityDealBot.Pairing;

/// <summary>
/// Lower bounds computed before planning, so the bot can say how many repeats were unavoidable.
/// </summary>
public static class SpeeddateLowerBounds
{
    public static SpeeddateBounds Compute(SpeeddateRequest request) => Compute(new SessionModel(request));

    internal static SpeeddateBounds Compute(SessionModel model)
    {
        var sizes = model.GroupSizes;
        var pairsPerRound = sizes.Sum(z => z * (z - 1) / 2);
        var totalPairs = pairsPerRound * model.Rounds;
        var n = model.N;
        long allowedPairs = (long)n * (n - 1) / 2;
        for (var k = 0; k < model.Flags.Length; k++)
        {
            if ((model.Flags[k] & SessionModel.ForbiddenFlag) != 0) allowedPairs--;
        }

        var inSession = (int)Math.Max(0, totalPairs - Math.Max(0, allowedPairs));
        var history = (int)Math.Max(0, (long)totalPairs - inSession - MaxNewPairs(model));

        var enlargedSeats = sizes.Where(model.IsOddTable).Sum() * model.Rounds;
        var trio = Math.Max(0, enlargedSeats - n);

        // Without forced repeats everyone meets R·(s−1) new people plus one per enlarged seat;
        // the extra seats cannot be shared evenly unless they are a multiple of n.
        var extra = sizes.Sum(z => z * (z - sizes.Min())) * model.Rounds;
        var spread = history == 0 && inSession == 0 && n > 0 && extra % n != 0 ? 1 : 0;

        var sameOrg = model.Rounds * MinSameClassPairs(model.OrgClass, sizes);
        var sameDeal = model.Rounds * MinSameClassPairs(model.DealClass, sizes);
        var sameType = model.Rounds * MinSameClassPairs(model.TypeClass, sizes);
        var (orderedOrg, orderedDeal, orderedType) = OrderedClassBounds(model, inSession, history, sameOrg, sameDeal, sameType);
        return new SpeeddateBounds
        {
            TotalPairs = totalPairs,
            InSessionRepeats = inSession,
            HistoryRepeats = history,
            SameOrganisationPairs = sameOrg,
            SameDealPairs = sameDeal,
            SameTypePairs = sameType,
            OrderedSameOrganisationPairs = orderedOrg,
            OrderedSameDealPairs = orderedDeal,
            OrderedSameTypePairs = orderedType,
            RepeatedTrioSeats = trio,
            NewContactSpread = spread,
        };
    }

    /// <summary>
    /// Bounds for the class criteria in the organiser's order, for plans that meet the bounds of everything ranked
    /// above: no pair twice in the session, no history repeat when none is forced, and no same-class pair for an
    /// earlier criterion whose bound is 0. Then everyone still needs their R·(s−1) partners among the pairs left,
    /// so a person whose other-class partners run out must sit with their own class (e.g. eleven rounds with only
    /// nine allowed people of other types force two same-type pairs per such person). Counted as a min-cost
    /// degree-constrained subgraph in the bipartite double cover (each pair counted twice, as in
    /// <see cref="MaxNewPairs"/>); never below the per-round bound.
    /// </summary>
    internal static (int Org, int Deal, int Type) OrderedClassBounds(SessionModel model, int inSession, int history, int sameOrg, int sameDeal, int sameType)
    {
        var bound = new int[SessionModel.LevelCount];
        bound[model.OrgLevel] = sameOrg;
        bound[model.DealLevel] = sameDeal;
        bound[model.TypeLevel] = sameType;
        // Only pairs meeting at most once make the degree count exact; a forced in-session repeat leaves the per-round bounds.
        if (inSession > 0 || model.N < 2 || model.Rounds == 0) return (sameOrg, sameDeal, sameType);
        byte excluded = SessionModel.ForbiddenFlag;
        if (history == 0) excluded |= SessionModel.MetFlag;
        (int Level, byte Flag)[] levels = [(model.OrgLevel, SessionModel.SameOrgFlag), (model.DealLevel, SessionModel.SameDealFlag), (model.TypeLevel, SessionModel.SameTypeFlag)];
        Array.Sort(levels, (a, b) => a.Level.CompareTo(b.Level));
        foreach (var (level, flag) in levels)
        {
            bound[level] = Math.Max(bound[level], FewestCostlyPairs(model, excluded, flag));
            if (bound[level] == 0) excluded |= flag;
        }

        return (bound[model.OrgLevel], bound[model.DealLevel], bound[model.TypeLevel]);
    }

    /// <summary>
    /// Fewest pairs with <paramref name="costly"/> in a session whose pairs avoid <paramref name="excluded"/>
    /// and meet at most once, by degrees alone (0 when the degrees cannot all be met: then the plans this bound is
    /// for do not exist and it must not claim anything).
    /// </summary>
    private static int FewestCostlyPairs(SessionModel model, byte excluded, byte costly)
    {
        var n = model.N;
        var anyCostly = false;
        for (var k = 0; k < model.Flags.Length && !anyCostly; k++) anyCostly = k / n < k % n && (model.Flags[k] & excluded) == 0 && (model.Flags[k] & costly) != 0;
        if (!anyCostly) return 0;
        var sizes = model.GroupSizes;
        var min = sizes.Min();
        var max = sizes.Max();
        long baseDegree = (long)(min - 1) * model.Rounds;
        long extraPerPerson = (long)(max - min) * model.Rounds;
        long extraPool = (long)sizes.Sum(z => z * (z - min)) * model.Rounds;
        var source = 2 * n;
        var sink = 2 * n + 1;
        var leftPool = 2 * n + 2;
        var rightPool = 2 * n + 3;
        var flow = new MinCostFlow(2 * n + 4);
        flow.AddEdge(source, leftPool, extraPool, 0);
        flow.AddEdge(rightPool, sink, extraPool, 0);
        for (var p = 0; p < n; p++)
        {
            flow.AddEdge(source, p, baseDegree, 0);
            flow.AddEdge(leftPool, p, extraPerPerson, 0);
            flow.AddEdge(n + p, sink, baseDegree, 0);
            flow.AddEdge(n + p, rightPool, extraPerPerson, 0);
            for (var q = 0; q < n; q++)
            {
                if (q == p) continue;
                var f = model.Flags[model.Key(p, q)];
                if ((f & excluded) != 0) continue;
                flow.AddEdge(p, n + q, 1, (f & costly) != 0 ? 1 : 0);
            }
        }

        var (sent, cost) = flow.Run(source, sink);
        var degrees = baseDegree * n + extraPool;
        return sent < degrees ? 0 : (int)((cost + 1) / 2);
    }

    /// <summary>
    /// Upper bound on the number of never-met pairs a session can contain: a degree-constrained subgraph of
    /// the never-met graph, relaxed to a max-flow in its bipartite double cover (each new pair counted twice).
    /// Degrees: everyone gets (smallest group − 1) per round, and the extra seats of larger tables
    /// are a shared pool with at most (largest − smallest) per person per round.
    /// </summary>
    internal static int MaxNewPairs(SessionModel model)
    {
        var n = model.N;
        if (n < 2 || model.Rounds == 0) return 0;
        var sizes = model.GroupSizes;
        var blocked = false;
        for (var k = 0; k < model.Flags.Length && !blocked; k++) blocked = (model.Flags[k] & (SessionModel.MetFlag | SessionModel.ForbiddenFlag)) != 0;
        if (!blocked) return int.MaxValue; // nothing met before and nothing forbidden: no history repeat is forced
        var min = sizes.Min();
        var max = sizes.Max();
        long baseDegree = (long)(min - 1) * model.Rounds;
        long extraPerPerson = (long)(max - min) * model.Rounds;
        long extraPool = (long)sizes.Sum(z => z * (z - min)) * model.Rounds;
        var source = 2 * n;
        var sink = 2 * n + 1;
        var leftPool = 2 * n + 2;
        var rightPool = 2 * n + 3;
        var flow = new MaxFlow(2 * n + 4);
        flow.AddEdge(source, leftPool, extraPool);
        flow.AddEdge(rightPool, sink, extraPool);
        for (var p = 0; p < n; p++)
        {
            flow.AddEdge(source, p, baseDegree);
            flow.AddEdge(leftPool, p, extraPerPerson);
            flow.AddEdge(n + p, sink, baseDegree);
            flow.AddEdge(n + p, rightPool, extraPerPerson);
            for (var q = 0; q < n; q++)
            {
                if (q == p) continue;
                var f = model.Flags[model.Key(p, q)];
                if ((f & (SessionModel.MetFlag | SessionModel.ForbiddenFlag)) == 0) flow.AddEdge(p, n + q, 1);
            }
        }

        return (int)(flow.Run(source, sink) / 2);
    }

    /// <summary>
    /// Fewest same-class pairs in one round: each class on its own spread as evenly as the tables allow
    /// (adding a k-th member to a table creates k−1 same-class pairs, a convex cost, so greedy is optimal
    /// per class); the sum over classes is a valid bound and exact for pairs.
    /// </summary>
    internal static int MinSameClassPairs(int[] classOf, int[] sizes)
    {
        if (sizes.Length == 0) return 0;
        var total = 0;
        foreach (var count in classOf.GroupBy(c => c).Select(g => g.Count()))
        {
            var filled = new int[sizes.Length];
            for (var m = 0; m < count; m++)
            {
                var best = -1;
                for (var g = 0; g < sizes.Length; g++)
                {
                    if (filled[g] < sizes[g] && (best < 0 || filled[g] < filled[best])) best = g;
                }

                total += filled[best];
                filled[best]++;
            }
        }

        return total;
    }
}
