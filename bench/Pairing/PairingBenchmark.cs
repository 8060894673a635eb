using System.Diagnostics;
using System.Globalization;
using System.Text;
using CityDealBot.Pairing;

namespace CityDealBot.Bench.Pairing;

/// <summary>
/// The whole suite (pairing.md §7): realistic CoP instances for the engine and both baselines, then the
/// classic Social Golfer tiers. Every metric comes from <see cref="SpeeddatePlanChecker"/>, never from the solver.
/// </summary>
internal static class PairingBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var seeds = 10;
        var sgpSeeds = 2;
        var skipGolfers = false;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seeds" && i + 1 < args.Length) seeds = int.Parse(args[++i], Invariant);
            else if (args[i] == "--golfer-seeds" && i + 1 < args.Length) sgpSeeds = int.Parse(args[++i], Invariant);
            else if (args[i] == "--quick") { seeds = 3; sgpSeeds = 1; }
            else if (args[i] == "--no-golfers") skipGolfers = true;
            else if (args[i] == "--golfers-only") seeds = 0;
            else if (args[i] == "--only" && i + 1 < args.Length) only = args[++i];
        }

        // Warm the JIT so the timings show a running bot, not a cold start.
        SpeeddatePlanner.Plan(CopInstanceGenerator.Create("warmup", 60, 10, 3, 2, 1).Request);

        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Seeds per instance: {seeds} (engine and baselines); machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        output.AppendLine();
        output.AppendLine("| instance | n | R | s | bound: hist rep / org / deal / type / spread | solver | in-session rep (max) | hist rep (max) | cross-org % (min) | cross-deal % (min) | cross-type % (min) | spread (max) | trio twice (max) | p50 s | p95 s | p95 CPU s | targets |");
        output.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Console.Error.WriteLine("CoP suite ...");
        foreach (var instance in seeds > 0 ? CopSuite().Where(x => only is null || x.Name.Contains(only, StringComparison.OrdinalIgnoreCase)) : [])
        {
            var bounds = SpeeddateLowerBounds.Compute(instance.Request);
            output.Append(Row(instance, bounds, "engine", seed => Timed(() => SpeeddatePlanner.Plan(instance.Request with { Seed = seed }).Rounds), seeds));
            output.Append(Row(instance, bounds, "random", seed => Timed(() => Baselines.RandomShuffle(instance.Request, seed)), seeds));
            output.Append(Row(instance, bounds, "greedy-avoid", seed => Timed(() => Baselines.GreedyAvoid(instance.Request, seed)), seeds));
            Console.Error.WriteLine($"  {instance.Name} done");
        }

        Console.WriteLine(output.ToString());
        if (!skipGolfers) SocialGolferSuite.Run(sgpSeeds, Console.Out);
        return 0;
    }

    internal static IEnumerable<PairingInstance> CopSuite()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "instances");
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal)) yield return PairingInstance.Load(file);
        yield return CopInstanceGenerator.Create("G-S24-4h", 24, 10, 3, 4, 101);
        yield return CopInstanceGenerator.Create("G-S25-4h", 25, 10, 3, 4, 102);
        yield return CopInstanceGenerator.Create("G-M60-3h-4r", 60, 15, 4, 3, 103);
        yield return CopInstanceGenerator.Create("G-M61-3h-4r", 61, 15, 4, 3, 104);
        yield return CopInstanceGenerator.Create("G-L150-3h-3r", 150, 25, 3, 3, 105);
        yield return CopInstanceGenerator.Create("G-L151-3h-6r", 151, 25, 6, 3, 106);
        yield return CopInstanceGenerator.Create("G-XL500-2h-4r", 500, 30, 4, 2, 107);
        yield return CopInstanceGenerator.Create("G-XL501-2h-3r", 501, 30, 3, 2, 108);
        yield return CopInstanceGenerator.Create("G-D60-dominant", 60, 12, 3, 2, 109, dominantDealShare: 0.6);
        // Trio mode (groupSize 3): tables of 3 and 2 only, as at the CoP of 25 March 2025; 17 people = five trios and one pair.
        yield return CopInstanceGenerator.Create("G-Trio17-cop", 17, 8, 3, 2, 113, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Trio24-4h", 24, 10, 3, 4, 114, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Trio25-4h", 25, 10, 3, 4, 115, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Trio40-3h-6r", 40, 12, 6, 3, 116, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Trio60-s3", 60, 15, 4, 3, 110, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Trio61-s3", 61, 15, 4, 3, 111, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Trio151-3h-3r", 151, 25, 3, 3, 117, groupSize: 3);
        yield return CopInstanceGenerator.Create("G-Quad61-s4", 61, 15, 3, 3, 112, groupSize: 4);
    }

    private static (IReadOnlyList<SpeeddateRound> Rounds, double Seconds, double CpuSeconds) Timed(Func<IReadOnlyList<SpeeddateRound>> solve)
    {
        // CPU time next to wall time: on a shared 2-core machine the wall clock also measures other people's builds.
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var rounds = solve();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (rounds, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static string Row(PairingInstance instance, SpeeddateBounds bounds, string solver, Func<int, (IReadOnlyList<SpeeddateRound> Rounds, double Seconds, double CpuSeconds)> run, int seeds)
    {
        var scores = new List<SpeeddateScore>();
        var times = new List<double>();
        var cpu = new List<double>();
        for (var seed = 0; seed < seeds; seed++)
        {
            var (rounds, seconds, cpuSeconds) = run(seed);
            scores.Add(SpeeddatePlanChecker.Score(instance.Request, rounds));
            times.Add(seconds);
            cpu.Add(cpuSeconds);
        }

        times.Sort();
        cpu.Sort();
        var request = instance.Request;
        var worst = new
        {
            InSession = scores.Max(s => s.InSessionRepeats),
            History = scores.Max(s => s.HistoryRepeats),
            Org = scores.Min(s => s.CrossOrganisationShare),
            Deal = scores.Min(s => s.CrossDealShare),
            Type = scores.Min(s => s.CrossTypeShare),
            Spread = scores.Max(s => s.NewContactSpread),
            Trio = scores.Max(s => s.RepeatedTrioSeats),
        };
        var valid = scores.All(s => s.IsValid);
        var p50 = times[times.Count / 2];
        var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
        var cpu95 = cpu[Math.Min(cpu.Count - 1, (int)Math.Ceiling(0.95 * cpu.Count) - 1)];
        var timeTarget = request.Participants.Count <= 150 ? 0.25 : 1.0;
        var misses = new List<string>();
        if (!valid) misses.Add("INVALID");
        if (worst.InSession > bounds.InSessionRepeats) misses.Add("in-session");
        if (worst.History > bounds.HistoryRepeats) misses.Add($"rep+{worst.History - bounds.HistoryRepeats}");
        if (bounds.HistoryRepeats == 0)
        {
            if (worst.Org < OrderedShare(bounds, bounds.OrderedSameOrganisationPairs) - 1e-9) misses.Add($"org−{Pct(OrderedShare(bounds, bounds.OrderedSameOrganisationPairs) - worst.Org)}");
            if (worst.Deal < OrderedShare(bounds, bounds.OrderedSameDealPairs) - 1e-9) misses.Add($"deal−{Pct(OrderedShare(bounds, bounds.OrderedSameDealPairs) - worst.Deal)}");
        }

        // With forced repeats the attribute and fairness bounds ignore the repeat coupling: report only (pairing.md §7b).
        if (bounds.HistoryRepeats == 0)
        {
            if (worst.Type < OrderedShare(bounds, bounds.OrderedSameTypePairs) - 0.01 - 1e-9) misses.Add($"type−{Pct(OrderedShare(bounds, bounds.OrderedSameTypePairs) - worst.Type)}");
            if (worst.Spread > bounds.NewContactSpread) misses.Add($"spread {worst.Spread}");
            if (worst.Trio > bounds.RepeatedTrioSeats) misses.Add("trio twice");
        }
        if (p95 > timeTarget) misses.Add("time");
        var boundText = solver == "engine"
            ? $"{bounds.HistoryRepeats} / {BoundPct(bounds, bounds.SameOrganisationPairs, bounds.OrderedSameOrganisationPairs)} / {BoundPct(bounds, bounds.SameDealPairs, bounds.OrderedSameDealPairs)} / {BoundPct(bounds, bounds.SameTypePairs, bounds.OrderedSameTypePairs)} / {bounds.NewContactSpread}"
            : string.Empty;
        var head = solver == "engine"
            ? $"| {instance.Name} | {request.Participants.Count} | {request.Rounds} | {request.GroupSize} | {boundText} "
            : "| | | | | ";
        var solverName = solver == "engine" ? "**engine**" : solver;
        return head + string.Create(Invariant,
            $"| {solverName} | {worst.InSession} | {worst.History} | {Pct(worst.Org)} | {Pct(worst.Deal)} | {Pct(worst.Type)} | {worst.Spread} | {worst.Trio} | {p50:0.000} | {p95:0.000} | {cpu95:0.000} | {(misses.Count == 0 ? "all met" : string.Join(", ", misses))} |")
            + Environment.NewLine;
    }

    private static string Pct(double share) => (100 * share).ToString("0.0", Invariant);

    private static double OrderedShare(SpeeddateBounds bounds, int same) => bounds.TotalPairs == 0 ? 1.0 : 1.0 - (double)same / bounds.TotalPairs;

    /// <summary>The single-metric bound, and the ordered bound after an arrow where the degree count makes it tighter.</summary>
    private static string BoundPct(SpeeddateBounds bounds, int single, int ordered) =>
        ordered == single ? Pct(OrderedShare(bounds, single)) : $"{Pct(OrderedShare(bounds, single))}→{Pct(OrderedShare(bounds, ordered))}";
}
