using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Operations;
using CityDealBot.Pulse;
using CityDealBot.Storage;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using CityDealBot.Bench;
using static CityDealBot.Bench.BenchProcesses;

// The results path from storage: a deal member types `resultaten` in the deal's channel; the deal's pulse has 500
// respondents and 40 other deals have closed tallies for the all-deals mean. CityDealBot runs as its own process
// (Release, production mode, shipped settings: Teams' pacing on), authenticated with signed Bot Connector tokens,
// storage in Azurite on this machine; it replies through a fake Connector that answers 429 to anything breaking
// Teams' limits. Measured: from POST /api/messages to the results card's arrival at the Connector, and the HTTP
// answer. The card is checked (500 responses, the all-deals mean shown). A breakdown then times the same calls the
// bot makes, in this process against the same Azurite, to show where the time goes.
// Usage: Results.Bench <repo root> [measured requests]
var repo = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var measured = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
const int Respondents = 500;
const int OtherDeals = 40;
const int RespondentsPerOtherDeal = 20;
const double TargetP95Ms = 250;
const string AppId = "7b1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4d";
const string Tenant = Activities.Tenant;
const string Prefix = "results";
// Teams lets 60 messages per 30 s into one conversation: one request every 600 ms stays under it, so what is
// measured is the results path, not the pacing of a flood into one channel.
var spacing = TimeSpan.FromMilliseconds(600);

await using var login = await TestBotFrameworkLogin.StartAsync();
var limits = new TeamsLimitLedger();
await using var connector = await FakeConnector.StartAsync();
connector.Limits = limits;

var serviceUrl = connector.ServiceUrl;
await using var bot = await ProductionBot.StartAsync(repo, "results", AppId, Tenant, login.MetadataUrl, Prefix);
var storage = bot.StorageConnectionString;

var botUrl = bot.MessagesUrl;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };
var token = login.Mint(AppId, serviceUrl);

// Anne adds the bot to the team (she becomes the deal's dealmaker) and starts a pulse.
await PostAsync(Activities.BotAddedToTeam(serviceUrl));
await connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("CityDealBot is toegevoegd", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
await PostAsync(Activities.ChannelMessage(serviceUrl, "peiling"));
var pulseCard = await connector.WaitForActivityAsync(a => a["attachments"]?[0]?["content"]?["refresh"]?["action"]?["data"]?["pulseId"] is not null, TimeSpan.FromSeconds(60));
var pulseId = pulseCard["attachments"]![0]!["content"]!["refresh"]!["action"]!["data"]!["pulseId"]!.GetValue<string>();

// 500 members answer through the real invoke (pulse.answer, Action.Execute), 16 at a time; each must be confirmed.
var answered = 0;
var next = -1;
await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
{
    int member;
    while ((member = Interlocked.Increment(ref next)) < Respondents)
    {
        var (status, body) = await PostForTextAsync(Answer(pulseId, member));
        if (status == HttpStatusCode.OK && body.Contains("Je antwoorden zijn opgeslagen", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref answered);
        }
    }
}));
if (answered != Respondents)
{
    Console.Error.WriteLine($"Only {answered} of {Respondents} answers were confirmed; no measurement.");
    return 2;
}

// The 40 other deals' closed rounds, written as the sweeper writes them when a round closes: PulseTally.Summarize
// over their responses, stored with PulseStore.SaveTallyAsync.
var tables = new StorageTables(Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = Prefix }));
var store = new PulseStore(tables, TimeProvider.System);
var directory = new DealDirectory(tables, TimeProvider.System);
var template = PulseTemplates.Default;
for (var deal = 0; deal < OtherDeals; deal++)
{
    var channel = $"19:other-deal-{deal}@thread.tacv2";
    var closesAt = DateTimeOffset.UtcNow.AddDays(-30 - deal);
    var responses = Enumerable.Range(0, RespondentsPerOtherDeal).Select(r => new PulseResponse($"aad-other-{deal}-{r}", new PulseAnswerSet(
        template.ScaleQuestions.ToDictionary(q => q.Id, q => 1 + ((deal + r + q.Id.Length) % 5)),
        new Dictionary<string, string>()))).ToList();
    var roundId = PulseStore.NewRoundId(closesAt.AddDays(-7));
    await store.SaveTallyAsync(template.Id, PulseTally.Summarize(template, channel, roundId, closesAt, responses), CancellationToken.None);
}

