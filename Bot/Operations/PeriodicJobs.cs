using Microsoft.Extensions.Options;

namespace CityDealBot.Operations;

/// <summary>Section <c>Jobs</c>: the one switch over every periodic job.</summary>
public sealed class PeriodicJobOptions
{
    public const string Section = "Jobs";

    /// <summary>False runs no background job at all, whatever each job's interval says (tests that drive the jobs themselves).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Background work every instance runs at an interval (sweeps, reminders, rounds); each keeps itself single through the delivery ledger.</summary>
public interface IPeriodicJob
{
    /// <summary>One run; returns how many items it handled (messages sent, rounds closed, answers removed).</summary>
    Task<int> RunPeriodicAsync(CancellationToken ct);
}

/// <summary>A job as registered: its name (the class name) and type, so the testing hooks can run any of them once.</summary>
public sealed record RegisteredPeriodicJob(string Name, Type JobType);

/// <summary>
/// Runs one <see cref="IPeriodicJob"/> in a fresh scope at its interval; a failed run is logged and the next tick
/// tries again (storage or the Connector may be back by then). An interval of zero switches the one job off,
/// <see cref="PeriodicJobOptions.Enabled"/> false all of them.
/// </summary>
public sealed class PeriodicJobService<TJob>(IServiceScopeFactory scopes, TimeSpan every, bool runAtStart, bool enabled, TimeProvider time, ILogger<PeriodicJobService<TJob>> logger)
    : BackgroundService
    where TJob : IPeriodicJob
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!enabled || every <= TimeSpan.Zero)
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
        where TJob : IPeriodicJob
    {
        services.AddSingleton(new RegisteredPeriodicJob(typeof(TJob).Name, typeof(TJob)));
        return services.AddHostedService(sp => new PeriodicJobService<TJob>(
            sp.GetRequiredService<IServiceScopeFactory>(),
            every(sp),
            runAtStart,
            sp.GetRequiredService<IOptions<PeriodicJobOptions>>().Value.Enabled,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PeriodicJobService<TJob>>>()));
    }

    /// <summary>The switch over all jobs; each feature adds its own jobs with <see cref="AddPeriodicJob{TJob}"/>.</summary>
    public static WebApplicationBuilder AddPeriodicJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PeriodicJobOptions>().Bind(builder.Configuration.GetSection(PeriodicJobOptions.Section)).ValidateOnStart();
        return builder;
    }
}
