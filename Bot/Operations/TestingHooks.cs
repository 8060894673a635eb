using CityDealBot.Connector;

namespace CityDealBot.Operations;

/// <summary>
/// A clock that can be moved forward, so end-to-end tests can see a reminder that is months away. Only used
/// when the testing hooks are on.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public void SetUtcNow(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - System.GetUtcNow()).Ticks);
}

/// <summary>
/// Test hooks: <c>POST /testing/clock?utc=…</c> sets the bot's clock, <c>POST /testing/jobs/{name}</c> runs one
/// periodic job once by its class name (e.g. <c>LobbyReminderDispatcher</c>, <c>CopReminderSweeper</c>,
/// <c>CoffeeRounds</c>) and answers how many items it handled. They exist only
/// with <c>Testing:EnableHooks=true</c> in local mode (no app id), so a production bot never has them, and answer
/// only a JSON post from this machine's own tools (<see cref="LocalRequestGate"/>).
/// </summary>
public static class TestingHooks
{
    public static bool AreEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>("Testing:EnableHooks") && string.IsNullOrWhiteSpace(configuration["Connector:MicrosoftAppId"]);

    public static WebApplicationBuilder AddTestingHooks(this WebApplicationBuilder builder)
    {
        if (AreEnabled(builder.Configuration))
        {
            builder.Services.AddSingleton<AdjustableClock>();
            builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<AdjustableClock>());
        }

        return builder;
    }

    public static WebApplication MapTestingHooks(this WebApplication app)
    {
        if (!AreEnabled(app.Configuration))
        {
            return app;
        }

        // The local-mode gate (JSON only, loopback Host, no Origin) before anything runs, so no web page can move
        // the clock or send reminders, not even with a body-less post.
        var hooks = app.MapGroup("/testing").AddEndpointFilter(async (context, next) =>
            LocalRequestGate.Refusal(context.HttpContext.Request) ?? await next(context));
        hooks.MapPost("/clock", (DateTimeOffset utc, AdjustableClock clock) =>
        {
            clock.SetUtcNow(utc);
            return Results.Ok(new { now = clock.GetUtcNow() });
        });
        hooks.MapPost("/jobs/{name}", async (string name, IEnumerable<RegisteredPeriodicJob> jobs, IServiceProvider services, CancellationToken ct) =>
        {
            if (jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase)) is not { } job)
            {
                return Results.NotFound(new { known = jobs.Select(j => j.Name).Order(StringComparer.Ordinal) });
            }

            using var scope = services.CreateScope();
            var handled = await ((IPeriodicJob)scope.ServiceProvider.GetRequiredService(job.JobType)).RunPeriodicAsync(ct);
            return Results.Ok(new { job = job.Name, handled });
        });
        return app;
    }
}
