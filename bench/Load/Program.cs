using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using static CityDealBot.Bench.BenchProcesses;

// Inbound load on POST /api/messages with signed Bot Connector tokens, side by side: CityDealBot (its Release
// build, as its own process, Azurite for storage) and an echo bot on the official Bot Framework SDK for
// JavaScript (botbuilder, CloudAdapter, bench/Load/peer). Both run in production mode with the same app id, the
// same OpenID metadata and signing keys (a loopback stand-in for login.botframework.com), and the same outbound
// token source (an App Service managed-identity endpoint on loopback), and both reply through the same fake
// Connector. CityDealBot runs with its shipped settings, Teams' outbound pacing included: its replies leave in the
// background at most as fast as Teams allows (50 a second per tenant), and this Connector answers 429 to any of its
// replies that would break Teams' limits. Inbound turns answered are compared side by side; every help reply of
// both bots is counted at the Connector after the load, and the run fails when one is missing.
// Usage: Load.Bench <repo root> [seconds per step]
var repo = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var secondsPerStep = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 6;
const string AppId = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const string Tenant = Activities.Tenant;
// Azurite's published development account key (not a secret).
const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

await using var login = await TestBotFrameworkLogin.StartAsync();
var clock = Stopwatch.StartNew();
var limits = new TeamsLimitLedger();
// Help replies that reached the Connector, per bot, and when the last one arrived.
var helpDelivered = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var lastHelpAt = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
const string OursHelpTitle = "What CityDealBot does for your deal";
const string PeerEcho = "Echo: ";
JsonObject? lastCard = null;
await using var connector = await LoopbackServer.StartAsync(app =>
{
    app.MapPost("/v3/conversations/{conversation}/activities/{**rest}", async (string conversation, HttpContext http) => await AcceptAsync(conversation, http));
    app.MapPost("/v3/conversations/{conversation}/activities", async (string conversation, HttpContext http) => await AcceptAsync(conversation, http));
    app.MapGet("/v3/conversations/{conversation}/pagedmembers", () => Results.Json(new { members = Array.Empty<object>() }));
    // App Service's managed-identity endpoint (api-version 2019-08-01): both bots get their outbound token here.
    app.MapGet("/msi/token", (HttpContext http) => http.Request.Headers["X-IDENTITY-HEADER"] == "load-bench"
        ? Results.Json(new
        {
            access_token = "outbound-token-for-the-load-benchmark",
            expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            resource = "https://api.botframework.com",
            token_type = "Bearer",
            client_id = AppId,
        })
        : Results.StatusCode(401));
});

async Task<IResult> AcceptAsync(string conversation, HttpContext http)
{
    var body = await JsonNode.ParseAsync(http.Request.Body);
    var isPeer = body?["text"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && body["text"]!.GetValue<string>().StartsWith(PeerEcho, StringComparison.Ordinal);
    // Teams' limits are enforced for CityDealBot, which paces itself to them; the peer does not pace at all, so in
    // Teams it would meet 429s beyond 50 replies a second; here its replies are taken, to compare inbound turns.
    if (!isPeer && !limits.TryRecord(Uri.UnescapeDataString(conversation), clock.Elapsed))
    {
        return Results.Json(new { error = new { code = "TooManyRequests" } }, statusCode: 429);
    }

    if (body?["attachments"]?[0]?["content"] is JsonObject card)
    {
        lastCard = card;
    }

    var bot = isPeer ? "peer" : (body?.ToJsonString() ?? string.Empty).Contains(OursHelpTitle, StringComparison.Ordinal) ? "ours" : null;
    if (bot is not null)
    {
        helpDelivered.AddOrUpdate(bot, 1, (_, n) => n + 1);
        lastHelpAt[bot] = clock.Elapsed;
    }

    return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: 201);
}

var serviceUrl = connector.BaseUrl;
var identityEnvironment = new Dictionary<string, string>
{
    ["IDENTITY_ENDPOINT"] = serviceUrl + "msi/token",
    ["IDENTITY_HEADER"] = "load-bench",
};

// Azurite, in memory, on its own port.
var azuritePort = RepoPaths.FreePort();
using var azurite = Start(Path.Combine(repo, "tools/node_modules/.bin/azurite-table"),
    $"--tableHost 127.0.0.1 --tablePort {azuritePort} --inMemoryPersistence --skipApiVersionCheck --disableTelemetry", repo, new Dictionary<string, string>());
