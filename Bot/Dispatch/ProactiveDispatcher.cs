using CityDealBot.Connector;
using CityDealBot.Storage;
using Microsoft.Extensions.Options;

namespace CityDealBot.Dispatch;

/// <summary>Section <c>Dispatch</c>: how proactive fan-out runs on one instance.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>
    /// Deliveries worked on at once by this instance, over all fan-outs together. Enough to keep Teams' 50 requests
    /// per second busy at 100–300 ms a call with the storage calls around each send; the Connector pipeline keeps
    /// the pace and at most <see cref="ConnectorRateLimiter.MaxInFlight"/> calls on the wire.
    /// </summary>
    public int Parallelism { get; set; } = 32;
}

/// <summary>
/// One proactive delivery: its key in the <see cref="DeliveryLedger"/> and how to send it once it is claimed.
/// <see cref="SendAsync"/> finishes the claim itself (sent, skipped, parked in the outbox or released) and says
/// whether the message went out now.
/// </summary>
public sealed record ProactiveDelivery(string Partition, string Key, Func<DeliveryClaim, CancellationToken, Task<bool>> SendAsync);

/// <summary>What a fan-out did: sent now, not sent (skipped, parked or released by the sender), claimed by another instance, failed.</summary>
public sealed record DispatchTally(int Sent, int NotSent, int ClaimedElsewhere, int Failed)
{
    public static DispatchTally None { get; } = new(0, 0, 0, 0);

    public DispatchTally Add(DispatchTally other) =>
        new(Sent + other.Sent, NotSent + other.NotSent, ClaimedElsewhere + other.ClaimedElsewhere, Failed + other.Failed);
}

/// <summary>
/// The one way the bot's fan-outs (pulse reminders and guides, lobby reminders, CoP reminders, coffee introductions
/// and follow-ups, speeddate rounds, the outbox drain) send: several deliveries at once, at most
/// <see cref="DispatchOptions.Parallelism"/> on this instance over all fan-outs together, each claimed in the delivery
/// ledger before it is sent so that no instance or restart sends it twice. The pace is the Connector pipeline's:
/// Teams' limits per conversation and per tenant, the tenant's budget shared with the other instances
/// (<see cref="SharedTenantBudget"/>). A delivery that keeps failing is parked in the outbox by its sender; one that
/// throws is released in the ledger for the next sweep and does not stop the others.
/// Work that must not hold up an inbound request (a speeddate round after Start) runs in the background, in its
/// own scope, and is given time to finish when the instance stops.
/// </summary>
// The semaphore and the stop signal live as long as the host (see ReplySender).
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Lives as long as the host.")]
public sealed class ProactiveDispatcher(
    DeliveryLedger ledger,
    IServiceScopeFactory scopes,
    IOptions<DispatchOptions> options,
    ILogger<ProactiveDispatcher> logger) : IHostedService
{
    private readonly SemaphoreSlim _slots = new(options.Value.Parallelism, options.Value.Parallelism);
    private readonly CancellationTokenSource _stopped = new();
    private int _background;

    public string Holder { get; } = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Background fan-outs not finished yet.</summary>
    public int InBackgroundCount => Volatile.Read(ref _background);

    /// <summary>Claims and sends every delivery, several at once; returns when all are done.</summary>
    public async Task<DispatchTally> DispatchAsync(IReadOnlyList<ProactiveDelivery> deliveries, CancellationToken ct)
    {
        int sent = 0, notSent = 0, elsewhere = 0, failed = 0;
        await ForEachAsync(Rotated(deliveries), async (delivery, token) =>
        {
            var claim = await ledger.TryClaimAsync(delivery.Partition, delivery.Key, Holder, token);
            if (claim is null)
            {
                Interlocked.Increment(ref elsewhere);
                return;
            }

            try
            {
                if (await delivery.SendAsync(claim, token))
                {
                    Interlocked.Increment(ref sent);
                }
                else
                {
                    Interlocked.Increment(ref notSent);
                }
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                logger.LogError(e, "Delivery {Partition} could not be sent; the ledger releases it for a later sweep", delivery.Partition);
                try
                {
                    await ledger.ReleaseAfterFailureAsync(claim, e.Message, token);
                }
                catch (Exception release) when (StorageFailure.Is(release) || release is HttpRequestException)
                {
                    // The claim's lease runs out by itself; the delivery is taken over then.
                    logger.LogWarning(release, "A failed delivery could not be released; its lease lets it go");
                }
            }
        }, ct);
        return new DispatchTally(sent, notSent, elsewhere, failed);
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every item, several at once within this instance's bound. One item that
    /// throws does not stop the others (a send in flight still records that it was sent); the first exception is
    /// thrown again once all are done.
    /// </summary>
    public async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> work, CancellationToken ct)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? first = null;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = ct }, async (item, token) =>
        {
            await _slots.WaitAsync(token);
            try
            {
                await work(item, token);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref first, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                _slots.Release();
            }
        });
        first?.Throw();
    }

    /// <summary>
    /// Runs a fan-out after the request that asked for it has been answered, in a scope of its own (the request's
    /// is gone by then). Failures are logged; the ledger keeps what was not sent.
    /// </summary>
    public void InBackground(string what, Func<IServiceProvider, CancellationToken, Task> work)
    {
        Interlocked.Increment(ref _background);
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider, _stopped.Token);
            }
            catch (Exception e) when (!_stopped.IsCancellationRequested)
            {
                logger.LogError(e, "Background fan-out {What} failed", what);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Background fan-out {What} stopped with the instance", what);
            }
            finally
            {
                Interlocked.Decrement(ref _background);
            }
        }, CancellationToken.None);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await BackgroundDrain.StopAsync(() => InBackgroundCount, _stopped, cancellationToken) is > 0 and var left)
        {
            logger.LogWarning("Stopping with {Count} background fan-outs unfinished; the ledger keeps what was not sent", left);
        }
    }

    /// <summary>
    /// The deliveries from a random place on: instances sweeping the same list start apart, so they meet each
    /// other's claims at the end instead of contending for every one.
    /// </summary>
    private static IEnumerable<ProactiveDelivery> Rotated(IReadOnlyList<ProactiveDelivery> deliveries)
    {
        var start = deliveries.Count == 0 ? 0 : Random.Shared.Next(deliveries.Count);
        for (var i = 0; i < deliveries.Count; i++)
        {
            yield return deliveries[(start + i) % deliveries.Count];
        }
    }
}

public static class DispatchRegistration
{
    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DispatchOptions>().Bind(builder.Configuration.GetSection(DispatchOptions.Section))
            .Validate(o => o.Parallelism is >= 1 and <= 256, "Dispatch:Parallelism must be between 1 and 256.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SharedTenantBudget>();
        builder.Services.AddSingleton<ITenantBudget>(sp => sp.GetRequiredService<SharedTenantBudget>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedTenantBudget>());
        builder.Services.AddStoreWithoutPersonalData(SharedTenantBudget.Table);
        builder.Services.AddSingleton<IReplyBacklog, ReplyBacklog>();
        builder.Services.AddPersonalDataSource<ReplyBacklogPersonalData>();
        builder.Services.AddSingleton<ProactiveDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProactiveDispatcher>());
        return builder;
    }
}
