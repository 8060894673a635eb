namespace CityDealBot.Pairing;

/// <summary>
/// Mutable schedule plus its exact cost vector, improved by simulated annealing over swaps of two people
/// in different groups of one round. Acceptance is lexicographic: only the most important level a move
/// changes decides, and every level is a plain count, so one temperature serves all levels.
/// </summary>
internal sealed class SessionSearch
{
    private readonly SessionModel _model;
    private readonly int _n;
    private readonly int _rounds;
    private readonly int[] _slotGroup;
    private readonly int[] _groupStart;
    private readonly int[] _groupSize;
    private readonly int[][] _slots;      // round -> slot -> person
    private readonly int[][] _slotOf;     // round -> person -> slot
    private readonly int[] _meet;
    private readonly int[] _enlargedCount;
    private readonly long[] _cost = new long[SessionModel.LevelCount];

    public SessionSearch(SessionModel model, int[][] initialRounds)
    {
        _model = model;
        _n = model.N;
        _rounds = model.Rounds;
        _groupSize = model.GroupSizes;
        _groupStart = new int[_groupSize.Length];
        _slotGroup = new int[_n];
        var offset = 0;
        for (var g = 0; g < _groupSize.Length; g++)
        {
            _groupStart[g] = offset;
            for (var k = 0; k < _groupSize[g]; k++) _slotGroup[offset + k] = g;
            offset += _groupSize[g];
        }

        _slots = new int[_rounds][];
        _slotOf = new int[_rounds][];
        for (var r = 0; r < _rounds; r++)
        {
            _slots[r] = (int[])initialRounds[r].Clone();
            _slotOf[r] = new int[_n];
            for (var s = 0; s < _n; s++) _slotOf[r][_slots[r][s]] = s;
        }

        _meet = new int[_n * _n];
        _enlargedCount = new int[_n];
        Recount();
    }

    public ReadOnlySpan<long> Cost => _cost;

    public int[][] Snapshot() => _slots.Select(s => (int[])s.Clone()).ToArray();

    private void Recount()
    {
        Array.Clear(_meet);
        Array.Clear(_enlargedCount);
        Array.Clear(_cost);
        Span<long> delta = stackalloc long[SessionModel.LevelCount];
        for (var r = 0; r < _rounds; r++)
        {
            for (var g = 0; g < _groupSize.Length; g++)
            {
                var start = _groupStart[g];
                for (var x = 0; x < _groupSize[g]; x++)
                {
                    var p = _slots[r][start + x];
                    if (_model.IsOddTable(_groupSize[g])) _enlargedCount[p]++;
                    for (var y = x + 1; y < _groupSize[g]; y++)
                    {
                        var q = _slots[r][start + y];
                        delta.Clear();
                        _model.PairDelta(delta, p, q, add: true, _meet);
                        _meet[_model.Key(p, q)]++;
                        for (var l = 0; l < SessionModel.LevelCount; l++) _cost[l] += delta[l];
                    }
                }
            }
        }

        _cost[SessionModel.RequiredLevel] = 0;
        for (var k = 0; k < _meet.Length; k++)
        {
            if ((_model.Flags[k] & SessionModel.RequiredFlag) != 0 && _meet[k] == 0) _cost[SessionModel.RequiredLevel]++;
        }

        for (var p = 0; p < _n; p++) _cost[_model.TrioLevel] += Math.Max(0, _enlargedCount[p] - 1);
    }

    /// <summary>Cost change of swapping persons a and b (different groups) in round r.</summary>
    private void SwapDelta(Span<long> delta, int r, int a, int b)
    {
        delta.Clear();
        var slots = _slots[r];
        var sa = _slotOf[r][a];
        var sb = _slotOf[r][b];
        var ga = _slotGroup[sa];
        var gb = _slotGroup[sb];
        var endA = _groupStart[ga] + _groupSize[ga];
        for (var s = _groupStart[ga]; s < endA; s++)
        {
            var x = slots[s];
            if (x == a) continue;
            _model.PairDelta(delta, a, x, add: false, _meet);
            _model.PairDelta(delta, b, x, add: true, _meet);
        }

        var endB = _groupStart[gb] + _groupSize[gb];
        for (var s = _groupStart[gb]; s < endB; s++)
        {
            var y = slots[s];
            if (y == b) continue;
            _model.PairDelta(delta, b, y, add: false, _meet);
            _model.PairDelta(delta, a, y, add: true, _meet);
        }

        var enlargedA = _model.IsOddTable(_groupSize[ga]);
        var enlargedB = _model.IsOddTable(_groupSize[gb]);
        if (enlargedA != enlargedB)
        {
            // a moves into b's group and vice versa.
            var change = enlargedB ? 1 : -1;
            delta[_model.TrioLevel] += TrioChange(_enlargedCount[a], change) + TrioChange(_enlargedCount[b], -change);
        }
    }

