using CityDealBot.Pairing;

namespace CityDealBot.Bench.Pairing;

/// <summary>
/// What current bots do (pairing.md §4–5): a plain shuffle (Icebreaker main) and a greedy history-avoider
/// (Icebreaker v2 / slack-meetups: take the first free person not met before, else anyone). Both use the
/// same table sizes as the engine (one trio for odd n) so the checker can compare like with like.
/// </summary>
internal static class Baselines
{
    public static IReadOnlyList<SpeeddateRound> RandomShuffle(SpeeddateRequest request, int seed)
    {
        var random = new Random(seed);
        var sizes = SizesLargestFirst(request);
        var rounds = new List<SpeeddateRound>();
        for (var r = 0; r < request.Rounds; r++)
        {
            var order = request.Participants.Select(p => p.Id).ToArray();
            random.Shuffle(order);
            var groups = new List<SpeeddateGroup>();
            var offset = 0;
            foreach (var size in sizes)
            {
                groups.Add(new SpeeddateGroup(order[offset..(offset + size)]));
                offset += size;
            }

            rounds.Add(new SpeeddateRound(r + 1, groups));
        }

        return rounds;
    }

    public static IReadOnlyList<SpeeddateRound> GreedyAvoid(SpeeddateRequest request, int seed)
    {
        var random = new Random(seed);
        var sizes = SizesLargestFirst(request);
        var met = new HashSet<(string, string)>();
        foreach (var m in request.History.Where(m => m.Times > 0)) met.Add(Ordered(m.PersonA, m.PersonB));
        var rounds = new List<SpeeddateRound>();
        for (var r = 0; r < request.Rounds; r++)
        {
            var order = request.Participants.Select(p => p.Id).ToList();
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
            var free = new List<string>(order);
            var groups = new List<SpeeddateGroup>();
            foreach (var size in sizes)
            {
                var group = new List<string> { free[0] };
                free.RemoveAt(0);
                while (group.Count < size)
                {
                    var pick = free.FindIndex(c => group.All(m => !met.Contains(Ordered(c, m))));
                    if (pick < 0) pick = 0;
                    group.Add(free[pick]);
                    free.RemoveAt(pick);
                }

                for (var x = 0; x < group.Count; x++)
                {
                    for (var y = x + 1; y < group.Count; y++) met.Add(Ordered(group[x], group[y]));
                }

                groups.Add(new SpeeddateGroup(group));
            }

            rounds.Add(new SpeeddateRound(r + 1, groups));
        }

        return rounds;
    }

    private static IReadOnlyList<int> SizesLargestFirst(SpeeddateRequest request) => SpeeddatePlanner.TableSizes(request.Participants.Count, request.GroupSize);

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
