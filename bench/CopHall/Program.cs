using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using CityDealBot.Bench;
using static CityDealBot.Bench.BenchProcesses;

// A CoP hall: many members press one button within seconds. CityDealBot runs as its own process (Release build,
// production mode, shipped settings: Teams' outbound pacing on), authenticated with signed Bot Connector tokens,
// storage in Azurite; it talks to a fake Connector that answers 429 to any call breaking Teams' limits and counts
// those. Each scenario checks its own results: every press answered with the right card, every answer stored
// (read back from Azurite), the shared card's last update showing the final state, zero limit violations.
// Usage: CopHall.Bench <repo root>
var repo = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
const string AppId = "5a1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4c";
const string Tenant = Activities.Tenant;
const string Prefix = "hall";
var settleLimit = TimeSpan.FromSeconds(180);

await using var login = await TestBotFrameworkLogin.StartAsync();
var limits = new TeamsLimitLedger();
await using var connector = await FakeConnector.StartAsync();
connector.Limits = limits;
connector.PageSize = 100;
for (var i = 0; i < 320; i++)
{
    connector.Members.Add(new JsonObject
    {
        ["id"] = $"29:member-{i}",
        ["name"] = $"Member {i}",
        ["aadObjectId"] = $"aad-member-{i}",
        ["email"] = $"member{i}@utrecht.nl",
        ["tenantId"] = Tenant,
    });
}

var serviceUrl = connector.ServiceUrl;
await using var bot = await ProductionBot.StartAsync(repo, "cop-hall", AppId, Tenant, login.MetadataUrl, Prefix);
var storage = bot.StorageConnectionString;

var botUrl = bot.MessagesUrl;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(100) };
var token = login.Mint(AppId, serviceUrl);
var results = new List<Outcome>();

