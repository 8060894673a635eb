using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Speeddates;

/// <summary>
/// A CoP day: a hall of members presses one button within seconds, with the shipped outbound pacing, against a
/// fake Connector that answers 429 to anything that breaks Teams' limits. Every press is answered at once and
/// stored; the shared card catches up in a few coalesced updates that end with the right state.
/// </summary>
[Collection(CityDealBot.Tests.Connector.WallClockCollection.Name)]
public sealed class CopHallTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string SignUpCard = "signup-card";
    private const string Announcement = "cop-card";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    private readonly TeamsLimitLedger _limits = new();
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        Assert.True(_bot.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectorOptions>>().Value.EnforceTeamsRateLimits);
        _bot.Connector.Limits = _limits;
        _bot.Connector.PageSize = 100;
        await _bot.AddToTeamAsync(Enumerable.Range(0, 200).Select(i => ($"29:member-{i}", $"aad-member-{i}", $"Member {i}", $"member{i}@utrecht.nl")));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_hall_of_150_joins_one_speeddate_in_5_seconds_answered_at_once_stored_and_the_shared_card_ends_at_150()
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "speeddate"));
        var card = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("speeddate.join", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var session = card.ToJsonString().Split("\"session\":\"")[1].Split('"')[0];

        var answers = await BurstAsync(150, TimeSpan.FromSeconds(5), i =>
        {
            var invoke = Activities.CardAction(_bot.ServiceUrl, "speeddate.join", new JsonObject { ["session"] = session }, ($"29:member-{i}", $"aad-member-{i}", $"Member {i}"));
            invoke["replyToId"] = SignUpCard;
            return invoke;
        });

        Assert.All(answers, a => Assert.Contains("Je doet mee", a.Body, StringComparison.Ordinal));
        AssertPromptly(answers);
        var stored = (await _bot.RowsAsync("SpeeddateParticipants")).Where(r => r.PartitionKey == session).Select(r => r.RowKey).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"aad-member-{i}").ToHashSet(), stored);
        // The organisation guess came from one shared read of the roster, not one read per press.
        Assert.All((await _bot.RowsAsync("SpeeddateParticipants")).Where(r => r.PartitionKey == session), r => Assert.Equal(r.RowKey.Replace("aad-member-", "member", StringComparison.Ordinal) + "@utrecht.nl", r.GetString("Address")));
        Assert.InRange(_bot.Connector.Calls.Count(c => c.Path.EndsWith("/pagedmembers", StringComparison.Ordinal)), 1, 6);

        var updates = await SettledUpdatesAsync(SignUpCard);
        Assert.Contains("\"value\":\"150\"", Compact(updates[^1]), StringComparison.Ordinal);
        // Coalesced: a handful of updates, not one per press.
        Assert.InRange(updates.Count, 1, 60);
        Assert.Equal(0, _limits.Rejected);
    }

    [Fact]
    public async Task A_hall_of_120_answers_a_cop_session_in_5_seconds_each_answered_at_once_and_stored()
    {
        var sessionId = Guid.NewGuid().ToString();
        var dealKey = CityDealBot.Deals.DealDirectory.DealKey(Activities.ChannelId);
        await _bot.Factory.Services.GetRequiredService<CityDealBot.CopSessions.CopSessionStore>().SaveAsync(new CityDealBot.CopSessions.CopSessionRecord
        {
            PartitionKey = dealKey,
            RowKey = sessionId,
            Title = "CoP-dag klimaatadaptatie",
            StartsAt = DateTimeOffset.UtcNow.AddDays(7),
            DurationMinutes = 120,
            OrganiserKey = "aad-anne",
            Language = "nl",
        }, default);

        // Two in three say yes, the others maybe.
        var answers = await BurstAsync(120, TimeSpan.FromSeconds(5), i =>
        {
            var invoke = Activities.CardAction(_bot.ServiceUrl, "cop.rsvp",
                new JsonObject { ["deal"] = dealKey, ["session"] = sessionId, ["answer"] = i % 3 == 2 ? "maybe" : "yes" },
                ($"29:member-{i}", $"aad-member-{i}", $"Member {i}"));
            invoke["replyToId"] = Announcement;
            return invoke;
        });

        Assert.All(answers, a => Assert.Contains("CoP-dag klimaatadaptatie", a.Body, StringComparison.Ordinal));
        AssertPromptly(answers);
        var stored = (await _bot.RowsAsync("CopRsvps")).Where(r => r.PartitionKey == sessionId).ToList();
        Assert.Equal(120, stored.Count);
        Assert.Equal(80, stored.Count(r => r.GetString("Answer") == "yes"));
        Assert.Equal(40, stored.Count(r => r.GetString("Answer") == "maybe"));
        // Each answer is the person's own card; the channel's card is not rewritten, so nothing waits for Teams.
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.Path.EndsWith("/" + Announcement, StringComparison.Ordinal));
        Assert.Equal(0, _limits.Rejected);
    }

    // Presses start on a fixed schedule over the period, whatever the answers do (no coordinated omission).
    private async Task<List<(HttpStatusCode Status, string Body, TimeSpan Latency)>> BurstAsync(int count, TimeSpan period, Func<int, JsonObject> press)
    {
        var clock = Stopwatch.StartNew();
        var presses = new List<Task<(HttpStatusCode, string, TimeSpan)>>();
        for (var i = 0; i < count; i++)
        {
            var scheduled = period * i / count;
            if (scheduled > clock.Elapsed)
            {
                await Task.Delay(scheduled - clock.Elapsed);
            }

            var activity = press(i);
            presses.Add(Task.Run(async () =>
            {
                using var response = await _bot.SendAsync(activity);
                var body = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, FakeConnector.Json(JsonNode.Parse(body)!), clock.Elapsed - scheduled);
            }));
        }

        return [.. await Task.WhenAll(presses)];
    }

    private static void AssertPromptly(List<(HttpStatusCode Status, string Body, TimeSpan Latency)> answers)
    {
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var sorted = answers.Select(a => a.Latency).Order().ToList();
        var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
        Assert.True(p99 < TimeSpan.FromSeconds(1), $"p99 {p99.TotalMilliseconds:F0} ms, slowest {sorted[^1].TotalMilliseconds:F0} ms");
    }

    /// <summary>The updates of one shared card once no update is waiting any more; fails when that takes too long.</summary>
    private async Task<List<JsonObject>> SettledUpdatesAsync(string activityId)
    {
        var updates = _bot.Factory.Services.GetRequiredService<SharedCardUpdates>();
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (updates.Busy > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Shared cards still had updates waiting after {SettleTimeout.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }

        var sent = _bot.Connector.DeliveredActivities.Where(a => a["id"]?.GetValue<string>() == activityId).ToList();
        Assert.NotEmpty(sent);
        return sent;
    }

    private static string Compact(JsonObject activity) => FakeConnector.Json(activity).Replace(" ", string.Empty, StringComparison.Ordinal);
}
