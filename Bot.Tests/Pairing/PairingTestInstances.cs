using System.Globalization;
using CityDealBot.Pairing;

namespace CityDealBot.Tests.Pairing;

/// <summary>Seeded random CoP-like sessions for property tests: deals, organisations, types and earlier meetings.</summary>
internal static class PairingTestInstances
{
    public static SpeeddateRequest Random(int n, int rounds, int groupSize, double historyDensity, int seed, int forbidden = 0, int required = 0)
    {
        var random = new Random(seed);
        string[] types = ["municipality", "ministry", "knowledge", "company"];
        var people = Enumerable.Range(0, n).Select(i =>
        {
            var deal = random.Next(Math.Max(2, n / 5));
            var type = types[random.Next(types.Length)];
            return new SpeeddateParticipant(Id(i), "deal" + deal, type + random.Next(3), type);
        }).ToList();
        var history = new List<PastMeeting>();
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                if (random.NextDouble() < historyDensity)
                {
                    history.Add(new PastMeeting(Id(a), Id(b), 1 + random.Next(2), new DateOnly(2025, 1, 1).AddDays(30 * random.Next(6))));
                }
            }
        }

        var pairs = new HashSet<(int, int)>();
        while (pairs.Count < forbidden + required)
        {
            var a = random.Next(n);
            var b = random.Next(n);
            if (a != b) pairs.Add((Math.Min(a, b), Math.Max(a, b)));
        }

        var chosen = pairs.OrderBy(p => p).ToList();
        return new SpeeddateRequest
        {
            Participants = people,
            History = history,
            Rounds = rounds,
            GroupSize = groupSize,
            Seed = seed,
            ForbiddenPairs = chosen.Take(forbidden).Select(p => new ParticipantPair(Id(p.Item1), Id(p.Item2))).ToList(),
            RequiredPairs = chosen.Skip(forbidden).Select(p => new ParticipantPair(Id(p.Item1), Id(p.Item2))).ToList(),
        };
    }

    public static string Id(int index) => "p" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>All unordered pairs that sit together in some group of the rounds, with how often.</summary>
    public static Dictionary<(string, string), int> PairCounts(IEnumerable<SpeeddateRound> rounds)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var group in rounds.SelectMany(r => r.Groups))
        {
            for (var x = 0; x < group.Members.Count; x++)
            {
                for (var y = x + 1; y < group.Members.Count; y++)
                {
                    var key = Ordered(group.Members[x], group.Members[y]);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return counts;
    }

    public static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