    private static int TrioChange(int count, int change) => Math.Max(0, count + change - 1) - Math.Max(0, count - 1);

    private void ApplySwap(int r, int a, int b)
    {
        var slots = _slots[r];
        var sa = _slotOf[r][a];
        var sb = _slotOf[r][b];
        var ga = _slotGroup[sa];
        var gb = _slotGroup[sb];
        var endA = _groupStart[ga] + _groupSize[ga];
        for (var s = _groupStart[ga]; s < endA; s++)
        {
            var x = slots[s];
            if (x == a) continue;
            _meet[_model.Key(a, x)]--;
            _meet[_model.Key(b, x)]++;
        }

        var endB = _groupStart[gb] + _groupSize[gb];
        for (var s = _groupStart[gb]; s < endB; s++)
        {
            var y = slots[s];
            if (y == b) continue;
            _meet[_model.Key(b, y)]--;
            _meet[_model.Key(a, y)]++;
        }

        var enlargedA = _model.IsOddTable(_groupSize[ga]);
        var enlargedB = _model.IsOddTable(_groupSize[gb]);
        if (enlargedA != enlargedB)
        {
            var change = enlargedB ? 1 : -1;
            _enlargedCount[a] += change;
            _enlargedCount[b] -= change;
        }

        slots[sa] = b;
        slots[sb] = a;
        _slotOf[r][a] = sb;
        _slotOf[r][b] = sa;
    }

    /// <summary>Anneals until the lower bound is met, the budget is spent, progress stalls or cancellation.</summary>
    public int[][] Improve(long[] bound, long budget, bool stopWhenStalled, Random random, CancellationToken cancellation)
    {
        var best = (long[])_cost.Clone();
        int[][]? saved = null;
        var currentIsBest = true;
        if (_rounds == 0 || _groupSize.Length < 2 || AtBound(best, bound)) return Snapshot();

        var cycle = Math.Max(50_000L, 20L * _n * _rounds);
        var stallLimit = 4 * cycle;
        var lastImprovement = 0L;
        Span<long> delta = stackalloc long[SessionModel.LevelCount];
        const double StartTemperature = 0.6;
        var lastMove = 0L;
        for (var t = 0L; t < budget; t++)
        {
            lastMove = t;
            if ((t & 4095) == 0 && cancellation.IsCancellationRequested) break;
            if (t - lastImprovement > stallLimit && (stopWhenStalled || RepeatsAtBound(best, bound) || best[SessionModel.InSessionLevel] > bound[SessionModel.InSessionLevel])) break;
            var r = _rounds == 1 ? 0 : random.Next(_rounds);
            var a = random.Next(_n);
            if ((t & 1) == 0)
            {
                // Half of the moves start from someone whose table costs something: most tables in a good plan cost nothing.
                for (var tries = 0; tries < 6 && !HasCost(r, a); tries++) a = random.Next(_n);
            }

            var b = random.Next(_n);
            if (_slotGroup[_slotOf[r][a]] == _slotGroup[_slotOf[r][b]]) continue;
            SwapDelta(delta, r, a, b);
            var level = 0;
            while (level < SessionModel.LevelCount && delta[level] == 0) level++;
            var worsens = level < SessionModel.LevelCount && delta[level] > 0;
            if (worsens)
            {
                if (level == SessionModel.ForbiddenLevel) continue;
                var temperature = StartTemperature * (1.0 - (double)(t % cycle) / cycle) + 0.02;
                if (random.NextDouble() >= Math.Exp(-delta[level] / temperature)) continue;
                if (currentIsBest && saved is null) saved = Snapshot();
                currentIsBest = false;
            }

            ApplySwap(r, a, b);
            for (var l = 0; l < SessionModel.LevelCount; l++) _cost[l] += delta[l];
            var cmp = Compare(_cost, best);
            if (cmp < 0)
            {
                Array.Copy(_cost, best, best.Length);
                saved = null;
                currentIsBest = true;
                lastImprovement = t;
                if (AtBound(best, bound)) break;
            }
            else if (cmp == 0 && !currentIsBest)
            {
                currentIsBest = true;
            }
        }

        var annealed = currentIsBest || saved is null ? Snapshot() : saved;
        var spent = Math.Min(budget, lastMove + 1);
        // Trios: a swap moves a person away from two others, so annealing often stalls a few history repeats above
        // what is possible; the tabu repair then also targets tables with a pair that met before.
        var repairHistory = _model.BaseGroupSize == 3 && best[SessionModel.HistoryLevel] > bound[SessionModel.HistoryLevel];
        if ((best[SessionModel.InSessionLevel] <= bound[SessionModel.InSessionLevel] && !repairHistory) || spent >= budget || cancellation.IsCancellationRequested)
        {
            return annealed;
        }

        // Annealing stalled with pairs meeting twice (tight Social-Golfer-like sessions): switch to tabu search.
        Load(annealed);
        return RepairByTabu(bound, budget - spent, repairHistory, random, cancellation);
    }