// Anne adds the bot to the team, so she is the deal's dealmaker and may open sessions.
await PostAsync(Activities.BotAddedToTeam(serviceUrl));
await connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("CityDealBot is toegevoegd", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
// Warm up JIT, token and key caches with a few turns that change nothing shared.
for (var i = 0; i < 20; i++)
{
    await PostAsync(Activities.PersonalMessage(serviceUrl, "help", "en-US", $"29:warm-{i}", $"aad-warm-{i}", $"Warm {i}"));
}

// And some sign-ups, as the instance has served a few before the hall arrives (the Load benchmark warms up likewise).
var warmSession = await OpenSpeeddateAsync();
await BurstAsync(40, 4, i => Press("speeddate.join", new JsonObject { ["session"] = warmSession }, 280 + i, "signup-warm-up"), "Je doet mee");
await Task.Delay(TimeSpan.FromSeconds(2.2));

foreach (var (members, seconds) in new[] { (150, 5), (300, 10) })
{
    var session = await OpenSpeeddateAsync();
    var card = $"signup-{members}";
    var before = limits.Rejected;
    var clock = Stopwatch.StartNew();
    var answers = await BurstAsync(members, seconds, i => Press("speeddate.join", new JsonObject { ["session"] = session }, i, card), "Je doet mee");
    var stored = await CountAsync("SpeeddateParticipants", session);
    var settled = await SettleAsync(card, update => Compact(update).Contains($"\"value\":\"{members}\"", StringComparison.Ordinal), clock);
    results.Add(new Outcome($"speeddate join, {members} in {seconds} s", answers, stored, members, settled, limits.Rejected - before));
}

{
    var pulse = await StartPulseAsync();
    var before = limits.Rejected;
    var answers = await BurstAsync(300, 10, i => Answer(pulse, i), "Je antwoorden zijn opgeslagen");
    var stored = await CountAsync("PulseResponses", pulse);
    results.Add(new Outcome("pulse answers, 300 in 10 s", answers, stored, 300, null, limits.Rejected - before));
}

{
    var session = await PlanCopSessionAsync();
    var before = limits.Rejected;
    // Two in three come, the others perhaps.
    var answers = await BurstAsync(300, 10, i => Press("cop.rsvp", new JsonObject
    {
        ["deal"] = CityDealBot.Deals.DealDirectory.DealKey(Activities.ChannelId),
        ["session"] = session,
        ["answer"] = i % 3 == 2 ? "maybe" : "yes",
    }, i, "cop-announcement"), "CoP-dag Klimaatadaptatie");
    var stored = await CountAsync("CopRsvps", session);
    results.Add(new Outcome("CoP RSVPs, 300 in 10 s", answers, stored, 300, null, limits.Rejected - before));
}

{
    // 200 help messages a second for 5 s from 200 people in their personal chats: Teams lets 50 replies a second
    // leave, so the replies follow the answers; every one must arrive.
    const string HelpTitle = "What CityDealBot does";
    var already = connector.DeliveredActivities.Count(a => FakeConnector.Json(a).Contains(HelpTitle, StringComparison.Ordinal));
    var before = limits.Rejected;
    var clock = Stopwatch.StartNew();
    var answers = await OpenLoopAsync(1000, 5, i => Activities.PersonalMessage(serviceUrl, "help", "en-US", $"29:user-{i % 200}", $"aad-user-{i % 200}", $"User {i % 200}"), null);
    var delivered = 0;
    while (clock.Elapsed < settleLimit)
    {
        delivered = connector.DeliveredActivities.Count(a => FakeConnector.Json(a).Contains(HelpTitle, StringComparison.Ordinal)) - already;
        if (delivered >= 1000)
        {
            break;
        }

        await Task.Delay(100);
    }

    results.Add(new Outcome("help, 200/s for 5 s", answers, delivered, 1000, delivered >= 1000 ? new Settled(clock.Elapsed.TotalSeconds, delivered) : null, limits.Rejected - before));
}


Console.WriteLine("| scenario | answered | p50 ms | p99 ms | slowest ms | stored (help: replies delivered) | shared card right / all delivered after | card updates | 429s | targets |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
foreach (var o in results)
{
    var card = o.Settled is { } s ? $"{s.Seconds:F1} s" : o.HasSharedCard ? "**not reached**" : "no shared card";
    var updates = o.Settled is { } u && !o.Scenario.StartsWith("help", StringComparison.Ordinal) ? u.Updates.ToString(CultureInfo.InvariantCulture) : "–";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {o.Scenario} | {o.Answers.Answered}/{o.Answers.Sent} | {o.Answers.P50:F0} | {o.Answers.P99:F0} | {o.Answers.Max:F0} | {o.Stored}/{o.Expected} | {card} | {updates} | {o.Violations} | {(o.Met ? "met" : "**missed**")} |"));
}

return results.All(o => o.Met) ? 0 : 1;

async Task<string> OpenSpeeddateAsync()
{
    var before = connector.SentActivities.Count;
    await PostAsync(Activities.ChannelMessage(serviceUrl, "speeddate"));
    var card = await connector.WaitForActivityAsync(a => connector.SentActivities.Skip(before).Contains(a) && FakeConnector.Json(a).Contains("speeddate.join", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
    return ValueOf(card, "session");
}

async Task<string> StartPulseAsync()
{
    await PostAsync(Activities.ChannelMessage(serviceUrl, "peiling"));
    var card = await connector.WaitForActivityAsync(a => a["attachments"]?[0]?["content"]?["refresh"]?["action"]?["data"]?["pulseId"] is not null, TimeSpan.FromSeconds(60));
    return card["attachments"]![0]!["content"]!["refresh"]!["action"]!["data"]!["pulseId"]!.GetValue<string>();
}

// Anne plans a session on the plan card; the bot posts the announcement in the channel.
async Task<string> PlanCopSessionAsync()
{
    var day = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    var create = Activities.CardAction(serviceUrl, "cop.create", new JsonObject
    {
        ["deal"] = CityDealBot.Deals.DealDirectory.DealKey(Activities.ChannelId),
        ["title"] = "CoP-dag Klimaatadaptatie",
        ["date"] = day,
        ["time"] = "10:00",
        ["duration"] = "240",
        ["mode"] = "inperson",
        ["location"] = "Utrecht",
        ["invite"] = "channel",
    }, ("29:anne", "aad-anne", "Anne de Vries"));
    var status = await PostAsync(create);
    if (status != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"Planning the CoP session answered {(int)status}.");
    }

    var card = await connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("cop.rsvp", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
    return ValueOf(card, "session");
}

JsonObject Press(string verb, JsonObject data, int member, string cardId)
{
    var invoke = Activities.CardAction(serviceUrl, verb, data, ($"29:member-{member}", $"aad-member-{member}", $"Member {member}"));
    invoke["replyToId"] = cardId;
    return invoke;
}

JsonObject Answer(string pulse, int member)
{
    var data = new JsonObject { ["pulseId"] = pulse };
    foreach (var question in CityDealBot.Pulse.MidtermReviewTemplate.Template.ScaleQuestions)
    {
        data[question.Id] = (1 + (member % 5)).ToString(CultureInfo.InvariantCulture);
    }

    return Press("pulse.answer", data, member, "pulse-card");
}

Task<Answers> BurstAsync(int count, double seconds, Func<int, JsonObject> activity, string expected) => OpenLoopAsync(count, seconds, activity, expected);

// Requests start on a fixed schedule whatever the answers do; latency counts from the scheduled start, so a stall
// is not hidden by sending less (no coordinated omission). An answer counts when it is 200 and, for invokes,
// carries the expected card.
async Task<Answers> OpenLoopAsync(int count, double seconds, Func<int, JsonObject> activity, string? expected)
{
    var latencies = new ConcurrentBag<double>();
    var slowest = new ConcurrentBag<(double At, double Ms)>();
    var answered = 0;
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>(count);
    for (var i = 0; i < count; i++)
    {
        var scheduled = TimeSpan.FromSeconds(seconds * i / count);
        var wait = scheduled - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var body = activity(i);
        inFlight.Add(Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, botUrl) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            latencies.Add((clock.Elapsed - scheduled).TotalMilliseconds);
            slowest.Add((scheduled.TotalSeconds, (clock.Elapsed - scheduled).TotalMilliseconds));
            var decoded = text.Length == 0 ? string.Empty : FakeConnector.Json(JsonNode.Parse(text)!);
            if (response.StatusCode == HttpStatusCode.OK && (expected is null || decoded.Contains(expected, StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref answered);
            }
        }));
    }

    await Task.WhenAll(inFlight);
    foreach (var (at, ms) in slowest.OrderByDescending(s => s.Ms).Take(3))
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slow: {ms:F0} ms, started at {at:F2} s of {seconds} s"));
    }

    var sorted = latencies.Order().ToArray();
    double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    return new Answers(count, answered, At(0.50), At(0.99), sorted[^1]);
}

// Waits until the last update the Connector accepted for the card shows the final state; null when it never does.
async Task<Settled?> SettleAsync(string cardId, Func<JsonObject, bool> isFinal, Stopwatch since)
{
    while (since.Elapsed < settleLimit)
    {
        var updates = connector.DeliveredActivities.Where(a => a["id"]?.GetValue<string>() == cardId).ToList();
        if (updates.Count > 0 && isFinal(updates[^1]))
        {
            return new Settled(since.Elapsed.TotalSeconds, updates.Count);
        }

        await Task.Delay(100);
    }

    return null;
}

async Task<int> CountAsync(string table, string partition)
{
    var client = new TableClient(storage, Prefix + table);
    var count = 0;
    await foreach (var _ in client.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"]))
    {
        count++;
    }

    return count;
}

async Task<HttpStatusCode> PostAsync(JsonObject activity)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, botUrl) { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    return response.StatusCode;
}

static string ValueOf(JsonNode card, string name)
{
    var json = card.ToJsonString();
    var marker = $"\"{name}\":\"";
    var start = json.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
    return json[start..json.IndexOf('"', start)];
}

static string Compact(JsonObject activity) => FakeConnector.Json(activity).Replace(" ", string.Empty, StringComparison.Ordinal);

internal sealed record Answers(int Sent, int Answered, double P50, double P99, double Max);

internal sealed record Settled(double Seconds, int Updates);

internal sealed record Outcome(string Scenario, Answers Answers, int Stored, int Expected, Settled? Settled, int Violations)
{
    /// <summary>Every press answered with the right card, p99 under 1 s, all stored, the shared card final, no 429.</summary>
    public bool Met => Answers.Answered == Answers.Sent && Answers.P99 < 1000 && Stored == Expected && Violations == 0
        && (Settled is not null || !HasSharedCard);

    /// <summary>Pulse answers and RSVPs change no shared card: each person's answer is their own card.</summary>
    public bool HasSharedCard => !Scenario.StartsWith("pulse", StringComparison.Ordinal) && !Scenario.StartsWith("CoP", StringComparison.Ordinal);
}
