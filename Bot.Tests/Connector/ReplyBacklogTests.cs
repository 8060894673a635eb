using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Connector;
using CityDealBot.Dispatch;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.Logging;

namespace CityDealBot.Tests.Connector;

/// <summary>
/// Replies beyond the memory window wait in the durable reply backlog: inbound turns are answered without waiting
/// for Teams' pacing or for room, and every reply still reaches the Connector once, in order per conversation.
/// The fake Connector answers 429 to any call over Teams' limits (<see cref="TeamsLimitLedger"/>, written apart
/// from the bot's own limiter). A memory window of 0.1 s at Teams' 50/s (5 replies) makes the backlog carry a burst.
/// </summary>
[Collection(WallClockCollection.Name)]
public sealed class ReplyBacklogTests(AzuriteFixture storage)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Connector:ReplyWindow"] = "00:00:00.1",
        ["Elections:RunDispatcher"] = "false",
        ["Pulse:SweepEvery"] = "00:00:00",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
        ["Coffee:CheckEvery"] = "00:00:00",
        ["Outbox:DrainEvery"] = "00:00:00",
    };

    [Fact]
    public async Task A_burst_to_several_conversations_is_answered_at_once_and_every_reply_arrives_once_in_order_within_teams_limits()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.Limits = new TeamsLimitLedger();
        await using var bot = new BotFactory(storage, Settings);
        var client = bot.StartOnLoopback();
        string[] people = ["u1", "u2", "u3", "u4", "u5"];
        const int perPerson = 40;

        // 200 help messages: each person sends theirs one after the other, the five side by side. The replies need
        // about 10 s at Teams' 8 per 2 s per conversation, far more than the burst itself.
        var latencies = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
        var burst = Stopwatch.StartNew();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = people.Length }, async (person, ct) =>
        {
            for (var i = 0; i < perPerson; i++)
            {
                var answered = Stopwatch.StartNew();
                var response = await client.PostAsJsonAsync("/api/messages", Help(connector, person, i), ct);
                latencies.Add(answered.Elapsed);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
        burst.Stop();
        var arrivedDuringBurst = Replies(connector).Count;
        var total = people.Length * perPerson;
        var stored = await BacklogRowsAsync(bot.TablePrefix);

        // No turn waited for the pacing: the whole burst was answered before half of its replies could leave.
        Assert.True(arrivedDuringBurst < total / 2, $"{arrivedDuringBurst} replies had arrived when the burst of {total} was answered after {burst.Elapsed}");
        Assert.True(latencies.Max() < TimeSpan.FromSeconds(3), $"slowest answer {latencies.Max()}");
        // The replies beyond the window really waited in the backlog.
        Assert.True(stored > 0, "nothing was written to the reply backlog");

        var replies = await WaitForRepliesAsync(connector, total, TimeSpan.FromSeconds(90));
        AssertOncePerMessageInOrder(replies, people, perPerson);
        // What came back from storage is the reply itself: the help card, in the person's language.
        Assert.All(connector.Calls.Where(c => c is { Method: "POST", Refused: false } && c.Path.Contains("/activities/msg-", StringComparison.Ordinal)),
            c => Assert.Contains("Wat CityDealBot voor je deal doet", FakeConnector.Json(c.Body!), StringComparison.Ordinal));
        Assert.True(connector.Limits.Rejected == 0, string.Join(Environment.NewLine, connector.Limits.Rejections));
        Assert.Equal(0, await BacklogRowsAsync(bot.TablePrefix));
    }

    [Fact]
    public async Task A_stopping_instance_hands_its_unsent_replies_to_another_that_sends_them_once_in_order()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.Limits = new TeamsLimitLedger();
        // Teams' latency: each conversation sends one at a time, so about two a second.
        connector.Latency = () => TimeSpan.FromMilliseconds(500);
        var prefix = AzuriteFixture.NewTablePrefix();
        var logs = new CapturingLoggerProvider();
        // A keeps 20 replies per conversation in memory (10 s at 2 a second): more than a conversation sends in the
        // five seconds a stopping instance keeps sending.
        var first = new BotFactory(storage, new Dictionary<string, string?>(Settings) { ["Connector:ReplyWindow"] = "00:00:10" }, tablePrefix: prefix) { Logs = logs };
        await using var second = new BotFactory(storage, Settings, tablePrefix: prefix);
        var clientA = first.StartOnLoopback();
        second.StartOnLoopback();
        string[] people = ["s1", "s2"];
        const int perPerson = 30;
        foreach (var person in people)
        {
            for (var i = 0; i < perPerson; i++)
            {
                (await clientA.PostAsJsonAsync("/api/messages", Help(connector, person, i))).EnsureSuccessStatusCode();
            }
        }

        // A stops at once: it sends for a few seconds, then writes what it has not sent to the backlog.
        await first.DisposeAsync();
        var stoppedAt = FakeConnector.Now;
        var sentByFirst = Replies(connector).Count;
        Assert.InRange(sentByFirst, 1, (people.Length * perPerson) - 1);
        Assert.Contains(logs.Logs, l => l.Category.EndsWith(nameof(ReplySender), StringComparison.Ordinal) && l.Message.Contains("unsent replies", StringComparison.Ordinal) && l.Message.Contains("handed to the backlog", StringComparison.Ordinal));

        // B adopts the backlog and sends the rest: every reply once, in order, within Teams' limits.
        var replies = await WaitForRepliesAsync(connector, people.Length * perPerson, TimeSpan.FromSeconds(120));
        AssertOncePerMessageInOrder(replies, people, perPerson);
        Assert.Contains(replies, r => r.At > stoppedAt);
        Assert.True(connector.Limits.Rejected == 0, string.Join(Environment.NewLine, connector.Limits.Rejections));
        Assert.Equal(0, await BacklogRowsAsync(prefix));
    }

    [Fact]
    public async Task Forget_me_removes_the_persons_waiting_replies_from_the_backlog_and_the_others_still_arrive()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.Limits = new TeamsLimitLedger();
        connector.Latency = () => TimeSpan.FromMilliseconds(300);
        await using var bot = new BotFactory(storage, Settings);
        var client = bot.StartOnLoopback();
        const int fromZoe = 30;
        const int fromAnne = 10;
        for (var i = 0; i < fromZoe; i++)
        {
            (await client.PostAsJsonAsync("/api/messages", Help(connector, "zoe", i))).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < fromAnne; i++)
        {
            (await client.PostAsJsonAsync("/api/messages", Help(connector, "anne", i))).EnsureSuccessStatusCode();
        }

        // Zoë's replies wait in the backlog, named as hers.
        var table = storage.Table(bot.TablePrefix, ReplyBacklog.Table);
        Assert.Contains(await WaitingAsync(table), r => r.GetString("About")!.Contains("aad-zoe", StringComparison.Ordinal));

        var invoke = Activities.Invoke(connector.ServiceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "privacy.forget", ["data"] = new JsonObject() },
        });
        invoke["from"] = new JsonObject { ["id"] = "29:zoe", ["aadObjectId"] = "aad-zoe", ["name"] = NameOf("zoe") };
        invoke["conversation"] = new JsonObject { ["id"] = "a:personal-aad-zoe", ["conversationType"] = "personal", ["tenantId"] = Activities.Tenant };
        invoke["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Activities.Tenant } };
        var forgotten = await client.PostAsJsonAsync("/api/messages", invoke);
        Assert.Equal(HttpStatusCode.OK, forgotten.StatusCode);
        Assert.Contains("Vergeten:", FakeConnector.Json(JsonNode.Parse(await forgotten.Content.ReadAsStringAsync())!), StringComparison.Ordinal);

        Assert.DoesNotContain(await WaitingAsync(table), r => r.Any(p => p.Value is string s && (s.Contains("aad-zoe", StringComparison.Ordinal) || s.Contains("29:zoe", StringComparison.Ordinal))));
        // Anne's replies all arrive, in order; of Zoë's only those already on their way or in memory do.
        var anne = await WaitForRepliesAsync(connector, fromAnne, TimeSpan.FromSeconds(60), "anne");
        AssertOncePerMessageInOrder(anne, ["anne"], fromAnne);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var zoe = Replies(connector, "zoe");
        Assert.InRange(zoe.Count, 1, fromZoe - 1);
        Assert.Equal(zoe.Select(r => r.Message).Order(StringComparer.Ordinal), zoe.Select(r => r.Message));
        Assert.Equal(0, await BacklogRowsAsync(bot.TablePrefix));
        Assert.True(connector.Limits.Rejected == 0, string.Join(Environment.NewLine, connector.Limits.Rejections));
    }

    [Fact]
    public async Task Stopping_waits_for_pending_work_within_its_limit_then_cancels()
    {
        var pending = 3;
        using var stopped = new CancellationTokenSource();
        var drained = Task.Run(async () =>
        {
            while (Volatile.Read(ref pending) > 0)
            {
                await Task.Delay(50);
                Interlocked.Decrement(ref pending);
            }
        });

        Assert.Equal(0, await BackgroundDrain.StopAsync(() => Volatile.Read(ref pending), TimeSpan.FromSeconds(10), stopped, default));
        await drained;
        Assert.True(stopped.IsCancellationRequested);

        // Work that does not finish is cancelled once the sender's own limit has passed.
        using var stoppedToo = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        Assert.Equal(2, await BackgroundDrain.StopAsync(() => 2, TimeSpan.FromMilliseconds(300), stoppedToo, default));
        Assert.True(stoppedToo.IsCancellationRequested);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));
    }

    private sealed record Reply(string Person, string Message, TimeSpan At);

    /// <summary>A name no reply's text holds by chance ("zoe" is in "zoeken"), so forgetting its bearer takes only their replies.</summary>
    private static string NameOf(string person) => person + " Testpersoon";

    /// <summary>A help message from the person in their personal chat; its id says whose and which it is.</summary>
    private static JsonObject Help(FakeConnector connector, string person, int index)
    {
        var message = Activities.PersonalMessage(connector.ServiceUrl, "help", userId: "29:" + person, aad: "aad-" + person, name: NameOf(person));
        message["id"] = $"msg-{person}-{index:D3}";
        return message;
    }

    /// <summary>Replies the Connector took (answers to a help message, found by the id in the path), in arrival order.</summary>
    private static List<Reply> Replies(FakeConnector connector, string? person = null) =>
        [.. connector.Calls.Where(c => c is { Method: "POST", Refused: false })
            .Select(c => System.Text.RegularExpressions.Regex.Match(c.Path, "^/v3/conversations/a:personal-aad-([^/]+)/activities/(msg-[^/]+)$") is { Success: true } m
                ? new Reply(m.Groups[1].Value, m.Groups[2].Value, c.At)
                : null)
            .OfType<Reply>()
            .Where(r => person is null || r.Person == person)];

    private static async Task<List<Reply>> WaitForRepliesAsync(FakeConnector connector, int count, TimeSpan within, string? person = null)
    {
        var waited = Stopwatch.StartNew();
        while (Replies(connector, person).Count < count)
        {
            Assert.True(waited.Elapsed < within, $"{Replies(connector, person).Count} of {count} replies arrived within {within}");
            await Task.Delay(100);
        }

        // Anything sent twice would arrive right behind.
        await Task.Delay(TimeSpan.FromSeconds(1));
        return Replies(connector, person);
    }

    private static void AssertOncePerMessageInOrder(List<Reply> replies, string[] people, int perPerson)
    {
        foreach (var person in people)
        {
            var expected = Enumerable.Range(0, perPerson).Select(i => $"msg-{person}-{i:D3}").ToList();
            Assert.Equal(expected, replies.Where(r => r.Person == person).Select(r => r.Message).ToList());
        }

        Assert.Equal(people.Length * perPerson, replies.Count);
    }

    /// <summary>Replies waiting in the backlog (the directory rows aside).</summary>
    private static async Task<List<TableEntity>> WaitingAsync(TableClient table) =>
        await table.QueryAsync<TableEntity>($"PartitionKey ne '{ReplyBacklog.DirectoryPartition}'").ToListAsync();

    private async Task<int> BacklogRowsAsync(string prefix)
    {
        try
        {
            return (await WaitingAsync(storage.Table(prefix, ReplyBacklog.Table))).Count;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }
}
