using System.Diagnostics;
using System.Globalization;
using System.Text;
using CityDealBot.Pairing;
using CityDealBot.Tests.Pairing;

namespace CityDealBot.Bench.Pairing;

/// <summary>
/// Long sessions (9–11 rounds, 22–24 people): the engine against the optimum CP-SAT certifies level by level
/// (history repeats, then organisation, deal and type in the default order), instead of against the single-metric
/// bounds that ignore how many rounds without a repeat leave little choice.
/// </summary>
internal static class LongSessionSuite
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The calibration file T24-11r-cold and generated sessions of 22–24 people over 9–11 rounds, cold or after two sessions.</summary>
    public static IEnumerable<PairingInstance> Instances(string instanceDirectory)
    {
        yield return PairingInstance.Load(Path.Combine(instanceDirectory, "inst_T24-11r-cold.json"));
        yield return CopInstanceGenerator.Create("G-L22-9r", 22, 8, 9, 0, 201);
        yield return CopInstanceGenerator.Create("G-L22-11r-2h", 22, 8, 11, 2, 202);
        yield return CopInstanceGenerator.Create("G-L23-10r", 23, 8, 10, 0, 203);
        yield return CopInstanceGenerator.Create("G-L23-11r-2h", 23, 8, 11, 2, 204);
        yield return CopInstanceGenerator.Create("G-L24-9r-2h", 24, 9, 9, 2, 205);
        yield return CopInstanceGenerator.Create("G-L24-10r", 24, 9, 10, 0, 206);
        yield return CopInstanceGenerator.Create("G-L24-11r", 24, 9, 11, 0, 207);
    }

    public static int Run(string[] args)
    {
        var seeds = 10;
        var seconds = 60.0;
        string? only = null;
        long? moves = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seeds" && i + 1 < args.Length) seeds = int.Parse(args[++i], Invariant);
            else if (args[i] == "--seconds" && i + 1 < args.Length) seconds = double.Parse(args[++i], Invariant);
            else if (args[i] == "--only" && i + 1 < args.Length) only = args[++i];
            else if (args[i] == "--moves" && i + 1 < args.Length) moves = long.Parse(args[++i], Invariant);
        }

        SpeeddatePlanner.Plan(CopInstanceGenerator.Create("warmup", 24, 8, 4, 0, 1).Request);
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Seeds per instance: {seeds}; CP-SAT: 2 workers, at most {seconds} s per level; machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        output.AppendLine();
        output.AppendLine("| instance | n | R | pairs | single-metric bound: hist rep / org / deal / type % | ordered bound: type % | CP-SAT optimum: hist rep / org / deal / type % (s) | engine: hist rep / org / deal (worst) | engine type % (worst / best) | gap to optimum (pp, worst) | engine p95 s | p95 CPU s |");
        output.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var instance in Instances(Path.Combine(AppContext.BaseDirectory, "instances")).Where(x => only is null || x.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            Console.Error.WriteLine($"  {instance.Name} ...");
            var request = instance.Request;
            var scores = new List<SpeeddateScore>();
            var times = new List<double>();
            var cpu = new List<double>();
            var process = Process.GetCurrentProcess();
            IReadOnlyList<SpeeddateRound>? hint = null;
            SpeeddateBounds? bounds = null;
            for (var seed = 0; seed < seeds; seed++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var plan = SpeeddatePlanner.Plan(request with { Seed = seed, MoveBudget = moves });
                times.Add(watch.Elapsed.TotalSeconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                var score = SpeeddatePlanChecker.Score(request, plan.Rounds);
                if (hint is null || Better(score, scores.Last())) hint = plan.Rounds;
                scores.Add(score);
                bounds = plan.Bounds;
            }

            if (!scores.All(s => s.IsValid)) throw new InvalidOperationException($"{instance.Name}: the engine produced an invalid plan.");
            var exact = seconds > 0 ? ExactSessionOptimum.Solve(request, seconds, hint) : [];
            times.Sort();
            cpu.Sort();
            var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
            var cpu95 = cpu[Math.Min(cpu.Count - 1, (int)Math.Ceiling(0.95 * cpu.Count) - 1)];
            var total = bounds!.TotalPairs;
            var type = exact.FirstOrDefault(l => l.Level == "type");
            var worstType = scores.Max(s => s.SameTypePairs);
            var bestType = scores.Min(s => s.SameTypePairs);
            var earlierMet = scores.All(s => s.HistoryRepeats == Value(exact, "history") && s.SameOrganisationPairs == Value(exact, "organisation") && s.SameDealPairs == Value(exact, "deal"));
            var gap = type is { Proven: true } && earlierMet ? Pct(total, type.Value) - Pct(total, worstType) : double.NaN;
            output.AppendLine(string.Create(Invariant,
                $"| {instance.Name} | {request.Participants.Count} | {request.Rounds} | {total} | {bounds.HistoryRepeats} / {Share(total, bounds.SameOrganisationPairs)} / {Share(total, bounds.SameDealPairs)} / {Share(total, bounds.SameTypePairs)} | {Share(total, bounds.OrderedSameTypePairs)} | {string.Join(" / ", exact.Select(l => Describe(l, total)))} ({exact.Sum(l => l.Seconds):0.0}) | {scores.Max(s => s.HistoryRepeats)} / {Share(total, scores.Max(s => s.SameOrganisationPairs))} / {Share(total, scores.Max(s => s.SameDealPairs))} | {Share(total, worstType)} / {Share(total, bestType)} | {(double.IsNaN(gap) ? "not certified" : gap.ToString("0.0", Invariant))} | {p95:0.000} | {cpu95:0.000} |"));
        }

        Console.WriteLine(output.ToString());
        return 0;
    }

    private static bool Better(SpeeddateScore a, SpeeddateScore b) =>
        (a.HistoryRepeats, a.SameOrganisationPairs, a.SameDealPairs, a.SameTypePairs).CompareTo((b.HistoryRepeats, b.SameOrganisationPairs, b.SameDealPairs, b.SameTypePairs)) < 0;

    private static long Value(IReadOnlyList<ExactLevel> levels, string name) => levels.FirstOrDefault(l => l.Level == name && l.Proven)?.Value ?? -1;

    private static string Describe(ExactLevel level, int total)
    {
        var isCount = level.Level == "history";
        string Text(long v) => isCount ? v.ToString(Invariant) : Share(total, v);
        if (level.Proven) return Text(level.Value);
        // Unproven: the interval between the best plan found and the proven bound (shares: best ≤ optimum ≤ bound).
        return level.Value < 0 ? $"? (≥ {Text(level.Bound)})" : $"{Text(level.Value)}…{Text(level.Bound)}?";
    }

    private static double Pct(int total, long same) => 100.0 * (total - same) / total;

    private static string Share(int total, long same) => Pct(total, same).ToString("0.0", Invariant);
}