    private void Load(int[][] rounds)
    {
        for (var r = 0; r < _rounds; r++)
        {
            Array.Copy(rounds[r], _slots[r], _n);
            for (var s = 0; s < _n; s++) _slotOf[r][_slots[r][s]] = s;
        }

        Recount();
    }

    /// <summary>
    /// Tabu search after Dotú and Van Hentenryck ("Scheduling social golfers locally", CPAIOR 2005): in a round,
    /// take the best swap of a person at a table with a repeated pair, forbid re-swapping that pair for a
    /// random tenure, allow tabu moves that beat the best plan, and kick the plan with random swaps when stuck.
    /// </summary>
    private int[][] RepairByTabu(long[] bound, long budget, bool repairHistory, Random random, CancellationToken cancellation)
    {
        var best = (long[])_cost.Clone();
        var bestPlan = Snapshot();
        var tabuUntil = new long[_rounds][];
        for (var r = 0; r < _rounds; r++) tabuUntil[r] = new long[_n * _n];
        Span<long> delta = stackalloc long[SessionModel.LevelCount];
        Span<long> chosen = stackalloc long[SessionModel.LevelCount];
        Span<long> candidate = stackalloc long[SessionModel.LevelCount];
        var conflicted = new List<int>();
        long moves = 0, iteration = 0, lastImprovement = 0;
        while (moves < budget && !cancellation.IsCancellationRequested)
        {
            iteration++;
            int moveA = -1, moveB = -1, moveRound = -1, ties = 0;
            for (var w = 0; w < _rounds; w++)
            {
                CollectConflicts(w, conflicted, repairHistory);
                foreach (var a in conflicted)
                {
                    var groupA = _slotGroup[_slotOf[w][a]];
                    for (var b = 0; b < _n; b++)
                    {
                        if (_slotGroup[_slotOf[w][b]] == groupA) continue;
                        moves++;
                        SwapDelta(delta, w, a, b);
                        if (tabuUntil[w][a * _n + b] > iteration)
                        {
                            for (var l = 0; l < candidate.Length; l++) candidate[l] = _cost[l] + delta[l];
                            if (Compare(candidate, best) >= 0) continue;
                        }

                        var cmp = moveA < 0 ? -1 : Compare(delta, chosen);
                        if (cmp < 0)
                        {
                            delta.CopyTo(chosen);
                            (moveA, moveB, moveRound, ties) = (a, b, w, 1);
                        }
                        else if (cmp == 0 && random.Next(++ties) == 0)
                        {
                            (moveA, moveB, moveRound) = (a, b, w);
                        }
                    }
                }
            }

            if (moveRound < 0 && _cost[SessionModel.InSessionLevel] == 0) break;
            var r = moveRound;
            if (moveA < 0) continue;
            ApplySwap(r, moveA, moveB);
            for (var l = 0; l < SessionModel.LevelCount; l++) _cost[l] += chosen[l];
            var tenure = TabuMin + random.Next(TabuSpread);
            tabuUntil[r][moveA * _n + moveB] = iteration + tenure;
            tabuUntil[r][moveB * _n + moveA] = iteration + tenure;
            if (Compare(_cost, best) < 0)
            {
                Array.Copy(_cost, best, best.Length);
                bestPlan = Snapshot();
                lastImprovement = iteration;
                if (AtBound(best, bound) || (repairHistory && RepeatsAtBound(best, bound))) break;
            }
            else if (iteration - lastImprovement > StuckLimit)
            {
                // Stuck: restart from the best plan with a few random swaps.
                Load(bestPlan);
                Perturb(random, KickSwaps);
                lastImprovement = iteration;
            }
        }

        return bestPlan;
    }

