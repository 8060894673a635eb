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
    public async Task Two_instances_on_a_machine_starved_of_cpu_stay_within_teams_limits()
    {
        await using var fake = await FakeConnector.StartAsync();
        var prefix = AzuriteFixture.NewTablePrefix();
        await using var a = await Instance.StartAsync(storage, prefix);
        await using var b = await Instance.StartAsync(storage, prefix);
        // Both count each other before the judged burst (a newcomer's join is tested elsewhere).
        await a.Client.SendToConversationAsync(fake.ServiceUrl, "a:warm-up-a", Activity.CreateMessage("hoi"), default);
        await b.Client.SendToConversationAsync(fake.ServiceUrl, "a:warm-up-b", Activity.CreateMessage("hoi"), default);
        await WaitForShareAsync(a.Budget, b.Budget, new Uri(fake.ServiceUrl).Authority, 25);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        fake.Limits = new TeamsLimitLedger();

        // More busy threads than cores: every thread, the fake Connector's included, waits its turn for a core,
        // so calls leave and arrive late and unevenly, as on a heavily loaded host.
        using var hog = CpuHog.Start(Environment.ProcessorCount * 16);
        const int perInstance = 250;
        var sends = new List<Task<ResourceResponse>>();
        foreach (var (instance, name) in new[] { (a, "a"), (b, "b") })
        {
            sends.AddRange(Enumerable.Range(0, perInstance).Select(i => instance.Client.SendToConversationAsync(fake.ServiceUrl, $"a:{name}-{i}", Activity.CreateMessage("hoi"), default)));
            sends.AddRange(Enumerable.Range(0, 10).Select(i => instance.Client.SendToConversationAsync(fake.ServiceUrl, "19:deal@thread.tacv2", Activity.CreateMessage($"post {name}{i}"), default)));
        }

        var results = await Task.WhenAll(sends);
        hog.Dispose();

        Console.WriteLine($"STALL {hog.LongestStall.TotalMilliseconds:F0} ms, rejected {fake.Limits.Rejected}");
        Assert.True(fake.Limits.Rejected == 0, $"{fake.Limits.Rejected} calls over Teams' limits (the hog delayed timers by up to {hog.LongestStall.TotalMilliseconds:F0} ms):\n{string.Join('\n', fake.Limits.Rejections)}");
        Assert.All(results, r => Assert.NotNull(r.Id));
        Assert.Equal(2 * (perInstance + 10), fake.Limits.Accepted);
        // The hog really starved the process: a 10 ms timer came back at least 20 ms late at some point.
        Assert.True(hog.LongestStall >= TimeSpan.FromMilliseconds(20), $"the hog stalled timers by only {hog.LongestStall.TotalMilliseconds:F0} ms");
    }

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
        // Still close to the tenant's 50 a second together: 520 calls in at most 13 s (80 %).
        Assert.True(seconds <= 13, $"{2 * (perInstance + 10)} calls took {seconds:F1} s");
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

    /// <summary>Busy threads that keep every core taken, and how late a 10 ms timer came back meanwhile.</summary>
    private sealed class CpuHog : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Thread> _threads = [];
        private long _longestStallTicks;

        public TimeSpan LongestStall => TimeSpan.FromTicks(Interlocked.Read(ref _longestStallTicks));

        public static CpuHog Start(int threads)
        {
            var hog = new CpuHog();
            for (var i = 0; i < threads; i++)
            {
                var thread = new Thread(() =>
                {
                    while (!hog._stop.IsCancellationRequested)
                    {
                        Thread.SpinWait(1000);
                    }
                }) { IsBackground = true };
                hog._threads.Add(thread);
                thread.Start();
            }

            _ = Task.Run(async () =>
            {
                while (!hog._stop.IsCancellationRequested)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await Task.Delay(10);
                    var late = System.Diagnostics.Stopwatch.GetElapsedTime(started) - TimeSpan.FromMilliseconds(10);
                    long seen;
                    while (late.Ticks > (seen = Interlocked.Read(ref hog._longestStallTicks)) && Interlocked.CompareExchange(ref hog._longestStallTicks, late.Ticks, seen) != seen)
                    {
                    }
                }
            });
            return hog;
        }

        public void Dispose()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            _threads.ForEach(t => t.Join());
            _stop.Dispose();
        }
    }
}
