using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Replies with the shipped pacing against a fake Connector that enforces Teams' limits: the inbound request is
/// answered at once, the reply follows in the background, in order within its conversation, and all arrive.
/// </summary>
[Collection(CityDealBot.Tests.Connector.WallClockCollection.Name)]
public sealed class PacedReplyTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TeamsLimitLedger _limits = new();
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        _bot.Connector.Limits = _limits;
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Replies_in_one_conversation_arrive_in_the_order_the_messages_came_although_pacing_holds_them()
    {
        // A first turn pays for start-up (tables, caches); the conversation's windows are clear again after 2.1 s.
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "hulp"));
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var clock = Stopwatch.StartNew();
        var words = Enumerable.Range(1, 12).Select(i => $"woord{i}").ToList();
        var slowest = TimeSpan.Zero;
        foreach (var word in words)
        {
            var started = clock.Elapsed;
            using var response = await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, word));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            slowest = clock.Elapsed - started > slowest ? clock.Elapsed - started : slowest;
        }

        var replies = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ik ken de opdracht 'woord", StringComparison.Ordinal), words.Count);
        // Teams allows 8 per 2 seconds in one conversation, so the pacing held the last replies back ...
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(2), $"twelve replies in {clock.Elapsed.TotalMilliseconds:F0} ms");
        // ... but no request waited for it.
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"slowest request {slowest.TotalMilliseconds:F0} ms");
        Assert.Equal(words, replies.Select(r => words.Single(w => FakeConnector.Json(r).Contains($"'{w}'", StringComparison.Ordinal))));
        Assert.Equal(0, _limits.Rejected);
    }

    [Fact]
    public async Task A_burst_of_200_help_messages_in_one_second_is_answered_at_once_and_every_reply_arrives_within_the_limits()
    {
        var clock = Stopwatch.StartNew();
        var requests = new List<Task<(HttpStatusCode Status, TimeSpan Latency)>>();
        for (var i = 0; i < 200; i++)
        {
            var scheduled = TimeSpan.FromSeconds(i / 200.0);
            if (scheduled > clock.Elapsed)
            {
                await Task.Delay(scheduled - clock.Elapsed);
            }

            var message = Activities.PersonalMessage(_bot.ServiceUrl, "help", "en-US", $"29:user-{i}", $"aad-user-{i}", $"User {i}");
            requests.Add(Task.Run(async () =>
            {
                using var response = await _bot.SendAsync(message);
                return (response.StatusCode, clock.Elapsed - scheduled);
            }));
        }

        var answers = await Task.WhenAll(requests);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var sorted = answers.Select(a => a.Latency).Order().ToList();
        var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
        Assert.True(p99 < TimeSpan.FromSeconds(1), $"p99 {p99.TotalMilliseconds:F0} ms");

        var replies = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("What CityDealBot does", StringComparison.Ordinal), 200);
        Assert.Equal(200, replies.Count);
        Assert.Equal(0, _limits.Rejected);
    }

    /// <summary>Accepted activities matching, once there are <paramref name="count"/>; fails loudly after 60 s.</summary>
    private async Task<List<JsonObject>> WaitForCountAsync(Func<JsonObject, bool> predicate, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var found = _bot.Connector.DeliveredActivities.Where(predicate).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{found.Count} of {count} replies arrived.");
            }

            await Task.Delay(50);
        }
    }
}