// Warm-up, then the measured requests, one every 600 ms, each waiting for its card at the Connector.
var endToEnd = new List<double>();
var answers = new List<double>();
var wrongCards = 0;
string? lastCard = null;
for (var i = -10; i < measured; i++)
{
    var started = Stopwatch.GetTimestamp();
    var before = connector.DeliveredActivities.Count;
    var (status, _) = await PostForTextAsync(Activities.ChannelMessage(serviceUrl, "resultaten"));
    var answeredAt = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    JsonObject? card = null;
    var deadline = TimeSpan.FromSeconds(30);
    while (card is null && Stopwatch.GetElapsedTime(started) < deadline)
    {
        var delivered = connector.DeliveredActivities;
        card = delivered.Skip(before).FirstOrDefault(a => FakeConnector.Json(a).Contains("reacties; uitkomsten", StringComparison.Ordinal));
        if (card is null)
        {
            await Task.Delay(1);
        }
    }

    var arrivedAt = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (card is null || status != HttpStatusCode.OK)
    {
        Console.Error.WriteLine($"Request {i}: HTTP {(int)status}, card {(card is null ? "never arrived" : "arrived")}.");
        wrongCards++;
    }
    else
    {
        lastCard = FakeConnector.Json(card);
        if (!IsRightCard(lastCard))
        {
            wrongCards++;
        }
    }

    if (i >= 0)
    {
        endToEnd.Add(arrivedAt);
        answers.Add(answeredAt);
    }

    var rest = spacing - Stopwatch.GetElapsedTime(started);
    if (rest > TimeSpan.Zero)
    {
        await Task.Delay(rest);
    }
}

// Where the time goes: the calls PulseResultsCommand makes, in the same order, timed one by one in this process
// against the same Azurite (the bot is idle meanwhile).
var links = new SignedLinks(
    Options.Create(new SignedLinkOptions { SigningKey = "a-signing-key-for-the-results-benchmark-only-0123456789", PublicBaseUrl = new Uri("https://citydealbot.example.nl/") }),
    Options.Create(new ConnectorOptions { MicrosoftAppId = AppId }), new NoServer(), TimeProvider.System);
var privacy = new PulsePrivacyOptions();
var steps = new ConcurrentDictionary<string, List<double>>(StringComparer.Ordinal);
var stepOrder = new List<string>();
T Time<T>(string step, Func<T> work)
{
    var clock = Stopwatch.GetTimestamp();
    var result = work();
    var ms = Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
    steps.GetOrAdd(step, _ => { stepOrder.Add(step); return []; }).Add(ms);
    return result;
}

async Task<T> TimeAsync<T>(string step, Func<Task<T>> work)
{
    var clock = Stopwatch.GetTimestamp();
    var result = await work();
    var ms = Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
    steps.GetOrAdd(step, _ => { stepOrder.Add(step); return []; }).Add(ms);
    return result;
}

var ct = CancellationToken.None;
var dealChannel = Activities.ChannelId;
for (var i = -10; i < measured; i++)
{
    if (i == 0)
    {
        steps.Clear();
        stepOrder.Clear();
    }

    var total = Stopwatch.GetTimestamp();
    var round = (await TimeAsync("storage: latest round of the deal", () => store.LatestRoundAsync(dealChannel, ct)))!;
    var responses = await TimeAsync($"storage: the round's {Respondents} responses", () => store.ResponsesAsync(round.RowKey, ct));
    var tally = Time("aggregate: tally the responses", () => PulseTally.Summarize(template, round.DealChannelId, round.RowKey, round.ClosesAt, responses));
    var stored = await TimeAsync($"storage: stored tallies of the template ({OtherDeals} deals)", () => store.TalliesAsync(template.Id, ct));
    var notDeals = await TimeAsync("storage: channels that are not deals", () => directory.NonDealChannelIdsAsync(ct));
    var otherBefore = await TimeAsync("storage: earlier rounds with another template", () => store.RanOtherTemplateBeforeAsync(round.DealChannelId, template.Id, round.ClosesAt, ct));
    var results = Time("aggregate: results (deal and all-deals means, ranges, trend)", () => PulseResultsBuilder.Build(template, tally,
        [.. stored.Where(t => t.DealId == round.DealChannelId)], [.. stored.Where(t => !notDeals.Contains(t.DealId))], PulseViewerRole.Partner, privacy, otherBefore));
    var chart = Time("chart link (signed URL)", () => PulseRadarChart.CanRender(results) ? links.Url(PulseLinks.ChartRoute, round.DealChannelId, round.RowKey, "nl") : null);
    Time("card: view and Adaptive Card JSON", () => PulseCards.Results(PulsePresenter.ResultsViewOf(Language.Dutch, round, results, closed: false, chart)).ToJson());
    steps.GetOrAdd("all of the above", _ => { stepOrder.Add("all of the above"); return []; }).Add(Stopwatch.GetElapsedTime(total).TotalMilliseconds);
}


