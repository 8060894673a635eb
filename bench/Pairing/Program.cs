using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CityDealBot.Bench.Pairing;
using CityDealBot.Pairing;

return args.FirstOrDefault() switch
{
    "solve" => Solve(args[1..]),
    "bench" => PairingBenchmark.Run(args[1..]),
    "certify" => LongSessionSuite.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: solve --instance FILE [--seed N] [--time-limit SECONDS] | bench [--seeds N] [--quick] [--no-golfers] [--only NAME-PART] | certify [--seeds N] [--seconds PER-LEVEL] [--only NAME-PART]");
    return 2;
}

static int Solve(string[] args)
{
    string? file = null;
    var seed = 0;
    double? limit = null;
    for (var i = 0; i < args.Length - 1; i++)
    {
        switch (args[i])
        {
            case "--instance": file = args[++i]; break;
            case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--time-limit": limit = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        }
    }

    if (file is null) return Usage();
    var instance = PairingInstance.Load(file);
    // With a time limit the search may use all of it while repeats are above their bound.
    var request = instance.Request with { Seed = seed, MoveBudget = limit is null ? null : long.MaxValue };
    // The bot plans in a long-running process: warm the JIT on a tiny session so "seconds" is planning time, not start-up.
    SpeeddatePlanner.Plan(new SpeeddateRequest
    {
        Participants = Enumerable.Range(0, 9).Select(i => new SpeeddateParticipant("w" + i, "d" + (i % 3), "o" + i, "t" + (i % 2))).ToList(),
        Rounds = 2,
        GroupSize = request.GroupSize,
    });
    using var cancellation = new CancellationTokenSource();
    if (limit is double seconds) cancellation.CancelAfter(TimeSpan.FromSeconds(Math.Max(0.001, seconds * 0.9)));
    var watch = Stopwatch.StartNew();
    var plan = SpeeddatePlanner.Plan(request, cancellation.Token);
    watch.Stop();
    var output = new
    {
        rounds = plan.Rounds.Select(r => r.Groups.Select(g => g.Members.Select(m => int.Parse(m, CultureInfo.InvariantCulture)).ToArray()).ToArray()).ToArray(),
        seconds = Math.Round(watch.Elapsed.TotalSeconds, 4),
        bounds = new
        {
            totalPairs = plan.Bounds.TotalPairs,
            inSessionRepeats = plan.Bounds.InSessionRepeats,
            historyRepeats = plan.Bounds.HistoryRepeats,
            crossOrganisationShare = plan.Bounds.CrossOrganisationShare,
            crossDealShare = plan.Bounds.CrossDealShare,
            crossTypeShare = plan.Bounds.CrossTypeShare,
            // For plans that meet every bound ranked above (see SpeeddateBounds.OrderedSameOrganisationPairs).
            orderedCrossOrganisationShare = Share(plan.Bounds.TotalPairs, plan.Bounds.OrderedSameOrganisationPairs),
            orderedCrossDealShare = Share(plan.Bounds.TotalPairs, plan.Bounds.OrderedSameDealPairs),
            orderedCrossTypeShare = Share(plan.Bounds.TotalPairs, plan.Bounds.OrderedSameTypePairs),
            repeatedTrioSeats = plan.Bounds.RepeatedTrioSeats,
            newContactSpread = plan.Bounds.NewContactSpread,
        },
        metrics = new
        {
            valid = plan.Score.IsValid,
            inSessionRepeats = plan.Score.InSessionRepeats,
            historyRepeats = plan.Score.HistoryRepeats,
            crossOrganisationShare = plan.Score.CrossOrganisationShare,
            crossDealShare = plan.Score.CrossDealShare,
            crossTypeShare = plan.Score.CrossTypeShare,
            repeatedTrioSeats = plan.Score.RepeatedTrioSeats,
            newContactSpread = plan.Score.NewContactSpread,
        },
    };
    Console.WriteLine(JsonSerializer.Serialize(output));
    return 0;
}

static double Share(int total, int same) => total == 0 ? 1.0 : 1.0 - (double)same / total;
