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
        if (_rounds == 0 || _groupSize.Length < 2 || AtBound(_cost, bound)) return Snapshot();

        // Pairs: a swap inside one round can only trade partners between two pairs of that round. Long sessions
        // (many rounds, few people) stall above the ordered class bounds because the trade they need involves pairs
        // of two different rounds; a second annealing phase adds those cross-round exchanges and gets half of the
        // budget (with a trio the first phase rarely stalls and would otherwise spend it all). Only for sessions in
        // which everyone meets at least a quarter of the others: each exchange rebuilds two rounds (O(n)), and
        // short sessions of many people have enough freedom within a round.
        var longPairSession = _model.BaseGroupSize == 2 && _rounds >= 2 && 4 * _rounds >= _n;
        var (annealed, spent) = Anneal(bound, longPairSession ? budget / 2 : budget, stopWhenStalled, exchanges: false, random, cancellation);
        Load(annealed);
        var best = (long[])_cost.Clone();
        if (longPairSession
            && best[SessionModel.InSessionLevel] <= bound[SessionModel.InSessionLevel] && !AtBound(best, bound)
            && spent < budget && !cancellation.IsCancellationRequested)
        {
            return Anneal(bound, budget - spent, stopWhenStalled, exchanges: true, random, cancellation).Best;
        }

        // Trios: a swap moves a person away from two others, so annealing often stalls a few history repeats above
        // what is possible; the tabu repair then also targets tables with a pair that met before.
        var repairHistory = _model.BaseGroupSize == 3 && best[SessionModel.HistoryLevel] > bound[SessionModel.HistoryLevel];
        if ((best[SessionModel.InSessionLevel] <= bound[SessionModel.InSessionLevel] && !repairHistory) || spent >= budget || cancellation.IsCancellationRequested)
        {
            return annealed;
        }

        // Annealing stalled with pairs meeting twice (tight Social-Golfer-like sessions): switch to tabu search.
        return RepairByTabu(bound, budget - spent, repairHistory, random, cancellation);
    }

    /// <summary>
    /// Simulated annealing from the current plan; returns the best plan seen and the moves spent. With
    /// <paramref name="exchanges"/> half of the moves are cross-round exchanges (pairs only).
    /// </summary>
    private (int[][] Best, long Spent) Anneal(long[] bound, long budget, bool stopWhenStalled, bool exchanges, Random random, CancellationToken cancellation)
    {
        var best = (long[])_cost.Clone();
        int[][]? saved = null;
        var currentIsBest = true;
        if (AtBound(best, bound)) return (Snapshot(), 0);

        var cycle = Math.Max(50_000L, 20L * _n * _rounds);
        var stallLimit = (exchanges ? StallCyclesWithExchanges : 4) * cycle;
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
            var exchange = exchanges && (t & 2) != 0;
            int r2 = r, c = -1, d = -1;
            if (exchange)
            {
                // a leaves its partner in round r, b leaves theirs in another round, and a and b meet instead.
                r2 = (r + 1 + random.Next(_rounds - 1)) % _rounds;
                if (!ExchangeDelta(delta, r, a, r2, b, out c, out d)) continue;
            }
            else
            {
                if (_slotGroup[_slotOf[r][a]] == _slotGroup[_slotOf[r][b]]) continue;
                SwapDelta(delta, r, a, b);
            }

            var level = 0;
            while (level < SessionModel.LevelCount && delta[level] == 0) level++;
            var worsens = level < SessionModel.LevelCount && delta[level] > 0;
            if (worsens)
            {
                if (level == SessionModel.ForbiddenLevel) continue;
                var temperature = (exchanges ? ExchangeStartTemperature : StartTemperature) * (1.0 - (double)(t % cycle) / cycle) + 0.02;
                if (random.NextDouble() >= Math.Exp(-delta[level] / temperature)) continue;
            }

            if (exchange && !PrepareExchange(r, a, c, r2, b, d)) continue;
            if (worsens)
            {
                if (currentIsBest && saved is null) saved = Snapshot();
                currentIsBest = false;
            }

            if (exchange) ApplyExchange(r, a, c, r2, b, d);
            else ApplySwap(r, a, b);
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
        return (annealed, Math.Min(budget, lastMove + 1));
    }

    // The exchange phase starts from a stalled plan whose remaining gains are rare: it may search four times longer
    // without progress (on the long-session suite 4 cycles left 0.8–2.5 pp on the table, 16 reached the optimum on most).
    private const int StallCyclesWithExchanges = 16;

    // The exchange phase polishes a plan that is already good: at the first phase's temperature it wandered off into
    // in-session repeats on sessions with a trio; 0.15 reached the optimum on every even long session and came
    // closest on the odd ones (0.08 and 0.3 were tried).
    private const double ExchangeStartTemperature = 0.15;

    /// <summary>The partner of <paramref name="person"/> in round r, or −1 when they sit at a larger table.</summary>
    private int PairPartner(int r, int person)
    {
        var s = _slotOf[r][person];
        var g = _slotGroup[s];
        if (_groupSize[g] != 2) return -1;
        return _slots[r][2 * _groupStart[g] + 1 - s];
    }

    /// <summary>
    /// Cost change of a cross-round exchange: a and its partner c split in round r1, b and its partner d split in
    /// round r2, and a–b and c–d meet instead. Every other pair stays in the session (possibly in the other round).
    /// </summary>
    private bool ExchangeDelta(Span<long> delta, int r1, int a, int r2, int b, out int c, out int d)
    {
        c = PairPartner(r1, a);
        d = PairPartner(r2, b);
        if (c < 0 || d < 0 || b == a || b == c || d == a || d == c) return false;
        delta.Clear();
        _model.PairDelta(delta, a, c, add: false, _meet);
        _model.PairDelta(delta, b, d, add: false, _meet);
        _model.PairDelta(delta, a, b, add: true, _meet);
        _model.PairDelta(delta, c, d, add: true, _meet);
        return true;
    }

    // Scratch for the exchange: the two rounds' pairs after the move, as partner arrays.
    private int[] _exchangePartner = [];
    private int[] _exchangeColour = [];
    private int[] _newPartner1 = [];
    private int[] _newPartner2 = [];

    /// <summary>
    /// Rebuilds rounds r1 and r2 after the exchange. Their pairs (without a–c and b–d, with a–b and c–d) form paths and
    /// cycles in which everyone has at most one pair per round; they split back into two rounds when every cycle
    /// is even and every path ends at someone seated at the larger table of the round their end lacks.
    /// Leaves the new partners in scratch arrays; false when no split exists.
    /// </summary>
    private bool PrepareExchange(int r1, int a, int c, int r2, int b, int d)
    {
        if (_exchangePartner.Length != 2 * _n)
        {
            _exchangePartner = new int[2 * _n];
            _exchangeColour = new int[2 * _n];
            _newPartner1 = new int[_n];
            _newPartner2 = new int[_n];
        }

        // Edge list per person: slot 2p = the pair of round r1, 2p+1 = the pair of round r2 (−1 when at the larger table).
        var partner = _exchangePartner;
        for (var p = 0; p < _n; p++)
        {
            partner[2 * p] = PairPartner(r1, p);
            partner[2 * p + 1] = PairPartner(r2, p);
        }

        // a–b takes the place of a–c in a's r1 slot and of b–d in b's r2 slot; c–d the other two slots.
        partner[2 * a] = b;
        partner[2 * b + 1] = a;
        partner[2 * c] = d;
        partner[2 * d + 1] = c;
        Array.Fill(_newPartner1, -1);
        Array.Fill(_newPartner2, -1);
        var colour = _exchangeColour;
        Array.Fill(colour, 0);

        // Walk each component from a path end first (someone with one pair), then the remaining cycles.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var p = 0; p < _n; p++)
            {
                var ends = (partner[2 * p] < 0 ? 1 : 0) + (partner[2 * p + 1] < 0 ? 1 : 0);
                if (ends == 2) continue;
                if (pass == 0 && ends != 1) continue;
                var slot = partner[2 * p] >= 0 ? 2 * p : 2 * p + 1;
                if (colour[slot] != 0) continue;
                // A path end lacks a pair in the round where they sit at the larger table, so their one pair goes to
                // the other round; a cycle may start either way.
                var round = pass == 0 ? (partner[2 * p] < 0 ? 2 : 1) : 1;
                if (pass == 0 && !IsAtLargerTable(round == 2 ? r1 : r2, p)) return false;
                var current = p;
                var edgeSlot = slot;
                while (true)
                {
                    var next = partner[edgeSlot];
                    var nextSlot = partner[2 * next] == current && colour[2 * next] == 0 ? 2 * next : 2 * next + 1;
                    if (partner[nextSlot] != current || colour[nextSlot] != 0) return false;
                    colour[edgeSlot] = colour[nextSlot] = round;
                    var target = round == 1 ? _newPartner1 : _newPartner2;
                    if (target[current] >= 0 || target[next] >= 0) return false; // an odd cycle: two pairs in one round
                    target[current] = next;
                    target[next] = current;
                    // Continue from next through its other edge.
                    var other = nextSlot ^ 1;
                    if (partner[other] < 0)
                    {
                        // Path end: they must sit at the larger table of the round they now lack.
                        if (!IsAtLargerTable(round == 1 ? r2 : r1, next)) return false;
                        break;
                    }

                    if (colour[other] != 0)
                    {
                        break; // back at the start of a cycle
                    }

                    current = next;
                    edgeSlot = other;
                    round = 3 - round;
                }
            }
        }

        for (var p = 0; p < _n; p++)
        {
            if (_newPartner1[p] < 0 && !IsAtLargerTable(r1, p)) return false;
            if (_newPartner2[p] < 0 && !IsAtLargerTable(r2, p)) return false;
        }

        return true;
    }

    private bool IsAtLargerTable(int r, int person) => _groupSize[_slotGroup[_slotOf[r][person]]] != 2;

    /// <summary>Writes the rounds <see cref="PrepareExchange"/> built and updates who met whom.</summary>
    private void ApplyExchange(int r1, int a, int c, int r2, int b, int d)
    {
        _meet[_model.Key(a, c)]--;
        _meet[_model.Key(b, d)]--;
        _meet[_model.Key(a, b)]++;
        _meet[_model.Key(c, d)]++;
        WritePairs(r1, _newPartner1);
        WritePairs(r2, _newPartner2);
    }

    private void WritePairs(int r, int[] newPartner)
    {
        var slots = _slots[r];
        var g = 0;
        while (g < _groupSize.Length && _groupSize[g] != 2) g++;
        for (var p = 0; p < _n; p++)
        {
            var q = newPartner[p];
            if (q < p) continue;
            var start = _groupStart[g];
            slots[start] = p;
            slots[start + 1] = q;
            _slotOf[r][p] = start;
            _slotOf[r][q] = start + 1;
            g++;
        }
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