await RepoPaths.WaitForPortAsync(azuritePort, TimeSpan.FromSeconds(30));

var oursPort = RepoPaths.FreePort();
var ours = Start("dotnet", $"\"{Path.Combine(repo, "Bot/bin/Release/net10.0/CityDealBot.dll")}\" --urls http://127.0.0.1:{oursPort}", repo, new Dictionary<string, string>(identityEnvironment)
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Connector__MicrosoftAppId"] = AppId,
    ["Connector__MicrosoftAppTenantId"] = Tenant,
    ["Connector__MicrosoftAppType"] = "UserAssignedMSI",
    ["Connector__OpenIdMetadataUrl"] = login.MetadataUrl,
    ["Storage__ConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};TableEndpoint=http://127.0.0.1:{azuritePort}/devstoreaccount1;",
    ["Storage__TablePrefix"] = "load",
    ["Links__SigningKey"] = "a-signing-key-for-the-load-benchmark-only-0123456789",
    ["Logging__LogLevel__Default"] = "Warning",
    ["Elections__RunDispatcher"] = "false",
    ["OTEL_SDK_DISABLED"] = "true",
    ["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("BENCH_GC_SERVER") ?? "1",
});
await RepoPaths.WaitForPortAsync(oursPort, TimeSpan.FromSeconds(30));

var peerPort = RepoPaths.FreePort();
var peer = Start("node", "index.js", Path.Combine(repo, "bench/Load/peer"), new Dictionary<string, string>(identityEnvironment)
{
    ["PORT"] = peerPort.ToString(CultureInfo.InvariantCulture),
    ["MicrosoftAppId"] = AppId,
    ["MicrosoftAppTenantId"] = Tenant,
    ["OPENID_METADATA_URL"] = login.MetadataUrl,
    ["NODE_ENV"] = "production",
});
await RepoPaths.WaitForPortAsync(peerPort, TimeSpan.FromSeconds(30));

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(30) };
var token = login.Mint(AppId, serviceUrl);
// Help turns each bot answered with 2xx: each owes one reply at the Connector.
var helpAnswered = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var bots = new[] { ("CityDealBot", $"http://127.0.0.1:{oursPort}/api/messages"), ("botbuilder 4.23 echo", $"http://127.0.0.1:{peerPort}/api/messages") };

// Both must refuse a token signed with a key the login does not publish, or the comparison would be unfair.
foreach (var (name, url) in bots)
{
    var forged = await PostAsync(url, Help(0), login.Mint(AppId, serviceUrl, TestBotFrameworkLogin.UnpublishedKeyId));
    var genuine = await PostAsync(url, Help(0), token);
    Console.Error.WriteLine($"{name}: forged token → {(int)forged}, signed token → {(int)genuine}");
    if (forged != HttpStatusCode.Unauthorized || genuine is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted))
    {
        Console.Error.WriteLine($"{name} does not validate tokens as expected; no measurement.");
        return 2;
    }
}

// A deal with a running pulse, for the answers (storage writes).
var oursUrl = bots[0].Item2;
await PostAsync(oursUrl, Activities.BotAddedToTeam(serviceUrl), token);
await PostAsync(oursUrl, Activities.ChannelMessage(serviceUrl, "peiling"), token);
// Replies leave in the background, after the HTTP answer: wait for the pulse card.
string? pulseId = null;
for (var waited = Stopwatch.StartNew(); pulseId is null && waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(50))
{
    pulseId = lastCard?["refresh"]?["action"]?["data"]?["pulseId"]?.GetValue<string>();
}

if (pulseId is null)
{
    throw new InvalidOperationException("The pulse card did not arrive.");
}

var results = new List<(string Scenario, string Bot, string Load, Measurement Result)>();

// Warm both up (JIT, key fetch, token, connection pool).
foreach (var (_, url) in bots)
{
    await ClosedLoopAsync(url, i => Help(i), 16, 3);
}

foreach (var concurrency in new[] { 1, 8, 32, 64 })
{
    foreach (var (name, url) in bots)
    {
        results.Add(("help", name, $"{concurrency} in flight", await ClosedLoopAsync(url, i => Help(i), concurrency, secondsPerStep)));
    }
}

