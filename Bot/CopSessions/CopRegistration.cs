using CityDealBot.Teams;

namespace CityDealBot.CopSessions;

public static class CopRegistration
{
    public static WebApplicationBuilder AddCopSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphOptions>().Bind(builder.Configuration.GetSection(GraphOptions.Section));
        builder.Services.AddOptions<CopSessionsOptions>().Bind(builder.Configuration.GetSection(CopSessionsOptions.Section));
        builder.Services.AddDataProtection();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<CopSessionStore>();
        builder.Services.AddSingleton<CopCalendar>();
        builder.Services.AddSingleton<CopInvitation>();
        builder.Services.AddTransient<CopPlanner>();
        builder.Services.AddBotCommand<CopCommand>();
        builder.Services.AddCardActions<CopCardActions>();
        return builder;
    }

    /// <summary>Serves the .ics fallback; the signed token is the only key.</summary>
    public static WebApplication MapCopSessions(this WebApplication app)
    {
        app.MapGet(CopInvitation.Route, async (string? t, CopInvitation invitation, CopSessionStore store, CancellationToken ct) =>
        {
            if (invitation.Read(t) is not { } reference || await store.FindAsync(reference.DealKey, reference.SessionId, ct) is not { } session)
            {
                return Results.NotFound();
            }

            var ics = CopInvitation.Ics(session, CopPlanner.Split(session.Invitees));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "cop-sessie.ics");
        });
        return app;
    }
}
