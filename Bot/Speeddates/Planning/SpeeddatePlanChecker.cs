namespace CityDealBot.Speeddates.Planning;

/// <summary>
/// Recomputes every metric of a schedule from its groups and the request alone; it shares no state with
/// the planner, so the benchmark and the tests never rely on the solver's own numbers.
/// </summary>
public static class SpeeddatePlanChecker
{
    public static SpeeddateScore Score(SpeeddateRequest request, IReadOnlyList<SpeeddateRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rounds);
        var problems = new List<string>();
        var people = request.Participants.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var expectedSizes = SessionModel.SizesFor(people.Count, request.GroupSize).OrderBy(s => s).ToList();
        var baseSize = request.GroupSize;

        var past = new Dictionary<(string, string), PastMeeting>();
        foreach (var m in request.History.Where(m => m.Times > 0))
        {
            var key = Ordered(m.PersonA, m.PersonB);
            if (!past.TryGetValue(key, out var known) || (m.Times, m.LastMet).CompareTo((known.Times, known.LastMet)) > 0) past[key] = m;
        }

        var dates = request.History.Select(h => h.LastMet).Distinct().Order().ToList();
        var forbidden = request.ForbiddenPairs.Select(p => Ordered(p.PersonA, p.PersonB)).ToHashSet();
        var required = request.RequiredPairs.Select(p => Ordered(p.PersonA, p.PersonB)).Where(p => p.Item1 != p.Item2).ToHashSet();

        var seen = new Dictionary<(string, string), int>();
        var newPartners = people.Keys.ToDictionary(id => id, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var enlargedSeats = people.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        int total = 0, inSession = 0, history = 0, sameOrg = 0, sameDeal = 0, sameType = 0, forbiddenHits = 0;
        long recency = 0;

        if (rounds.Count != request.Rounds) problems.Add($"expected {request.Rounds} rounds, got {rounds.Count}");
        foreach (var round in rounds)
        {
            var placed = new HashSet<string>(StringComparer.Ordinal);
            var sizes = round.Groups.Select(g => g.Members.Count).OrderBy(s => s).ToList();
            if (!sizes.SequenceEqual(expectedSizes)) problems.Add($"round {round.Number}: group sizes {string.Join(",", sizes)} differ from the expected ones");
            foreach (var group in round.Groups)
            {
                foreach (var id in group.Members)
                {
                    if (!people.ContainsKey(id)) problems.Add($"round {round.Number}: unknown participant {id}");
                    else if (!placed.Add(id)) problems.Add($"round {round.Number}: {id} placed twice");
                    else if (group.Members.Count > baseSize) enlargedSeats[id]++;
                }

                for (var x = 0; x < group.Members.Count; x++)
                {
                    for (var y = x + 1; y < group.Members.Count; y++)
                    {
                        var a = group.Members[x];
                        var b = group.Members[y];
                        if (!people.TryGetValue(a, out var pa) || !people.TryGetValue(b, out var pb) || a == b) continue;
                        total++;
                        var key = Ordered(a, b);
                        var times = seen.GetValueOrDefault(key);
                        if (times > 0) inSession++;
                        seen[key] = times + 1;
                        if (forbidden.Contains(key)) forbiddenHits++;
                        if (past.TryGetValue(key, out var met))
                        {
                            history++;
                            recency += (met.Times - 1) * (dates.Count + 1) + dates.IndexOf(met.LastMet) + 1;
                        }
                        else
                        {
                            newPartners[a].Add(b);
                            newPartners[b].Add(a);
                        }

                        if (pa.Organisation == pb.Organisation) sameOrg++;
                        if (pa.Deal == pb.Deal) sameDeal++;
                        if (pa.OrganisationType == pb.OrganisationType) sameType++;
                    }
                }
            }

            var missing = people.Keys.Where(id => !placed.Contains(id)).ToList();
            if (missing.Count > 0) problems.Add($"round {round.Number}: {missing.Count} participant(s) not placed, e.g. {missing[0]}");
        }

        var contacts = newPartners.Values.Select(s => s.Count).DefaultIfEmpty(0).ToList();
        return new SpeeddateScore
        {
            IsValid = problems.Count == 0,
            Problems = problems,
            TotalPairs = total,
            InSessionRepeats = inSession,
            HistoryRepeats = history,
            RecencyCost = recency,
            SameOrganisationPairs = sameOrg,
            SameDealPairs = sameDeal,
            SameTypePairs = sameType,
            RepeatedTrioSeats = enlargedSeats.Values.Sum(c => Math.Max(0, c - 1)),
            ForbiddenViolations = forbiddenHits,
            RequiredMissing = required.Count(p => !seen.ContainsKey(p)),
            MinNewContacts = contacts.Min(),
            MaxNewContacts = contacts.Max(),
        };
    }

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