foreach (var (name, url) in bots)
{
    results.Add(("help", name, "200/s", await OpenLoopAsync(url, i => Help(i), 200, secondsPerStep)));
}

var helpEnded = clock.Elapsed;
results.Add(("pulse answer (storage write)", "CityDealBot", "200/s", await OpenLoopAsync(oursUrl, i => Answer(pulseId, i), 200, secondsPerStep)));
results.Add(("pulse answer (storage write)", "CityDealBot", "32 in flight", await ClosedLoopAsync(oursUrl, i => Answer(pulseId, 1_000_000 + i), 32, secondsPerStep)));

// The load is over; CityDealBot's replies still leave at Teams' pace. Wait until every answered help turn's reply
// has arrived, giving up when none arrived for 30 s (or after 20 minutes).
var delivery = new List<(string Bot, int Answered, int Delivered, TimeSpan? LastAfterLoad)>();
{
    var lastProgress = clock.Elapsed;
    var seen = -1;
    bool Complete() => bots.All(b => helpDelivered.GetValueOrDefault(Key(b.Item2)) >= helpAnswered.GetValueOrDefault(b.Item2));
    while (!Complete() && clock.Elapsed - lastProgress < TimeSpan.FromSeconds(30) && clock.Elapsed - helpEnded < TimeSpan.FromMinutes(20))
    {
        var now = helpDelivered.Values.Sum();
        if (now != seen)
        {
            seen = now;
            lastProgress = clock.Elapsed;
        }

        await Task.Delay(200);
    }

    foreach (var (name, url) in bots)
    {
        var delivered = helpDelivered.GetValueOrDefault(Key(url));
        delivery.Add((name, helpAnswered.GetValueOrDefault(url), delivered, lastHelpAt.TryGetValue(Key(url), out var at) ? at - helpEnded : null));
    }
}

string Key(string url) => url == oursUrl ? "ours" : "peer";

// Every answer must really be in storage: one row per person who answered.
var answersSent = results.Where(r => r.Scenario.StartsWith("pulse", StringComparison.Ordinal)).Sum(r => r.Result.Requests);
var stored = 0;
var responses = new Azure.Data.Tables.TableClient(
    $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};TableEndpoint=http://127.0.0.1:{azuritePort}/devstoreaccount1;", "loadPulseResponses");
await foreach (var _ in responses.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"]))
{
    stored++;
}

peer.Kill(entireProcessTree: true);
ours.Kill(entireProcessTree: true);
azurite.Kill(entireProcessTree: true);

Console.WriteLine("| scenario | bot | load | requests | errors | requests/s | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
foreach (var (scenario, bot, load, m) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {scenario} | {bot} | {load} | {m.Requests} | {m.Errors} | {m.Throughput:F0} | {m.P50:F1} | {m.P99:F1} |"));
}

var bestOurs = results.Where(r => r.Scenario == "help" && r.Bot == "CityDealBot" && r.Load.EndsWith("in flight", StringComparison.Ordinal)).Max(r => r.Result.Throughput);
var bestPeer = results.Where(r => r.Scenario == "help" && r.Bot != "CityDealBot" && r.Load.EndsWith("in flight", StringComparison.Ordinal)).Max(r => r.Result.Throughput);
Console.WriteLine();
Console.WriteLine("| bot | help turns answered | help replies at the Connector | last reply arrived, after the help load ended | 429s from the Connector |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (name, answeredTurns, delivered, lastAfter) in delivery)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {answeredTurns} | {delivered} | {(lastAfter is { } t ? t > TimeSpan.Zero ? $"{t.TotalSeconds:F1} s" : "during the load" : "–")} | {(name == "CityDealBot" ? limits.Rejected.ToString(CultureInfo.InvariantCulture) : "not enforced")} |"));
}

var allDelivered = delivery.All(d => d.Delivered == d.Answered);
var answersAt200 = results.Single(r => r.Scenario.StartsWith("pulse", StringComparison.Ordinal) && r.Load == "200/s").Result;
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Peak help throughput: CityDealBot {bestOurs:F0}/s, botbuilder {bestPeer:F0}/s, ratio {bestOurs / bestPeer:F2}× (target ≥ 1.5×)."));
// Peak alone would hide what the pacing does to later steps while the earlier steps' replies are still leaving.
Console.WriteLine("Ratio of help turns answered per second, step by step: " + string.Join(", ", results
    .Where(r => r.Scenario == "help" && r.Bot == "CityDealBot")
    .Select(r => string.Create(CultureInfo.InvariantCulture,
        $"{r.Load} {r.Result.Throughput / results.Single(p => p.Scenario == "help" && p.Bot != "CityDealBot" && p.Load == r.Load).Result.Throughput:F2}×"))) + ".");
