namespace CityDealBot.Operations;

/// <summary>Background work every instance runs at an interval (sweeps, reminders, rounds); each keeps itself single through the delivery ledger.</summary>
public interface IPeriodicJob
{
    Task RunPeriodicAsync(CancellationToken ct);
}

/// <summary>
/// Runs one <see cref="IPeriodicJob"/> in a fresh scope at its interval; a failed run is logged and the next tick
/// tries again (storage or the Connector may be back by then). An interval of zero switches the job off, as tests do.
/// </summary>
public sealed class PeriodicJobService<TJob>(IServiceScopeFactory scopes, TimeSpan every, bool runAtStart, TimeProvider time, ILogger<PeriodicJobService<TJob>> logger)
    : BackgroundService
    where TJob : IPeriodicJob
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(every, time);
        if (!runAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }

        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<TJob>().RunPeriodicAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Job} failed; the next tick tries again", typeof(TJob).Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class PeriodicJobRegistration
{
    /// <param name="every">The interval, read from the job's options when the app starts.</param>
    /// <param name="runAtStart">Run once right away instead of after the first interval.</param>
    public static IServiceCollection AddPeriodicJob<TJob>(this IServiceCollection services, Func<IServiceProvider, TimeSpan> every, bool runAtStart = false)
        where TJob : IPeriodicJob =>
        services.AddHostedService(sp => new PeriodicJobService<TJob>(
            sp.GetRequiredService<IServiceScopeFactory>(), every(sp), runAtStart, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PeriodicJobService<TJob>>>()));
}
