namespace CityDealBot.Pairing;

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
        var participants = request.Participants;
        var n = participants.Count;
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++) index.TryAdd(participants[i].Id, i);
        var expectedSizes = SessionModel.SizesFor(n, request.GroupSize).OrderBy(s => s).ToList();
        var baseSize = request.GroupSize;

        // Dense per-pair tables (n² entries) keep this fast enough to run on every plan, even 500 people × 499 rounds.
        var dates = request.History.Select(h => h.LastMet).Distinct().Order().ToList();
        var pastTimes = new int[n * n];
        var pastLast = new DateOnly[n * n];
        foreach (var m in request.History.Where(m => m.Times > 0))
        {
            if (!index.TryGetValue(m.PersonA, out var a) || !index.TryGetValue(m.PersonB, out var b) || a == b) continue;
            var k = Key(a, b, n);
            if ((m.Times, m.LastMet).CompareTo((pastTimes[k], pastLast[k])) > 0)
            {
                pastTimes[k] = m.Times;
                pastLast[k] = m.LastMet;
            }
        }

        var forbidden = new bool[n * n];
        foreach (var p in request.ForbiddenPairs)
        {
            if (index.TryGetValue(p.PersonA, out var a) && index.TryGetValue(p.PersonB, out var b) && a != b) forbidden[Key(a, b, n)] = true;
        }

        var required = new HashSet<int>();
        foreach (var p in request.RequiredPairs)
        {
            if (index.TryGetValue(p.PersonA, out var a) && index.TryGetValue(p.PersonB, out var b) && a != b) required.Add(Key(a, b, n));
        }

        var seen = new int[n * n];
        var newContacts = new int[n];
        var enlargedSeats = new int[n];
        int total = 0, inSession = 0, history = 0, sameOrg = 0, sameDeal = 0, sameType = 0, forbiddenHits = 0;
        long recency = 0;

        if (rounds.Count != request.Rounds) problems.Add($"expected {request.Rounds} rounds, got {rounds.Count}");
        var placedIn = new int[n];
        var members = new List<int>();
        foreach (var round in rounds)
        {
            Array.Clear(placedIn);
            var sizes = round.Groups.Select(g => g.Members.Count).OrderBy(s => s).ToList();
            if (!sizes.SequenceEqual(expectedSizes)) problems.Add($"round {round.Number}: group sizes {string.Join(",", sizes)} differ from the expected ones");
            foreach (var group in round.Groups)
            {
                members.Clear();
                foreach (var id in group.Members)
                {
                    if (!index.TryGetValue(id, out var i))
                    {
                        problems.Add($"round {round.Number}: unknown participant {id}");
                        continue;
                    }

                    if (placedIn[i]++ > 0)
                    {
                        problems.Add($"round {round.Number}: {id} placed twice");
                        continue;
                    }

                    if (SessionModel.IsOddTable(group.Members.Count, baseSize)) enlargedSeats[i]++;
                    members.Add(i);
                }

                for (var x = 0; x < members.Count; x++)
                {
                    for (var y = x + 1; y < members.Count; y++)
                    {
                        var a = members[x];
                        var b = members[y];
                        var k = Key(a, b, n);
                        total++;
                        if (seen[k]++ > 0) inSession++;
                        if (forbidden[k]) forbiddenHits++;
                        if (pastTimes[k] > 0)
                        {
                            history++;
                            recency += (pastTimes[k] - 1) * (dates.Count + 1) + dates.IndexOf(pastLast[k]) + 1;
                        }
                        else if (seen[k] == 1)
                        {
                            newContacts[a]++;
                            newContacts[b]++;
                        }

                        var pa = participants[a];
                        var pb = participants[b];
                        if (pa.Organisation == pb.Organisation) sameOrg++;
                        if (pa.Deal == pb.Deal) sameDeal++;
                        if (pa.OrganisationType == pb.OrganisationType) sameType++;
                    }
                }
            }

            var missing = Enumerable.Range(0, n).Where(i => placedIn[i] == 0).ToList();
            if (missing.Count > 0) problems.Add($"round {round.Number}: {missing.Count} participant(s) not placed, e.g. {participants[missing[0]].Id}");
        }

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
            RepeatedTrioSeats = enlargedSeats.Sum(c => Math.Max(0, c - 1)),
            ForbiddenViolations = forbiddenHits,
            RequiredMissing = required.Count(k => seen[k] == 0),
            MinNewContacts = n == 0 ? 0 : newContacts.Min(),
            MaxNewContacts = n == 0 ? 0 : newContacts.Max(),
        };
    }

    private static int Key(int a, int b, int n) => a < b ? a * n + b : b * n + a;

}