Console.WriteLine(allDelivered ? "Every answered help turn's reply reached the Connector." : "**Replies missing** (or duplicated): see the table above.");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Pulse answers at 200/s: p99 {answersAt200.P99:F1} ms (target < 50 ms), {answersAt200.Errors} errors; {stored} of {answersSent} answers found in storage."));
return allDelivered && limits.Rejected == 0 && bestOurs / bestPeer >= 1.5 && answersAt200.P99 < 50 && answersAt200.Errors == 0 && stored == answersSent ? 0 : 1;

JsonObject Help(int i) => Activities.PersonalMessage(serviceUrl, "help", "en-US", userId: $"29:user-{i % 200}", aad: $"aad-user-{i % 200}", name: $"User {i % 200}");

JsonObject Answer(string pulse, int i)
{
    var data = new JsonObject { ["pulseId"] = pulse };
    foreach (var question in CityDealBot.Pulse.MidtermReviewTemplate.Template.ScaleQuestions)
    {
        data[question.Id] = (1 + (i % 5)).ToString(CultureInfo.InvariantCulture);
    }

    var invoke = Activities.Invoke(serviceUrl, "adaptiveCard/action", new JsonObject
    {
        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "pulse.answer", ["data"] = data },
        ["trigger"] = "manual",
    });
    // Each answer from another person, as when a deal's members answer a pulse; changed answers are rarer.
    invoke["from"] = new JsonObject { ["id"] = $"29:member-{i}", ["aadObjectId"] = $"aad-member-{i}", ["name"] = $"Member {i}" };
    return invoke;
}

async Task<HttpStatusCode> PostAsync(string url, JsonObject activity, string bearer)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, url)
    {
        Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    using var response = await http.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    if (response.IsSuccessStatusCode && activity["text"]?.GetValue<string>() == "help")
    {
        helpAnswered.AddOrUpdate(url, 1, (_, n) => n + 1);
    }

    return response.StatusCode;
}

// Workers send back to back: the highest rate the bot sustains at this concurrency.
async Task<Measurement> ClosedLoopAsync(string url, Func<int, JsonObject> activity, int concurrency, double seconds)
{
    var latencies = new ConcurrentBag<double>();
    var errors = 0;
    var counter = 0;
    var clock = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (clock.Elapsed < until)
        {
            var body = activity(Interlocked.Increment(ref counter));
            var started = clock.Elapsed;
            var status = await PostAsync(url, body, token);
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            if ((int)status >= 300)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }));
    return Measurement.From(latencies, errors, clock.Elapsed.TotalSeconds);
}

// Requests start on a fixed schedule whatever the answers do; latency counts from the scheduled start, so a
// stall is not hidden by sending less (no coordinated omission).
async Task<Measurement> OpenLoopAsync(string url, Func<int, JsonObject> activity, int perSecond, double seconds)
{
    var latencies = new ConcurrentBag<double>();
    var errors = 0;
    var total = (int)(perSecond * seconds);
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        var scheduled = TimeSpan.FromSeconds(i / (double)perSecond);
        var wait = scheduled - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var body = activity(i);
        inFlight.Add(Task.Run(async () =>
        {
            var status = await PostAsync(url, body, token);
            latencies.Add((clock.Elapsed - scheduled).TotalMilliseconds);
            if ((int)status >= 300)
            {
                Interlocked.Increment(ref errors);
            }
        }));
    }

    await Task.WhenAll(inFlight);
    return Measurement.From(latencies, errors, clock.Elapsed.TotalSeconds);
}

internal sealed record Measurement(int Requests, int Errors, double Throughput, double P50, double P99)
{
    public static Measurement From(IEnumerable<double> latencies, int errors, double seconds)
    {
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Measurement(sorted.Length, errors, sorted.Length / seconds, At(0.50), At(0.99));
    }
}
