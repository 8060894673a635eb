using CityDealBot.Pairing;

namespace CityDealBot.Bench.Pairing;

/// <summary>
/// Reproducible CoP instances after the semantics of the research calibration (pairing.md §6.2):
/// Zipf-like deal sizes, organisation types municipality 50 %, ministry 20 %, knowledge institute 18 %,
/// company 12 %, ministries and knowledge institutes shared across deals, and a history of earlier
/// sessions (≈70 % attendance, 3 rounds each) planned by the greedy history-avoider.
/// </summary>
internal static class CopInstanceGenerator
{
    public static PairingInstance Create(string name, int n, int deals, int rounds, int priorSessions, int seed, double dominantDealShare = 0, int groupSize = 2)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, deals).Select(k => 1.0 / Math.Pow(k + 1, 0.8)).ToArray();
        var dealOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (i < deals) dealOf[i] = i;
            else if (dominantDealShare > 0 && random.NextDouble() < dominantDealShare) dealOf[i] = 0;
            else dealOf[i] = Pick(random, weights);
        }

        random.Shuffle(dealOf);
        var people = new List<SpeeddateParticipant>(n);
        for (var i = 0; i < n; i++)
        {
            var roll = random.NextDouble();
            var deal = dealOf[i];
            var (type, org) = roll switch
            {
                < 0.50 => ("municipality", $"mun{deal}_{random.Next(2)}"),
                < 0.70 => ("ministry", $"min{random.Next(4)}"),
                < 0.88 => ("knowledge", $"kis{random.Next(3)}"),
                _ => ("company", $"co{deal}_{random.Next(3)}"),
            };
            people.Add(new SpeeddateParticipant(PairingInstance.Id(i), $"deal{deal}", org, type));
        }

        var history = new Dictionary<(int, int), (int Times, DateOnly Last)>();
        for (var session = 0; session < priorSessions; session++)
        {
            var date = new DateOnly(2025, 1, 15).AddDays(42 * session);
            var present = Enumerable.Range(0, n).Where(_ => random.NextDouble() < 0.7).ToList();
            if (present.Count < 2) continue;
            var past = history.Select(h => new PastMeeting(PairingInstance.Id(h.Key.Item1), PairingInstance.Id(h.Key.Item2), h.Value.Times, h.Value.Last)).ToList();
            var request = new SpeeddateRequest { Participants = present.Select(i => people[i]).ToList(), History = past, Rounds = 3, GroupSize = groupSize };
            foreach (var round in Baselines.GreedyAvoid(request, random.Next()))
            {
                foreach (var group in round.Groups)
                {
                    for (var x = 0; x < group.Members.Count; x++)
                    {
                        for (var y = x + 1; y < group.Members.Count; y++)
                        {
                            var a = int.Parse(group.Members[x], System.Globalization.CultureInfo.InvariantCulture);
                            var b = int.Parse(group.Members[y], System.Globalization.CultureInfo.InvariantCulture);
                            var key = (Math.Min(a, b), Math.Max(a, b));
                            history[key] = (history.GetValueOrDefault(key).Times + 1, date);
                        }
                    }
                }
            }
        }

        var meetings = history.OrderBy(h => h.Key).Select(h => new PastMeeting(PairingInstance.Id(h.Key.Item1), PairingInstance.Id(h.Key.Item2), h.Value.Times, h.Value.Last)).ToList();
        return new PairingInstance(name, new SpeeddateRequest { Participants = people, History = meetings, Rounds = rounds, GroupSize = groupSize });
    }

    private static int Pick(Random random, double[] weights)
    {
        var roll = random.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length; k++)
        {
            roll -= weights[k];
            if (roll < 0) return k;
        }

        return weights.Length - 1;
    }
}
