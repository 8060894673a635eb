namespace CityDealBot.Pairing;

/// <summary>Result of re-planning one round after no-shows and latecomers.</summary>
/// <param name="Round">The round to run instead of the planned one.</param>
/// <param name="ChangedGroups">Groups that differ from the planned round (new, altered or dissolved; the larger count of both sides).</param>
/// <param name="AddedRepeats">New pairs that met before (earlier sessions or another round of this one); 0 unless unavoidable.</param>
public sealed record SpeeddateReplan(SpeeddateRound Round, int ChangedGroups, int AddedRepeats);

/// <summary>
/// Local repair of one round: untouched groups stay as they are, people left alone by no-shows and
/// latecomers are placed one by one (the most constrained first) with a new partner or at an existing
/// table, never creating a repeat when a repeat-free choice exists. In trio mode a full trio may give up one
/// member to pair with the newcomer, so no table of four appears. Each no-show or latecomer therefore
/// changes at most two groups.
/// </summary>
public static class SpeeddateReplanner
{
    public static SpeeddateReplan Replan(
        SpeeddateRequest request,
        IReadOnlyList<SpeeddateRound> plannedRounds,
        int roundIndex,
        IReadOnlyCollection<string> noShows,
        IReadOnlyList<SpeeddateParticipant> latecomers)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plannedRounds);
        ArgumentNullException.ThrowIfNull(noShows);
        ArgumentNullException.ThrowIfNull(latecomers);
        if (roundIndex < 0 || roundIndex >= plannedRounds.Count) throw new ArgumentOutOfRangeException(nameof(roundIndex));

        var people = request.Participants.Concat(latecomers).GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var met = new HashSet<(string, string)>();
        foreach (var m in request.History.Where(m => m.Times > 0)) met.Add(Ordered(m.PersonA, m.PersonB));
        for (var r = 0; r < plannedRounds.Count; r++)
        {
            if (r == roundIndex) continue;
            foreach (var group in plannedRounds[r].Groups) AddPairs(met, group.Members);
        }

        var forbidden = request.ForbiddenPairs.Select(p => Ordered(p.PersonA, p.PersonB)).ToHashSet();
        var absent = noShows.ToHashSet(StringComparer.Ordinal);
        var planned = plannedRounds[roundIndex];
        var minSize = Math.Max(2, request.GroupSize - 1);
        // Trio mode never seats four: a full table gives up one member to pair with the newcomer instead.
        var trioMode = request.GroupSize == 3;
        var maxSize = trioMode ? 3 : request.GroupSize + 1;

        var groups = new List<List<string>>();
        var touched = new List<bool>();
        var pool = new List<string>();
        foreach (var group in planned.Groups)
        {
            var staying = group.Members.Where(m => !absent.Contains(m)).ToList();
            if (staying.Count == group.Members.Count)
            {
                groups.Add(staying);
                touched.Add(false);
            }
            else if (staying.Count >= minSize)
            {
                groups.Add(staying);
                touched.Add(true);
            }
            else
            {
                pool.AddRange(staying);
            }
        }

        var placedAlready = groups.SelectMany(g => g).Concat(pool).ToHashSet(StringComparer.Ordinal);
        pool.AddRange(latecomers.Select(l => l.Id).Where(id => !absent.Contains(id) && !placedAlready.Contains(id)));
        var latecomerIds = latecomers.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);

        int Conflicts(string person, IEnumerable<string> others) =>
            others.Sum(o => (forbidden.Contains(Ordered(person, o)) ? 1000 : 0) + (met.Contains(Ordered(person, o)) ? 1 : 0));

        int Soft(string person, IEnumerable<string> others)
        {
            var p = people[person];
            var cost = 0;
            foreach (var o in others.Select(o => people[o]))
            {
                for (var level = 0; level < request.CriteriaOrder.Count; level++)
                {
                    var same = request.CriteriaOrder[level] switch
                    {
                        PairingCriterion.DifferentOrganisation => p.Organisation == o.Organisation,
                        PairingCriterion.DifferentDeal => p.Deal == o.Deal,
                        PairingCriterion.DifferentOrganisationType => p.OrganisationType == o.OrganisationType,
                        _ => false,
                    };
                    if (same) cost += 1 << (2 * (3 - level));
                }
            }

            return cost;
        }

        while (pool.Count > 0)
        {
            // Most constrained first: the person with the fewest repeat-free places.
            var person = pool
                .OrderBy(p => groups.Count(g => g.Count < maxSize && Conflicts(p, g) == 0) + pool.Count(q => q != p && Conflicts(p, [q]) == 0))
                .ThenBy(p => p, StringComparer.Ordinal)
                .First();
            pool.Remove(person);

            (int Repeats, int Changes, int Enlarged, int Soft, int Group, string? Partner) best = (int.MaxValue, 0, 0, 0, -1, null);
            foreach (var partner in pool)
            {
                var option = (Conflicts(person, [partner]), latecomerIds.Contains(person) && latecomerIds.Contains(partner) ? 1 : 0, 0, Soft(person, [partner]), -1, (string?)partner);
                if (Better(option, best)) best = option;
            }

            for (var g = 0; g < groups.Count; g++)
            {
                var full = groups[g].Count >= maxSize;
                var option = (Conflicts(person, groups[g]) + (full ? 10_000 : 0), touched[g] ? 0 : 1, groups[g].Count + 1 > request.GroupSize ? 1 : 0, Soft(person, groups[g]), g, (string?)null);
                if (Better(option, best)) best = option;
                if (!trioMode || !full) continue;
                foreach (var member in groups[g])
                {
                    var split = (Conflicts(person, [member]), (touched[g] ? 0 : 1) + 1, 0, Soft(person, [member]), g, (string?)member);
                    if (Better(split, best)) best = split;
                }
            }

            if (best.Partner is string pulled && best.Group >= 0)
            {
                groups[best.Group].Remove(pulled);
                touched[best.Group] = true;
                groups.Add([person, pulled]);
                touched.Add(true);
            }
            else if (best.Partner is string mate)
            {
                pool.Remove(mate);
                groups.Add([person, mate]);
                touched.Add(true);
            }
            else if (best.Group >= 0)
            {
                groups[best.Group].Add(person);
                touched[best.Group] = true;
            }
            else
            {
                groups.Add([person]);
                touched.Add(true);
            }
        }

        var round = new SpeeddateRound(planned.Number, groups.Select(g => new SpeeddateGroup(g)).ToList());
        var before = planned.Groups.Select(g => Key(g.Members)).ToList();
        var after = round.Groups.Select(g => Key(g.Members)).ToList();
        var changed = Math.Max(before.Except(after).Count(), after.Except(before).Count());
        var oldPairs = new HashSet<(string, string)>();
        foreach (var group in planned.Groups) AddPairs(oldPairs, group.Members);
        var added = 0;
        foreach (var group in round.Groups)
        {
            for (var x = 0; x < group.Members.Count; x++)
            {
                for (var y = x + 1; y < group.Members.Count; y++)
                {
                    var pair = Ordered(group.Members[x], group.Members[y]);
                    if (!oldPairs.Contains(pair) && met.Contains(pair)) added++;
                }
            }
        }

        return new SpeeddateReplan(round, changed, added);
    }

    private static bool Better((int Repeats, int Changes, int Enlarged, int Soft, int Group, string? Partner) x, (int Repeats, int Changes, int Enlarged, int Soft, int Group, string? Partner) y) =>
        (x.Repeats, x.Changes, x.Enlarged, x.Soft).CompareTo((y.Repeats, y.Changes, y.Enlarged, y.Soft)) < 0;

    private static string Key(IEnumerable<string> members) => string.Join('\u001f', members.Order(StringComparer.Ordinal));

    private static void AddPairs(HashSet<(string, string)> set, IReadOnlyList<string> members)
    {
        for (var x = 0; x < members.Count; x++)
        {
            for (var y = x + 1; y < members.Count; y++) set.Add(Ordered(members[x], members[y]));
        }
    }

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
