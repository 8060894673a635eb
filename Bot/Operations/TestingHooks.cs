using CityDealBot.Connector;
using CityDealBot.CopSessions;
using CityDealBot.Elections.Lobby;

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
/// Test hooks: <c>POST /testing/clock?utc=…</c> sets the bot's clock, <c>POST /testing/lobby/dispatch</c> runs the
/// lobby reminder dispatcher once, <c>POST /testing/cop/remind</c> the CoP session reminders and
/// <c>POST /testing/coffee/run</c> the coffee round. They exist only
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
        hooks.MapPost("/lobby/dispatch", async (LobbyReminderDispatcher dispatcher, CancellationToken ct) =>
            Results.Ok(new { sent = await dispatcher.RunOnceAsync(ct) }));
        hooks.MapPost("/cop/remind", async (CopReminderSweeper sweeper, CancellationToken ct) =>
            Results.Ok(new { sent = await sweeper.RunOnceAsync(ct) }));
        hooks.MapPost("/coffee/run", async (Coffee.CoffeeRounds rounds, CancellationToken ct) =>
            Results.Ok(new { sent = await rounds.RunOnceAsync(ct) }));
        return app;
    }
}
