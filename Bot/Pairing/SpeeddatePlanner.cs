namespace CityDealBot.Pairing;

/// <summary>
/// Plans all rounds of a speeddate session. Pure: same request (incl. seed and budget) gives the same plan.
/// Bounds first, then the better of a round-robin (circle method) and a greedy start, then lexicographic
/// simulated annealing until the bounds are met or progress stalls.
/// </summary>
public static class SpeeddatePlanner
{
    /// <summary>Plans the session. Cancelling only shortens the search (the result is still a valid plan).</summary>
    public static SpeeddatePlan Plan(SpeeddateRequest request, CancellationToken cancellation = default)
    {
        var model = new SessionModel(request);
        var bounds = SpeeddateLowerBounds.Compute(model);
        var slots = Solve(model, bounds, request.Seed, request.MoveBudget, initial: null, cancellation);
        return ToPlan(request, model, slots, bounds);
    }

    /// <summary>The table sizes every round uses for this many participants (larger tables first).</summary>
    public static IReadOnlyList<int> TableSizes(int participants, int groupSize) => SessionModel.SizesFor(participants, groupSize);

    internal static SpeeddatePlan ToPlan(SpeeddateRequest request, SessionModel model, int[][] slots, SpeeddateBounds bounds)
    {
        var rounds = new List<SpeeddateRound>(slots.Length);
        for (var r = 0; r < slots.Length; r++)
        {
            var groups = new List<SpeeddateGroup>(model.GroupSizes.Length);
            var offset = 0;
            foreach (var size in model.GroupSizes)
            {
                var members = new string[size];
                for (var k = 0; k < size; k++) members[k] = request.Participants[slots[r][offset + k]].Id;
                groups.Add(new SpeeddateGroup(members));
                offset += size;
            }

            rounds.Add(new SpeeddateRound(r + 1, groups));
        }

        var score = SpeeddatePlanChecker.Score(request, rounds);
        return new SpeeddatePlan(rounds, score, bounds);
    }

    internal static int[][] Solve(SessionModel model, SpeeddateBounds bounds, int seed, long? moveBudget, int[][]? initial, CancellationToken cancellation, bool? stopWhenStalled = null)
    {
        var random = new Random(seed);
        var bound = new long[SessionModel.LevelCount];
        bound[SessionModel.InSessionLevel] = bounds.InSessionRepeats;
        bound[SessionModel.HistoryLevel] = bounds.HistoryRepeats;
        bound[model.OrgLevel] = bounds.OrderedSameOrganisationPairs;
        bound[model.DealLevel] = bounds.OrderedSameDealPairs;
        bound[model.TypeLevel] = bounds.OrderedSameTypePairs;
        bound[model.TrioLevel] = bounds.RepeatedTrioSeats;

        // Starts are built lazily: a round-robin that already meets every bound needs no greedy start or search.
        var starts = new List<Func<int[][]>>();
        if (initial is not null) starts.Add(() => initial);
        if (model.BaseGroupSize == 2 && model.N >= 2) starts.Add(() => CircleStart(model, random));
        starts.Add(() => GreedyStart(model, random));
        SessionSearch? best = null;
        foreach (var start in starts)
        {
            var search = new SessionSearch(model, start());
            if (best is null || SessionSearch.Compare(search.Cost, best.Cost) < 0) best = search;
            if (AtOrBelow(best.Cost, bound)) return best.Snapshot();
        }

        var budget = moveBudget ?? Math.Min(40_000_000L, 1_000_000L + 600L * model.N * model.Rounds);
        return best!.Improve(bound, budget, stopWhenStalled ?? moveBudget is null, random, cancellation);
    }

    private static bool AtOrBelow(ReadOnlySpan<long> cost, long[] bound)
    {
        for (var l = 0; l < cost.Length; l++)
        {
            if (cost[l] > bound[l]) return false;
        }

        return true;
    }

