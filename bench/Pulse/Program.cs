using System.Diagnostics;
using System.Globalization;
using CityDealBot.Cards.Localization;
using CityDealBot.Pulse;

// Measures pulse aggregation and radar rendering. Usage:
//   dotnet run -c Release --project bench/Pulse [-- --runs N] [--png path-prefix]
var runs = ArgValue("--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 50;
var pngPrefix = ArgValue("--png");
const double AggregationTargetMs = 100;
const double ChartTargetMs = 300;

const int Responses = 10_000;
const int Deals = 100;
const int ResponsesPerOtherDeal = 200;
var template = MidtermReviewTemplate.Template;
var closes = new DateTimeOffset(2026, 3, 13, 16, 0, 0, TimeSpan.Zero);

var current = SampleResponses(Responses, seed: 1, bias: 0.5);
var otherDeals = Enumerable.Range(2, Deals - 1)
    .Select(d => SampleResponses(ResponsesPerOtherDeal, seed: d, bias: (d % 7) / 3.0 - 1))
    .ToList();
var previous = PulseTally.Summarize(template, "deal-1", "round-0", closes.AddMonths(-6), SampleResponses(500, seed: 999, bias: 0));

// Aggregation = tally of the 10,000 responses + tallies of the 99 other deals (19,800 responses) + results.
PulseResults Aggregate()
{
    var tally = PulseTally.Summarize(template, "deal-1", "round-1", closes, current);
    var others = new List<PulseRoundTally>(otherDeals.Count);
    for (var i = 0; i < otherDeals.Count; i++)
    {
        others.Add(PulseTally.Summarize(template, $"deal-{i + 2}", $"round-{i + 2}", closes, otherDeals[i]));
    }

    return PulseResultsBuilder.Build(template, tally, [previous], others, PulseViewerRole.Dealmaker);
}

var storedTallies = otherDeals.Select((responses, i) => PulseTally.Summarize(template, $"deal-{i + 2}", $"round-{i + 2}", closes, responses)).ToList();

// What a results card does when the other deals' tallies are stored: tally this round, build results.
PulseResults AggregateWithStoredTallies() =>
    PulseResultsBuilder.Build(template, PulseTally.Summarize(template, "deal-1", "round-1", closes, current), [previous], storedTallies, PulseViewerRole.Dealmaker);

var results = Aggregate();
var aggregation = Measure(runs, () => Aggregate());
var aggregationStored = Measure(runs, () => AggregateWithStoredTallies());
var chartTimes = Measure(runs, () => PulseRadarChart.Render(results, Language.Dutch));

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, runs after warm-up: {runs}");
Console.WriteLine($"aggregate {Responses} responses + {Deals - 1} other deals x {ResponsesPerOtherDeal}: p50 {P(aggregation, 50):0.0} ms, p95 {P(aggregation, 95):0.0} ms");
Console.WriteLine($"aggregate {Responses} responses with {Deals - 1} stored deal tallies: p50 {P(aggregationStored, 50):0.0} ms, p95 {P(aggregationStored, 95):0.0} ms");
Console.WriteLine($"render radar chart 800x800 PNG: p50 {P(chartTimes, 50):0.0} ms, p95 {P(chartTimes, 95):0.0} ms");

Console.WriteLine($"targets (p95): aggregation < {AggregationTargetMs} ms: {(P(aggregation, 95) < AggregationTargetMs ? "met" : "MISSED")}; chart < {ChartTargetMs} ms: {(P(chartTimes, 95) < ChartTargetMs ? "met" : "MISSED")}");

if (pngPrefix is not null)
{
    foreach (var language in new[] { Language.Dutch, Language.English })
    {
        var chart = PulseRadarChart.Render(results, language);
        var path = $"{pngPrefix}-{(language == Language.Dutch ? "nl" : "en")}.png";
        File.WriteAllBytes(path, chart.Png);
        Console.WriteLine($"{path}: {chart.Png.Length} bytes");
        Console.WriteLine(chart.AltText);
    }
}

static double[] Measure(int runs, Action action)
{
    for (var i = 0; i < 5; i++)
    {
        action();
    }

    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        action();
        times[i] = watch.Elapsed.TotalMilliseconds;
    }

    Array.Sort(times);
    return times;
}

static double P(double[] sorted, int percentile) =>
    sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

static List<PulseResponse> SampleResponses(int count, int seed, double bias)
{
    var random = new Random(seed);
    var questions = MidtermReviewTemplate.Template.ScaleQuestions.ToArray();
    var list = new List<PulseResponse>(count);
    for (var n = 0; n < count; n++)
    {
        var scores = new Dictionary<string, int>(questions.Length);
        for (var q = 0; q < questions.Length; q++)
        {
            var centre = 3 + bias + (q % 3 - 1) * 0.6;
            scores[questions[q].Id] = Math.Clamp((int)Math.Round(centre + (random.NextDouble() - 0.5) * 3), 1, 5);
        }

        list.Add(new PulseResponse($"r{seed}-{n}", new PulseAnswerSet(scores, new Dictionary<string, string>(), n % 50 == 0 ? $"Opmerking {n}" : null)));
    }

    return list;
}

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
