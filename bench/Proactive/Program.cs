using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Bench;
using CityDealBot.Coffee;
using CityDealBot.Deals;
using CityDealBot.Storage;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

// Proactive fan-out on the production path. CityDealBot's Release build runs as its own process with the shipped
// settings (Teams pacing on, the dispatcher as shipped), in local mode so that its testing hooks can move its clock
// to the reminder's moment and run the periodic job once, as its timer does; the job runs on every instance at once,
// as App Service instances' timers do. The fake Connector answers each call after 100-300 ms and with 429 to any call
// breaking Teams' limits (TeamsLimitLedger). Each scenario checks its own results: every recipient got exactly one
// message (none lost, none twice), zero limit violations, and the rate of Connector calls while the fan-out sends
// is at least 90 % of Teams' 50 per second for the tenant.
// Usage: Proactive.Bench <repo root> [pulse members] [coffee members]
var repo = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var pulseMembers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var coffeeMembers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
const double Ceiling = 50;
const double Target = 0.9;

var (azurite, storage) = await ProductionBot.StartStorageAsync(repo);
using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
var outcomes = new List<Outcome>();
try
{
    foreach (var instances in new[] { 1, 2 })
    {
        outcomes.Add(await PulseRemindersAsync(instances));
        outcomes.Add(await CoffeeRoundAsync(instances));
    }
}
finally
{
    azurite.Kill(entireProcessTree: true);
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; fake Connector latency 100-300 ms per call");
Console.WriteLine("| fan-out | instances | recipients | job seconds | sending seconds | calls | calls/s while sending | share of 50/s | lost | duplicates | 429s (limit violations) | target met |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
foreach (var o in outcomes)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {o.Name} | {o.Instances} | {o.Recipients} | {o.JobSeconds:F1} | {o.SendingSeconds:F1} | {o.Calls} | {o.Rate:F1} | {o.Rate / Ceiling:P0} | {o.Lost} | {o.Duplicates} | {o.Violations} | {(o.Met ? "yes" : "NO")} |"));
}

return outcomes.All(o => o.Met) ? 0 : 1;

// 2,000 members of a deal who have not answered a pulse: the sweep reads the roster, opens a 1:1 chat with each
// (the bot has not spoken to them before) and sends the reminder: two Connector calls per member.
async Task<Outcome> PulseRemindersAsync(int instances)
{
    var prefix = $"pulse{instances}";
    await using var connector = await FakeConnector.StartAsync();
    connector.PageSize = 500;
    for (var i = 0; i < pulseMembers; i++)
    {
        connector.Members.Add(new JsonObject { ["id"] = $"29:member-{i}", ["aadObjectId"] = $"aad-member-{i}", ["name"] = $"Member {i}", ["email"] = $"member{i}@utrecht.nl" });
    }

    var bots = await StartBotsAsync(instances, prefix);
    try
    {
        await PostAsync(bots[0], Activities.BotAddedToTeam(connector.ServiceUrl));
        await connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("CityDealBot is toegevoegd", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await PostAsync(bots[0], Activities.ChannelMessage(connector.ServiceUrl, "peiling 2026-12-04"));
        await connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("\"refresh\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        // Tuesday 1 December, 16:45 in Amsterdam: the pulse closing on Friday is open and its first reminder is due.
        await SetClockAsync(bots, new DateTimeOffset(2026, 12, 1, 15, 45, 0, TimeSpan.Zero));
        return await FanOutAsync("pulse reminders (roster, open chat, send)", connector, bots, "PulseSweeper", pulseMembers,
            c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal),
            c => c.Path.Split('/')[3]);
    }
    finally
    {
        await StopAsync(bots);
    }
}

// 1,000 coffee members, known to the bot with their 1:1 chat: Monday's round plans the week's pairs and sends each
// member their introduction: one Connector call per member.
async Task<Outcome> CoffeeRoundAsync(int instances)
{
    var prefix = $"coffee{instances}";
    await using var connector = await FakeConnector.StartAsync();
    var bots = await StartBotsAsync(instances, prefix);
    try
    {
        var service = new TableServiceClient(storage);
        var members = service.GetTableClient(prefix + CoffeeStore.MembersTable);
        var people = service.GetTableClient(prefix + DealDirectory.PeopleTable);
        await members.CreateIfNotExistsAsync();
        await people.CreateIfNotExistsAsync();
        var deals = new[] { "Klimaatadaptatie", "Binnenstad", "Circulaire economie", "Mobiliteit", "Wonen" };
        var organisations = new[] { ("Gemeente Utrecht", "government"), ("TNO", "knowledge"), ("Ministerie van BZK", "government"), ("Heijmans", "company"), ("TU Delft", "knowledge") };
        await Parallel.ForEachAsync(Enumerable.Range(0, coffeeMembers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var (organisation, kind) = organisations[i * 7 % organisations.Length];
            await members.UpsertEntityAsync(new CoffeeMemberRecord
            {
                PartitionKey = TableKey.Encode(Activities.Tenant),
                RowKey = TableKey.Encode($"aad-coffee-{i}"),
                Name = $"Koffie {i}",
                Deal = deals[i % deals.Length],
                Organisation = organisation,
                OrganisationType = kind,
                JoinedOn = "2026-11-23",
            }, cancellationToken: ct);
            await people.UpsertEntityAsync(new PersonRecord
            {
                PartitionKey = TableKey.Encode(Activities.Tenant),
                RowKey = TableKey.Encode($"aad-coffee-{i}"),
                UserId = $"29:coffee-{i}",
                Name = $"Koffie {i}",
                AadObjectId = $"aad-coffee-{i}",
                Locale = i % 4 == 0 ? "en-US" : "nl-NL",
                ServiceUrl = connector.ServiceUrl,
                BotId = Activities.BotId,
                PersonalConversationId = $"a:coffee-{i}",
                FirstSeen = DateTimeOffset.UtcNow,
                LastSeen = DateTimeOffset.UtcNow,
            }, cancellationToken: ct);
        });
        // Monday 30 November, 09:30 in Amsterdam: the week's round is due.
        await SetClockAsync(bots, new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero));
        return await FanOutAsync("coffee introductions (plan the week, send)", connector, bots, "CoffeeRounds", coffeeMembers,
            c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:coffee-", StringComparison.Ordinal),
            c => c.Path.Split('/')[3]);
    }
    finally
    {
        await StopAsync(bots);
    }
}

async Task<Outcome> FanOutAsync(
    string name, FakeConnector connector, List<ProductionBot> bots, string job, int recipients,
    Func<ConnectorCall, bool> isMessage, Func<ConnectorCall, string> recipientOf)
{
    // Let the set-up's calls leave Teams' one-second window; from here every call is judged and takes Teams' time.
    await Task.Delay(TimeSpan.FromSeconds(1.2));
    var limits = new TeamsLimitLedger();
    var callsBefore = connector.Calls.Count;
    connector.Limits = limits;
    connector.Latency = () => TimeSpan.FromMilliseconds(Random.Shared.Next(100, 301));

    var clock = Stopwatch.StartNew();
    await Task.WhenAll(bots.Select(bot => RunJobAsync(bot, job)));
    var jobSeconds = clock.Elapsed.TotalSeconds;
    // A periodic tick of the same job may still be sending; wait until every message is in or nothing moves for 30 s.
    var last = -1;
    var quiet = Stopwatch.StartNew();
    while (connector.Calls.Skip(callsBefore).Count(c => isMessage(c) && !c.Refused) is var count && count < recipients && quiet.Elapsed < TimeSpan.FromSeconds(30))
    {
        if (count != last)
        {
            last = count;
            quiet.Restart();
        }

        await Task.Delay(200);
    }

    var calls = connector.Calls.Skip(callsBefore).ToList();
    // What Teams took: a call answered 429 was not delivered (its retry is).
    var messages = calls.Where(c => isMessage(c) && !c.Refused).ToList();
    var perRecipient = messages.GroupBy(recipientOf).ToDictionary(g => g.Key, g => g.Count());
    var createdFor = calls.Where(c => c.Method == "POST" && c.Path == "/v3/conversations" && !c.Refused).Select(c => c.Body!["members"]![0]!["id"]!.GetValue<string>()).ToList();
    var openedTwice = createdFor.Count - createdFor.Distinct().Count();
    var lost = recipients - perRecipient.Count;
    var duplicates = perRecipient.Values.Sum(n => n - 1) + openedTwice;
    // The pace while the fan-out sends: every call Teams would count, from the first message to the last (the job's
    // reading of the roster and planning of the week before it are in the job's seconds).
    var first = messages.Min(c => c.At);
    var end = messages.Max(c => c.At);
    var sendingSeconds = (end - first).TotalSeconds;
    var counted = calls.Count(c => c.At >= first && c.At <= end);
    var rate = (counted - 1) / Math.Max(sendingSeconds, 0.001);
    var met = lost == 0 && duplicates == 0 && limits.Rejected == 0 && rate >= Target * Ceiling;
    return new Outcome(name, bots.Count, recipients, jobSeconds, sendingSeconds, counted, rate, lost, duplicates, limits.Rejected, met);
}

async Task<List<ProductionBot>> StartBotsAsync(int count, string prefix)
{
    var bots = new List<ProductionBot>();
    for (var i = 0; i < count; i++)
    {
        bots.Add(await ProductionBot.StartLocalAsync(repo, "proactive", storage, prefix));
    }

    // The first request of a process pays for JIT and its storage tables; the health probe does that for each.
    foreach (var bot in bots)
    {
        (await http.GetAsync(bot.BaseUrl + "health/ready")).EnsureSuccessStatusCode();
    }

    return bots;
}

async Task StopAsync(List<ProductionBot> bots)
{
    foreach (var bot in bots)
    {
        await bot.DisposeAsync();
    }
}

async Task PostAsync(ProductionBot bot, JsonObject activity)
{
    using var response = await http.PostAsync(bot.MessagesUrl, new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
    response.EnsureSuccessStatusCode();
}

async Task SetClockAsync(List<ProductionBot> bots, DateTimeOffset utc)
{
    foreach (var bot in bots)
    {
        using var response = await http.PostAsync(bot.BaseUrl + "testing/clock?utc=" + Uri.EscapeDataString(utc.ToString("O", CultureInfo.InvariantCulture)),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }
}

async Task RunJobAsync(ProductionBot bot, string job)
{
    using var response = await http.PostAsync(bot.BaseUrl + "testing/jobs/" + job, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
    response.EnsureSuccessStatusCode();
    await response.Content.ReadFromJsonAsync<JsonObject>();
}

internal sealed record Outcome(
    string Name, int Instances, int Recipients, double JobSeconds, double SendingSeconds, int Calls, double Rate, int Lost, int Duplicates, int Violations, bool Met);
