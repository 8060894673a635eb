namespace CityDealBot.Pairing;

/// <summary>
/// The request turned into dense arrays indexed by participant position, shared by planner, bounds and replanner.
/// Cost levels (most important first): forbidden, required-missing, in-session repeat, history repeat,
/// recency, then the four organiser-ordered criteria.
/// </summary>
internal sealed class SessionModel
{
    public const int LevelCount = 9;
    public const int ForbiddenLevel = 0;
    public const int RequiredLevel = 1;
    public const int InSessionLevel = 2;
    public const int HistoryLevel = 3;
    public const int RecencyLevel = 4;

    public const byte ForbiddenFlag = 1;
    public const byte RequiredFlag = 2;
    public const byte MetFlag = 4;
    public const byte SameOrgFlag = 8;
    public const byte SameDealFlag = 16;
    public const byte SameTypeFlag = 32;

    public int N { get; }
    public int Rounds { get; }
    public int BaseGroupSize { get; }
    /// <summary>Sizes of the groups of every round, larger tables first.</summary>
    public int[] GroupSizes { get; }
    public byte[] Flags { get; }
    public int[] Recency { get; }
    public int OrgLevel { get; }
    public int DealLevel { get; }
    public int TypeLevel { get; }
    public int TrioLevel { get; }
    public int[] DealClass { get; }
    public int[] OrgClass { get; }
    public int[] TypeClass { get; }
    public Dictionary<string, int> IndexOf { get; }
    public int RequiredCount { get; }

    public SessionModel(SpeeddateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Rounds < 0) throw new ArgumentException("Rounds must be zero or more.", nameof(request));
        if (request.GroupSize < 2) throw new ArgumentException("Group size must be at least 2.", nameof(request));
        var order = request.CriteriaOrder;
        if (order.Count != 4 || order.Distinct().Count() != 4)
            throw new ArgumentException("Criteria order must name each of the four criteria once.", nameof(request));
        if (request.GroupSize == 3)
        {
            // In trio mode a seat at the pair table costs a conversation: sitting there twice weighs above the mix criteria.
            order = [PairingCriterion.NoRepeatedTrio, .. order.Where(c => c != PairingCriterion.NoRepeatedTrio)];
        }

        var people = request.Participants;
        N = people.Count;
        Rounds = request.Rounds;
        BaseGroupSize = request.GroupSize;
        GroupSizes = SizesFor(N, request.GroupSize);
        IndexOf = new Dictionary<string, int>(N, StringComparer.Ordinal);
        for (var i = 0; i < N; i++)
        {
            if (!IndexOf.TryAdd(people[i].Id, i))
                throw new ArgumentException($"Participant id '{people[i].Id}' occurs twice.", nameof(request));
        }

        OrgLevel = 5 + IndexIn(order, PairingCriterion.DifferentOrganisation);
        DealLevel = 5 + IndexIn(order, PairingCriterion.DifferentDeal);
        TypeLevel = 5 + IndexIn(order, PairingCriterion.DifferentOrganisationType);
        TrioLevel = 5 + IndexIn(order, PairingCriterion.NoRepeatedTrio);

        DealClass = Classes(people.Select(p => p.Deal));
        OrgClass = Classes(people.Select(p => p.Organisation));
        TypeClass = Classes(people.Select(p => p.OrganisationType));

        Flags = new byte[N * N];
        Recency = new int[N * N];
        for (var i = 0; i < N; i++)
        {
            for (var j = i + 1; j < N; j++)
            {
                byte f = 0;
                if (OrgClass[i] == OrgClass[j]) f |= SameOrgFlag;
                if (DealClass[i] == DealClass[j]) f |= SameDealFlag;
                if (TypeClass[i] == TypeClass[j]) f |= SameTypeFlag;
                Flags[i * N + j] = f;
            }
        }

        // Recency cost of a forced repeat: more earlier meetings weigh most, then how recent the last one was.
        var dates = request.History.Select(h => h.LastMet).Distinct().Order().ToList();
        var rankOf = dates.Select((d, k) => (d, k)).ToDictionary(x => x.d, x => x.k + 1);
        foreach (var meeting in request.History)
        {
            if (meeting.Times <= 0) continue;
            if (!IndexOf.TryGetValue(meeting.PersonA, out var a) || !IndexOf.TryGetValue(meeting.PersonB, out var b) || a == b) continue;
            var k = Key(a, b);
            Flags[k] |= MetFlag;
            var cost = (meeting.Times - 1) * (dates.Count + 1) + rankOf[meeting.LastMet];
            Recency[k] = Math.Max(Recency[k], cost);
        }