    // Tuned by hand on 8-4-9 and 7-3-10; results were flat across tenures 4–100 and kick sizes 2–6.
    private const int TabuMin = 4;
    private const int TabuSpread = 16;
    private const int StuckLimit = 1000;
    private const int KickSwaps = 3;

    private void Perturb(Random random, int swaps)
    {
        Span<long> delta = stackalloc long[SessionModel.LevelCount];
        for (var k = 0; k < swaps; k++)
        {
            var r = random.Next(_rounds);
            var a = random.Next(_n);
            var b = random.Next(_n);
            if (_slotGroup[_slotOf[r][a]] == _slotGroup[_slotOf[r][b]]) continue;
            SwapDelta(delta, r, a, b);
            if (delta[SessionModel.ForbiddenLevel] > 0) continue;
            ApplySwap(r, a, b);
            for (var l = 0; l < SessionModel.LevelCount; l++) _cost[l] += delta[l];
        }
    }

    /// <summary>People in round r whose table holds a pair that meets more than once, a forbidden pair or (with <paramref name="metBefore"/>) a pair that met in earlier sessions.</summary>
    private void CollectConflicts(int r, List<int> conflicted, bool metBefore)
    {
        conflicted.Clear();
        var slots = _slots[r];
        for (var g = 0; g < _groupSize.Length; g++)
        {
            var start = _groupStart[g];
            var end = start + _groupSize[g];
            for (var x = start; x < end; x++)
            {
                for (var y = start; y < end; y++)
                {
                    if (x == y) continue;
                    var k = _model.Key(slots[x], slots[y]);
                    if (_meet[k] > 1 || (_model.Flags[k] & (metBefore ? SessionModel.ForbiddenFlag | SessionModel.MetFlag : SessionModel.ForbiddenFlag)) != 0)
                    {
                        conflicted.Add(slots[x]);
                        break;
                    }
                }
            }
        }
    }

    private bool HasCost(int r, int person)
    {
        var slots = _slots[r];
        var g = _slotGroup[_slotOf[r][person]];
        var start = _groupStart[g];
        var end = start + _groupSize[g];
        if (_model.IsOddTable(_groupSize[g]) && _enlargedCount[person] > 1) return true;
        for (var s = start; s < end; s++)
        {
            var x = slots[s];
            if (x == person) continue;
            var k = _model.Key(person, x);
            if ((_model.Flags[k] & CostFlags) != 0 || _meet[k] > 1) return true;
        }

        return false;
    }

    private const byte CostFlags = SessionModel.ForbiddenFlag | SessionModel.MetFlag | SessionModel.SameOrgFlag | SessionModel.SameDealFlag | SessionModel.SameTypeFlag;

    public static int Compare(ReadOnlySpan<long> x, ReadOnlySpan<long> y)
    {
        for (var l = 0; l < x.Length; l++)
        {
            if (x[l] != y[l]) return x[l] < y[l] ? -1 : 1;
        }

        return 0;
    }

    /// <summary>Forbidden, required, in-session and history levels are optimal: only the soft criteria could still improve.</summary>
    private static bool RepeatsAtBound(long[] cost, long[] bound)
    {
        for (var l = 0; l <= SessionModel.HistoryLevel; l++)
        {
            if (cost[l] > bound[l]) return false;
        }

        return true;
    }

    private static bool AtBound(long[] cost, long[] bound)
    {
        for (var l = 0; l < cost.Length; l++)
        {
            if (cost[l] > bound[l]) return false;
        }

        return true;
    }
}