var sendShare = endToEnd.Zip(answers, (e, a) => e - a).ToList();
var endToEndP95 = Percentile(endToEnd, 0.95);
var met = endToEndP95 < TargetP95Ms && wrongCards == 0 && limits.Rejected == 0;
Console.WriteLine($"`resultaten`, deal with {Respondents} respondents, all-deals mean over {OtherDeals} other deals; {measured} requests after 10 warm-up, one every {spacing.TotalMilliseconds:F0} ms:");
Console.WriteLine();
Console.WriteLine("| measured | p50 ms | p95 ms | max ms | target |");
Console.WriteLine("|---|---:|---:|---:|---|");
Row("POST → results card arrives at the Connector", endToEnd, $"p95 < {TargetP95Ms:F0} ms: {(endToEndP95 < TargetP95Ms ? "met" : "**missed**")}");
Row("POST → HTTP answer", answers, "–");
Row("HTTP answer → card at the Connector (background send)", sendShare, "–");
Console.WriteLine();
Console.WriteLine($"Cards checked: {measured + 10 - wrongCards} of {measured + 10} right ({Respondents} responses, the all-deals mean shown for every indicator); 429s from the fake Connector: {limits.Rejected}.");
Console.WriteLine();
Console.WriteLine($"Where the time goes (the same calls in this process, against the same Azurite, {measured} runs after 10 warm-up):");
Console.WriteLine();
Console.WriteLine("| step | p50 ms | p95 ms |");
Console.WriteLine("|---|---:|---:|");
foreach (var step in stepOrder)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {Percentile(steps[step], 0.5):F1} | {Percentile(steps[step], 0.95):F1} |"));
}

return met ? 0 : 1;

void Row(string what, List<double> values, string target) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {what} | {Percentile(values, 0.5):F1} | {Percentile(values, 0.95):F1} | {values.Max():F1} | {target} |"));

static double Percentile(IEnumerable<double> values, double q)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

// The card a partner sees: 500 responses, and in the results table a deal mean and an all-deals mean (numbers,
// not "niet getoond") for every indicator. The trend column stays empty: the deal has no earlier round.
bool IsRightCard(string card)
{
    if (!card.Contains($"{Respondents} reacties; uitkomsten", StringComparison.Ordinal))
    {
        Console.Error.WriteLine("The results card does not report 500 responses: " + card[..Math.Min(card.Length, 600)]);
        return false;
    }

    var table = JsonNode.Parse(card)!["attachments"]![0]!["content"]!["body"]!.AsArray().FirstOrDefault(e => e?["id"]?.GetValue<string>() == "results");
    var rows = table?["rows"]?.AsArray().Skip(1).ToList() ?? [];
    string Cell(JsonNode row, int column) => row["cells"]![column]!["items"]![0]!["text"]!.GetValue<string>();
    var indicators = template.Indicators.Count;
    var complete = rows.Count(r => IsScore(Cell(r!, 1)) && IsScore(Cell(r!, 3)));
    if (rows.Count != indicators || complete != indicators)
    {
        Console.Error.WriteLine($"The results table shows a deal and all-deals mean for {complete} of {rows.Count} rows ({indicators} indicators).");
        return false;
    }

    return true;
}

static bool IsScore(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.GetCultureInfo("nl-NL"), out var score) && score is >= 1 and <= 5;

JsonObject Answer(string pulse, int member)
{
    var data = new JsonObject { ["pulseId"] = pulse };
    foreach (var question in MidtermReviewTemplate.Template.ScaleQuestions)
    {
        data[question.Id] = (1 + ((member + question.Id.Length) % 5)).ToString(CultureInfo.InvariantCulture);
    }

    var invoke = Activities.CardAction(serviceUrl, "pulse.answer", data, ($"29:member-{member}", $"aad-member-{member}", $"Member {member}"));
    invoke["replyToId"] = "pulse-card";
    return invoke;
}

async Task<HttpStatusCode> PostAsync(JsonObject activity) => (await PostForTextAsync(activity)).Status;

async Task<(HttpStatusCode Status, string Body)> PostForTextAsync(JsonObject activity)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, botUrl) { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    return (response.StatusCode, text.Length == 0 ? string.Empty : FakeConnector.Json(JsonNode.Parse(text)!));
}

/// <summary>The signed links take their base from PublicBaseUrl here; no server is asked.</summary>
internal sealed class NoServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