    /// <summary>
    /// Round-robin by the circle method on a random relabelling: R ≤ n−1 rounds with no pair twice.
    /// With odd n the person facing the "bye" joins the pair that suits them best, forming the trio.
    /// </summary>
    private static int[][] CircleStart(SessionModel model, Random random)
    {
        var n = model.N;
        var even = n % 2 == 0 ? n : n + 1;
        var label = Enumerable.Range(0, n).ToArray();
        random.Shuffle(label);
        var rounds = new int[model.Rounds][];
        var meet = new int[n * n];
        Span<long> delta = stackalloc long[SessionModel.LevelCount];
        Span<long> bestDelta = stackalloc long[SessionModel.LevelCount];
        for (var r = 0; r < model.Rounds; r++)
        {
            var pairs = new List<(int A, int B)>();
            int? bye = null;
            var turn = r % (even - 1);
            for (var k = 0; k < even / 2; k++)
            {
                var x = k == 0 ? even - 1 : (turn + k) % (even - 1);
                var y = (turn - k + (even - 1)) % (even - 1);
                if (k == 0) x = even - 1;
                if (x >= n) bye = label[y];
                else if (y >= n) bye = label[x];
                else pairs.Add((label[x], label[y]));
            }

            var groups = pairs.Select(p => new List<int> { p.A, p.B }).ToList();
            if (bye is int lone)
            {
                var bestGroup = 0;
                for (var g = 0; g < groups.Count; g++)
                {
                    delta.Clear();
                    foreach (var m in groups[g]) model.PairDelta(delta, lone, m, add: true, meet);
                    if (g == 0 || SessionSearch.Compare(delta, bestDelta) < 0)
                    {
                        delta.CopyTo(bestDelta);
                        bestGroup = g;
                    }
                }

                if (groups.Count == 0) groups.Add([lone]);
                else groups[bestGroup].Add(lone);
            }

            rounds[r] = Layout(model, groups, meet);
        }

        return rounds;
    }

    /// <summary>Round by round: each table is seeded with the next person in a random order and filled with the cheapest additions.</summary>
    private static int[][] GreedyStart(SessionModel model, Random random)
    {
        var n = model.N;
        var rounds = new int[model.Rounds][];
        var meet = new int[n * n];
        var enlargedCount = new int[n];
        Span<long> delta = stackalloc long[SessionModel.LevelCount];
        Span<long> bestDelta = stackalloc long[SessionModel.LevelCount];
        for (var r = 0; r < model.Rounds; r++)
        {
            var order = Enumerable.Range(0, n).ToArray();
            random.Shuffle(order);
            var free = new bool[n];
            Array.Fill(free, true);
            var groups = new List<List<int>>();
            var next = 0;
            foreach (var size in model.GroupSizes)
            {
                var enlarged = model.IsOddTable(size);
                while (!free[order[next]]) next++;
                var group = new List<int> { order[next] };
                free[order[next]] = false;
                while (group.Count < size)
                {
                    var bestPerson = -1;
                    foreach (var c in order)
                    {
                        if (!free[c]) continue;
                        delta.Clear();
                        foreach (var m in group) model.PairDelta(delta, c, m, add: true, meet);
                        if (enlarged && enlargedCount[c] > 0) delta[model.TrioLevel]++;
                        if (bestPerson < 0 || SessionSearch.Compare(delta, bestDelta) < 0)
                        {
                            delta.CopyTo(bestDelta);
                            bestPerson = c;
                        }
                    }

                    group.Add(bestPerson);
                    free[bestPerson] = false;
                }

                if (enlarged)
                {
                    foreach (var m in group) enlargedCount[m]++;
                }

                groups.Add(group);
            }

            rounds[r] = Layout(model, groups, meet);
        }

        return rounds;
    }

    /// <summary>Writes groups into slot order (matching the model's table sizes) and records who met.</summary>
    internal static int[] Layout(SessionModel model, List<List<int>> groups, int[] meet)
    {
        var slots = new int[model.N];
        var bySize = new Dictionary<int, Queue<int>>();
        for (var i = 0; i < groups.Count; i++)
        {
            if (!bySize.TryGetValue(groups[i].Count, out var queue)) bySize[groups[i].Count] = queue = new Queue<int>();
            queue.Enqueue(i);
        }

        var offset = 0;
        foreach (var size in model.GroupSizes)
        {
            var g = bySize[size].Dequeue();
            foreach (var p in groups[g]) slots[offset++] = p;
            for (var x = 0; x < groups[g].Count; x++)
            {
                for (var y = x + 1; y < groups[g].Count; y++) meet[model.Key(groups[g][x], groups[g][y])]++;
            }
        }

        return slots;
    }
}
