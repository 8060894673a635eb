using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

// Fan-out of one proactive message to N members through the bot's own Connector pipeline (retry, Teams rate
// limiter, token handler) against a fake Connector on loopback that answers 429 to any send breaking Teams'
// published limits. Reports lost, duplicated and rejected sends and the throughput against the 50/s ceiling.
var members = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var ledger = new TeamsLimitLedger();
var delivered = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var clock = Stopwatch.StartNew();

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
var fake = builder.Build();
fake.MapPost("/v3/conversations/{conversation}/activities", (string conversation, HttpContext http) =>
{
    if (!ledger.TryRecord(conversation, clock.Elapsed))
    {
        http.Response.Headers.RetryAfter = "1";
        return Results.StatusCode(429);
    }

    delivered.AddOrUpdate(conversation, 1, (_, n) => n + 1);
    return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: 201);
});
await fake.StartAsync();
var serviceUrl = fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

var options = Options.Create(new ConnectorOptions());
// In the bot's order (ConnectorRegistration): retries, the token, the pacing, the socket that stamps when a call left.
var client = new ConnectorClient(new HttpClient(new ConnectorRetryHandler(options, TimeProvider.System)
{
    InnerHandler = new BotTokenHandler(new NoBotToken(), new TrustedServiceUrls(options))
    {
        InnerHandler = new ConnectorRateLimitHandler(new ConnectorRateLimiter(TimeProvider.System), options, TimeProvider.System)
        {
            InnerHandler = ConnectorRateLimiter.CreateSocketsHandler(),
        },
    },
}));

// Warm the fake and the client so start-up cost is not counted as pacing; then wait for the windows to clear.
await client.SendToConversationAsync(serviceUrl, "a:warm-up", Activity.CreateMessage("warm-up"), default);
delivered.Clear();
await Task.Delay(TimeSpan.FromSeconds(1.2));
var acceptedBefore = ledger.Accepted;

var failures = 0;
var started = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
{
    try
    {
        await client.SendToConversationAsync(serviceUrl, $"a:member-{i}", Activity.CreateMessage("Herinnering: de peiling sluit morgen."), ct);
    }
    catch (ConnectorException)
    {
        Interlocked.Increment(ref failures);
    }
});
var seconds = started.Elapsed.TotalSeconds;
await fake.StopAsync();

var lost = members - delivered.Count;
var duplicates = delivered.Values.Sum(n => n - 1);
var rate = (ledger.Accepted - acceptedBefore) / seconds;
Console.WriteLine($"| members | seconds | messages/s | share of 50/s | lost | duplicates | 429s (limit violations) | failed after retries |");
Console.WriteLine($"|---:|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {members} | {seconds:F1} | {rate:F1} | {rate / 50:P0} | {lost} | {duplicates} | {ledger.Rejected} | {failures} |"));
return lost == 0 && duplicates == 0 && ledger.Rejected == 0 ? 0 : 1;