        foreach (var pair in request.ForbiddenPairs)
        {
            if (TryKey(pair, out var k)) Flags[k] |= ForbiddenFlag;
        }

        foreach (var pair in request.RequiredPairs)
        {
            if (TryKey(pair, out var k) && (Flags[k] & RequiredFlag) == 0)
            {
                Flags[k] |= RequiredFlag;
                RequiredCount++;
            }
        }
    }

    public int Key(int a, int b) => a < b ? a * N + b : b * N + a;

    private bool TryKey(ParticipantPair pair, out int key)
    {
        key = 0;
        if (!IndexOf.TryGetValue(pair.PersonA, out var a) || !IndexOf.TryGetValue(pair.PersonB, out var b) || a == b) return false;
        key = Key(a, b);
        return true;
    }

    /// <summary>
    /// Table sizes, larger first. Pairs (2): one trio when n is odd. Trios (3): groups of 3 and 2 only, as many
    /// trios as possible (n%3==1 gives two pairs, n%3==2 one pair, never a table of 4). Tables of 4 or more:
    /// whichever of ⌊n/s⌋ or ⌈n/s⌉ tables keeps every table closest to s (ties favour an extra seat over a short table).
    /// </summary>
    public static int[] SizesFor(int n, int groupSize)
    {
        if (n == 0) return [];
        if (groupSize == 3) return TrioSizes(n);
        var fewer = Math.Max(1, n / groupSize);
        var groups = fewer;
        if (groupSize > 2 && n % groupSize != 0)
        {
            var more = fewer + 1;
            var deviationFewer = (n + fewer - 1) / fewer - groupSize;
            var deviationMore = groupSize - n / more;
            if (deviationMore < deviationFewer) groups = more;
        }

        var sizes = new int[groups];
        for (var g = 0; g < groups; g++) sizes[g] = n / groups;
        for (var g = 0; g < n % groups; g++) sizes[g]++;
        return sizes;
    }

    private static int[] TrioSizes(int n)
    {
        if (n < 4) return [n];
        var pairs = (n % 3) switch { 0 => 0, 1 => 2, _ => 1 };
        var trios = (n - 2 * pairs) / 3;
        return [.. Enumerable.Repeat(3, trios), .. Enumerable.Repeat(2, pairs)];
    }

    /// <summary>
    /// The odd table out, at which nobody should sit twice: the enlarged table (a trio among pairs, a fifth seat),
    /// or in trio mode the pair.
    /// </summary>
    public static bool IsOddTable(int size, int groupSize) => groupSize == 3 ? size < 3 : size > groupSize;

    public bool IsOddTable(int size) => IsOddTable(size, BaseGroupSize);

    /// <summary>Adds the contribution of placing (<paramref name="add"/>) or removing pair (i, j) given current meet counts.</summary>
    public void PairDelta(Span<long> delta, int i, int j, bool add, int[] meet)
    {
        var k = Key(i, j);
        var f = Flags[k];
        var m = meet[k];
        var s = add ? 1 : -1;
        if ((f & ForbiddenFlag) != 0) delta[ForbiddenLevel] += s;
        if ((f & RequiredFlag) != 0)
        {
            if (add && m == 0) delta[RequiredLevel]--;
            else if (!add && m == 1) delta[RequiredLevel]++;
        }

        if (add ? m >= 1 : m >= 2) delta[InSessionLevel] += s;
        if ((f & MetFlag) != 0)
        {
            delta[HistoryLevel] += s;
            delta[RecencyLevel] += s * Recency[k];
        }

        if ((f & SameOrgFlag) != 0) delta[OrgLevel] += s;
        if ((f & SameDealFlag) != 0) delta[DealLevel] += s;
        if ((f & SameTypeFlag) != 0) delta[TypeLevel] += s;
    }

    private static int IndexIn(IReadOnlyList<PairingCriterion> order, PairingCriterion c)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == c) return i;
        }

        throw new ArgumentException($"Criteria order lacks {c}.");
    }

    private static int[] Classes(IEnumerable<string> labels)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return labels.Select(l => ids.TryGetValue(l ?? string.Empty, out var id) ? id : ids[l ?? string.Empty] = ids.Count).ToArray();
    }
}
