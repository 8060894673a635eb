using CityDealBot.Connector;
using CityDealBot.Dispatch;
using CityDealBot.Storage;
using CityDealBot.Tests.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CityDealBot.Tests.Dispatch;

/// <summary>
/// Two instances' Connector pipelines (retry, token, pacing) with their shares of one tenant's budget on one
/// Azurite, sending at once against the fake Connector that answers 429 to any call over Teams' limits
/// (<see cref="TeamsLimitLedger"/>, counted on arrival).
/// </summary>
[Collection(WallClockCollection.Name)]
public sealed class SharedBudgetTimingTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Two_instances_whose_calls_stall_after_taking_their_slot_stay_within_teams_limits()
    {
        await using var fake = await FakeConnector.StartAsync();
        var prefix = AzuriteFixture.NewTablePrefix();
        // Between taking its slot and reaching the socket each call is held up for 0 to 250 ms, as a thread that
        // loses its core on a loaded host (or waits for a token, a connection, a garbage collection) is held up.
        await using var a = await Instance.StartAsync(storage, prefix, stall: TimeSpan.FromMilliseconds(250));
        await using var b = await Instance.StartAsync(storage, prefix, stall: TimeSpan.FromMilliseconds(250));
        await a.Client.SendToConversationAsync(fake.ServiceUrl, "a:warm-up-a", Activity.CreateMessage("hoi"), default);
        await b.Client.SendToConversationAsync(fake.ServiceUrl, "a:warm-up-b", Activity.CreateMessage("hoi"), default);
        await WaitForShareAsync(a.Budget, b.Budget, new Uri(fake.ServiceUrl).Authority, 25);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        fake.Limits = new TeamsLimitLedger();

        const int perInstance = 250;
        var started = FakeConnector.Now;
        var sends = new List<Task<ResourceResponse>>();
        foreach (var (instance, name) in new[] { (a, "a"), (b, "b") })
        {
            sends.AddRange(Enumerable.Range(0, perInstance).Select(i => instance.Client.SendToConversationAsync(fake.ServiceUrl, $"a:{name}-{i}", Activity.CreateMessage("hoi"), default)));
            sends.AddRange(Enumerable.Range(0, 10).Select(i => instance.Client.SendToConversationAsync(fake.ServiceUrl, "19:deal@thread.tacv2", Activity.CreateMessage($"post {name}{i}"), default)));
        }

        var results = await Task.WhenAll(sends);
        var seconds = (FakeConnector.Now - started).TotalSeconds;

        Assert.True(fake.Limits.Rejected == 0, $"{fake.Limits.Rejected} calls over Teams' limits:\n{string.Join('\n', fake.Limits.Rejections)}");
        Assert.All(results, r => Assert.NotNull(r.Id));
        Assert.Equal(2 * (perInstance + 10), fake.Limits.Accepted);
        // A stalled call counts from its slot until it reached the socket, and stalls this long widen every window's
        // headroom to about 250 ms, so the pace falls well below Teams' 50 a second (to about 28): the price of not
        // knowing when a starved host's calls reach Teams. It keeps going all the same: 520 calls in at most 26 s.
        Assert.True(seconds <= 26, $"{2 * (perInstance + 10)} calls took {seconds:F1} s");
    }

    [Fact]
    public async Task A_newcomer_to_a_conversation_whose_half_minute_and_hour_the_first_instance_nearly_filled_keeps_both_within_teams_limits()
    {
        // The pacing runs on a simulated clock, so that an hour of one channel's sends takes seconds; the instances'
        // shares are learnt through real rows on Azurite, on the wall clock.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var prefix = AzuriteFixture.NewTablePrefix();
        const string tenant = "smba.example";
        const string channel = "19:cop-hall@thread.tacv2";
        var teams = new TeamsLimitLedger();
        var sent = new Dictionary<string, List<string>> { ["a"] = [], ["b"] = [] };
        await using var a = await Instance.StartAsync(storage, prefix, clock);

        // The first instance, alone, posts 1,750 card updates in the channel: the most its hour allows, at 60 a half
        // minute, so at the end its last half minute and its hour are both nearly full.
        var firstAlone = Enumerable.Range(0, 1750).Select(i => $"a-{i}").ToList();
        await SendAllAsync(clock, start, teams, channel, sent, [("a", a, new Queue<string>(firstAlone))], (_, _) => { });
        Assert.True(teams.Rejected == 0, string.Join('\n', teams.Rejections));
        Assert.Equal(1750, teams.Accepted);

        // A second instance joins (the first keeps asking for its share, as one that is still sending does) and both
        // post 100 more; the newcomer's own record of the channel is empty.
        var joining = System.Diagnostics.Stopwatch.StartNew();
        await using var b = await Instance.StartAsync(storage, prefix, clock);
        using var stop = new CancellationTokenSource();
        var firstKeepsAsking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                a.Budget.ShareOf(tenant);
                await Task.Delay(20);
            }
        });
        await WaitForShareAsync(a.Budget, b.Budget, tenant, 25);
        await stop.CancelAsync();
        await firstKeepsAsking;
        // The join took that long on the wall clock, and as long on the simulated one: the newcomer's wait for the
        // first one's sends at the old pace to leave Teams' one- and two-second windows is part of it.
        clock.Advance(joining.Elapsed);
        var joinedAt = clock.GetUtcNow();
        var firstOfNewcomer = new List<DateTimeOffset>();
        await SendAllAsync(clock, start, teams, channel, sent,
            [("a", a, new Queue<string>(Enumerable.Range(1750, 100).Select(i => $"a-{i}"))), ("b", b, new Queue<string>(Enumerable.Range(0, 100).Select(i => $"b-{i}")))],
            (name, at) => { if (name == "b" && firstOfNewcomer.Count == 0) { firstOfNewcomer.Add(at); } });

        Assert.True(teams.Rejected == 0, $"{teams.Rejected} sends over Teams' limits:\n{string.Join('\n', teams.Rejections.Take(10))}");
        // Nothing lost, nothing twice, both sent their part.
        Assert.Equal(1850, sent["a"].Count);
        Assert.Equal(1850, sent["a"].Distinct().Count());
        Assert.Equal(100, sent["b"].Count);
        Assert.Equal(100, sent["b"].Distinct().Count());
        Assert.Equal(1950, teams.Accepted);
        // The newcomer did not wait out the hour: of its half (900) the first one's posts beyond their own half (850)
        // left it 50 at once, and the rest as those left the hour.
        Assert.True(firstOfNewcomer[0] - joinedAt < TimeSpan.FromSeconds(35), $"the newcomer first sent {firstOfNewcomer[0] - joinedAt} after joining");
        Assert.True(clock.GetUtcNow() - joinedAt > TimeSpan.FromMinutes(30), "the first instance's posts in the hour held both back");

        // The first instance stops sending and, idle, leaves: the newcomer takes the tenant's whole second, but the
        // first one's posts still in the hour keep counting against the channel.
        var leaving = System.Diagnostics.Stopwatch.StartNew();
        using var stopB = new CancellationTokenSource();
        var newcomerKeepsAsking = Task.Run(async () =>
        {
            while (!stopB.IsCancellationRequested)
            {
                b.Budget.ShareOf(tenant);
                await Task.Delay(20);
            }
        });
        var shares = storage.Table(prefix, SharedTenantBudget.Table);
        while (!(await shares.QueryAsync<TenantShareRecord>().ToListAsync()).Any(r => r.RowKey == a.Budget.InstanceId && r.Left))
        {
            Assert.True(leaving.Elapsed < TimeSpan.FromSeconds(20), "the idle first instance did not leave");
            await Task.Delay(100);
        }

        while (b.Budget.ShareOf(tenant) is not { PerSecond: 50 } alone || alone.ConversationInstances[^1] != 2)
        {
            Assert.True(leaving.Elapsed < TimeSpan.FromSeconds(30), $"the newcomer's share: {b.Budget.ShareOf(tenant)}");
            await Task.Delay(50);
        }

        await stopB.CancelAsync();
        await newcomerKeepsAsking;
        clock.Advance(leaving.Elapsed);
        await SendAllAsync(clock, start, teams, channel, sent, [("b", b, new Queue<string>(Enumerable.Range(100, 900).Select(i => $"b-{i}")))], (_, _) => { });
        Assert.True(teams.Rejected == 0, $"{teams.Rejected} sends over Teams' limits after the first instance left:\n{string.Join('\n', teams.Rejections.Take(10))}");
        Assert.Equal(1000, sent["b"].Distinct().Count());
        Assert.Equal(2850, teams.Accepted);
    }

    /// <summary>
    /// Sends every queued message of each instance to one conversation as soon as its limiter allows, on the
    /// simulated clock, and records each send where Teams would count it.
    /// </summary>
    private static async Task SendAllAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, DateTimeOffset start, TeamsLimitLedger teams, string conversation,
        Dictionary<string, List<string>> sent, IReadOnlyList<(string Name, Instance Instance, Queue<string> Queue)> instances, Action<string, DateTimeOffset> onSent)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (instances.Any(i => i.Queue.Count > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the sends did not finish");
            var soonest = TimeSpan.MaxValue;
            var learning = false;
            foreach (var (name, instance, queue) in instances.Where(i => i.Queue.Count > 0))
            {
                if (instance.Budget.ShareOf("smba.example") is null)
                {
                    learning = true;
                    continue;
                }

                if (instance.Limiter.TryAcquire("smba.example", conversation) is { } wait)
                {
                    soonest = wait < soonest ? wait : soonest;
                    continue;
                }

                teams.TryRecord(conversation, clock.GetUtcNow() - start);
                sent[name].Add(queue.Dequeue());
                onSent(name, clock.GetUtcNow());
                soonest = TimeSpan.Zero;
            }

            if (learning)
            {
                await Task.Delay(20);
            }
            else if (soonest > TimeSpan.Zero && soonest != TimeSpan.MaxValue)
            {
                clock.Advance(soonest);
            }
        }
    }

    internal static async Task WaitForShareAsync(SharedTenantBudget a, SharedTenantBudget b, string tenant, int share)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (a.ShareOf(tenant)?.PerSecond != share || b.ShareOf(tenant)?.PerSecond != share)
        {
            Assert.True(DateTime.UtcNow < deadline, $"shares {a.ShareOf(tenant)?.PerSecond} and {b.ShareOf(tenant)?.PerSecond}, expected {share} each");
            await Task.Delay(20);
        }
    }

    /// <summary>One bot instance's Connector pipeline, as the bot builds it, with its own share of the tenant's budget.</summary>
    internal sealed class Instance : IAsyncDisposable
    {
        private Instance(SharedTenantBudget budget, ConnectorRateLimiter limiter, ConnectorClient client)
        {
            Budget = budget;
            Limiter = limiter;
            Client = client;
        }

        public SharedTenantBudget Budget { get; }

        public ConnectorRateLimiter Limiter { get; }

        public ConnectorClient Client { get; }

        public static async Task<Instance> StartAsync(AzuriteFixture storage, string prefix, TimeProvider? pacing = null, TimeSpan? stall = null)
        {
            var budget = new SharedTenantBudget(new StorageTables(Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = prefix })), NullLogger<SharedTenantBudget>.Instance);
            await budget.StartAsync(default);
            var limiter = new ConnectorRateLimiter(pacing ?? TimeProvider.System, budget);
            var options = Options.Create(new ConnectorOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(5) });
            // In the bot's order (ConnectorRegistration): retries outermost, the token before the pacing books a slot.
            var client = new ConnectorClient(new HttpClient(new ConnectorRetryHandler(options, TimeProvider.System)
            {
                InnerHandler = new BotTokenHandler(new NoBotToken(), new TrustedServiceUrls(options))
                {
                    InnerHandler = new ConnectorRateLimitHandler(limiter, options, TimeProvider.System)
                    {
                        InnerHandler = stall is { } upTo ? new StallHandler(upTo) { InnerHandler = ConnectorRateLimiter.CreateSocketsHandler() } : ConnectorRateLimiter.CreateSocketsHandler(),
                    },
                },
            }));
            return new Instance(budget, limiter, client);
        }

        public async ValueTask DisposeAsync() => await Budget.StopAsync(default);
    }

    /// <summary>Holds each call up for a random time before it goes on towards the socket.</summary>
    private sealed class StallHandler(TimeSpan upTo) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(upTo * Random.Shared.NextDouble(), cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

}
