using System.Diagnostics;
using System.Text.Json.Nodes;
using CityDealBot.Dispatch;
using CityDealBot.Pulse;
using CityDealBot.Storage;
using CityDealBot.Tests.Connector;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Dispatch;

/// <summary>
/// Two bot instances share one storage and send to one tenant: Teams' 50 requests per second per app and tenant
/// is their budget together, not each. The fake Connector answers 429 to any call over Teams' limits, counted by
/// <see cref="TeamsLimitLedger"/>, written apart from the bot's own limiter.
/// </summary>
// Judged on the wall clock: run alone, as the other pacing tests do, so the suite's own load does not bunch the calls.
[Collection(WallClockCollection.Name)]
public sealed class TwoInstanceDispatchTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Two_instances_reminding_one_tenant_at_once_stay_within_its_50_per_second_together()
    {
        await using var connector = await FakeConnector.StartAsync();
        var time = new FakeTimeProvider(PulseHarness.Start);
        var prefix = AzuriteFixture.NewTablePrefix();
        var settings = new Dictionary<string, string?> { ["Pulse:SweepEvery"] = "00:00:00", ["Elections:RunDispatcher"] = "false", ["Logging:LogLevel:" + typeof(SharedTenantBudget).FullName] = "Debug" };
        // The budget's own account of its shares, on the Connector's clock, to set beside any refused call.
        var budgetLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var a = new BotFactory(storage, settings, s => s.AddSingleton<TimeProvider>(time).AddSingleton<ILoggerProvider>(new BudgetLog("A", budgetLog)), prefix);
        await using var b = new BotFactory(storage, settings, s => s.AddSingleton<TimeProvider>(time).AddSingleton<ILoggerProvider>(new BudgetLog("B", budgetLog)), prefix);
        var clientA = a.StartOnLoopback();
        b.StartOnLoopback();
        const int members = 400;
        foreach (var person in Enumerable.Range(0, members).Select(i => $"p{i:D3}"))
        {
            connector.Members.Add(new JsonObject { ["id"] = "29:" + person, ["aadObjectId"] = "aad-" + person, ["name"] = person, ["email"] = person + "@utrecht.nl" });
        }

        connector.PageSize = 500;
        (await clientA.PostAsync("/api/messages", Json(Activities.BotAddedToTeam(connector.ServiceUrl)))).EnsureSuccessStatusCode();
        (await clientA.PostAsync("/api/messages", Json(Activities.ChannelMessage(connector.ServiceUrl, "peiling 2026-12-04")))).EnsureSuccessStatusCode();
        await connector.WaitForActivityAsync(x => PulseHarness.Card(x)?["refresh"] is not null);
        // Let the set-up's sends (some leave after their turn) reach the Connector and then Teams' one-second window,
        // then judge every call of the sweep.
        await connector.WaitForQuietAsync(quietFor: TimeSpan.FromSeconds(1.2));
        connector.Limits = new TeamsLimitLedger();

        // Tuesday 1 December 16:45 in Amsterdam: the first reminder slot has come; both instances sweep at once.
        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 16, 45, 0, TimeSpan.FromHours(1)).ToUniversalTime());
        var started = FakeConnector.Now;
        await Task.WhenAll(a.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(default), b.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(default));
        var ended = FakeConnector.Now;

        Assert.True(connector.Limits.Rejected == 0, $"{connector.Limits.Rejected} calls over Teams' limits:\n{string.Join('\n', connector.Limits.Rejections)}\nThe budget:\n{string.Join('\n', budgetLog)}");
        var reminded = connector.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal)).ToList();
        Assert.Equal(members, reminded.Count);
        var created = connector.Calls.Where(c => c.Method == "POST" && c.Path == "/v3/conversations").Select(c => c.Body!["members"]![0]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(members, created.Distinct().Count());
        Assert.Equal(members, created.Count);
        // Both instances did a real part of the work (each claim names its holder), so the limit held with both sending.
        var ledger = await storage.Table(prefix, DeliveryLedger.Table).QueryAsync<DeliveryRecord>().ToListAsync();
        var byHolder = ledger.Where(r => r.State == DeliveryStates.Sent).GroupBy(r => r.Holder).Select(g => g.Count()).ToList();
        Assert.Equal(2, byHolder.Count);
        Assert.All(byHolder, n => Assert.True(n >= members / 5, $"one instance sent only {n} of {members}"));
        // Two calls per member (open the chat, send): at least 1,000 calls at no more than 50/s, so over 16 seconds.
        Assert.True(connector.Limits.Accepted >= 2 * members, $"{connector.Limits.Accepted} calls");
        // Judged on the Connector's clock: the sweep's own calls arrived while it ran, and over 15 seconds at least.
        var sweepCalls = connector.Calls.Where(c => c.Method == "POST" && (c.Path == "/v3/conversations" || c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal))).ToList();
        var seconds = (ended - started).TotalSeconds;
        var arrivals = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sweep from {started.TotalSeconds:F3} s to {ended.TotalSeconds:F3} s; its calls arrived from {sweepCalls.Min(c => c.At).TotalSeconds:F3} s to {sweepCalls.Max(c => c.At).TotalSeconds:F3} s");
        Assert.All(sweepCalls, c => Assert.True(c.At >= started && c.At <= ended, arrivals));
        Assert.True(seconds >= (2.0 * members / 50) - 1, $"{sweepCalls.Count} calls in {seconds:F1} s is more than 50/s ({arrivals})");
    }

    [Fact]
    public async Task An_instance_alone_takes_the_whole_budget_and_a_second_one_halves_it_after_waiting_its_turn()
    {
        var options = Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix() });
        var first = new SharedTenantBudget(new StorageTables(options), NullLogger<SharedTenantBudget>.Instance);
        var second = new SharedTenantBudget(new StorageTables(options), NullLogger<SharedTenantBudget>.Instance);
        await first.StartAsync(default);
        await second.StartAsync(default);
        try
        {
            const string tenant = "smba.example";
            Assert.Null(first.ShareOf(tenant));
            Assert.Equal(50, await ShareAsync(first, tenant, TimeSpan.FromSeconds(15)));
            // The first one keeps sending, as an instance in a fan-out asks before every call; an idle one gives its share back.
            using var stop = new CancellationTokenSource();
            var sending = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    first.ShareOf(tenant);
                    await Task.Delay(20);
                }
            });

            var joined = Stopwatch.StartNew();
            Assert.Null(second.ShareOf(tenant));
            // Joining takes two of the first one's renewals and one of its own (about 3 s) and the window clearance
            // (2.25 s); the wait is generous for a loaded machine, the timing is judged below.
            Assert.Equal(25, await ShareAsync(second, tenant, TimeSpan.FromSeconds(20)));
            // The newcomer waited until the first one had counted it (and so lowered its pace) and its sends at the
            // old pace had left Teams' window.
            Assert.Equal(25, first.ShareOf(tenant)?.PerSecond);
            Assert.True(joined.Elapsed >= SharedTenantBudget.WindowClear, $"sent after {joined.Elapsed}");
            await stop.CancelAsync();
            await sending;

            // The first stops sending: after its idle time it gives its share back, and the second takes all 50.
            Assert.Equal(50, await ShareAsync(second, tenant, TimeSpan.FromSeconds(20), expected: 50));
        }
        finally
        {
            await first.StopAsync(default);
            await second.StopAsync(default);
        }
    }

    private static async Task<int> ShareAsync(SharedTenantBudget budget, string tenant, TimeSpan within, int? expected = null)
    {
        var deadline = Stopwatch.StartNew();
        int? last = null;
        while (deadline.Elapsed < within)
        {
            if ((last = budget.ShareOf(tenant)?.PerSecond) is { } share && (expected is null || share == expected))
            {
                return share;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No share of {tenant} within {within} (last: {last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
    }

    /// <summary>Lines of <see cref="SharedTenantBudget"/> (its joins and share changes), stamped on the fake Connector's clock.</summary>
    private sealed class BudgetLog(string instance, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName == typeof(SharedTenantBudget).FullName ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{FakeConnector.Now.TotalSeconds:F3} s {instance}: {formatter(state, exception)}"));

        public void Dispose()
        {
        }
    }

    private static StringContent Json(JsonObject activity) => new(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
