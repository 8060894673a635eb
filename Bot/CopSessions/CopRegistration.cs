using CityDealBot.Cards;
using CityDealBot.Operations;
using CityDealBot.Teams;

using CityDealBot.Storage;

namespace CityDealBot.CopSessions;

public static class CopRegistration
{
    public static WebApplicationBuilder AddCopSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CopSessionsOptions>().Bind(builder.Configuration.GetSection(CopSessionsOptions.Section))
            .Validate(o => o.ReminderSweepEvery >= TimeSpan.Zero, "CopSessions:ReminderSweepEvery may not be negative (zero switches the reminders off).")
            .Validate(o => o.BlockSweepEvery >= TimeSpan.Zero, "CopSessions:BlockSweepEvery may not be negative (zero switches the speed-date blocks off).")
            .ValidateOnStart();
        builder.Services.AddSingleton<CopSessionStore>();
        builder.Services.AddSingleton<Deals.IDealInsightSource, CopInsights>();
        builder.Services.AddPersonalDataSource<CopPersonalData>();
        builder.Services.AddTransient<CopPlanner>();
        builder.Services.AddSingleton<CopReminderSweeper>();
        builder.Services.AddPeriodicJob<CopReminderSweeper>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CopSessionsOptions>>().Value.ReminderSweepEvery);
        builder.Services.AddTransient<CopSpeeddateBlocks>();
        builder.Services.AddPeriodicJob<CopSpeeddateBlocks>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CopSessionsOptions>>().Value.BlockSweepEvery);
        builder.Services.AddBotCommand<CopCommand>();
        builder.Services.AddCardAction<PlanCopSession, CopCardActions>();
        builder.Services.AddCardAction<AnswerCopSession, CopCardActions>();
        builder.Services.AddCardAction<RefreshCopSession, CopCardActions>();
        builder.Services.AddCardAction<CancelCopSession, CopCardActions>();
        builder.Services.AddCardAction<ChangeCopSession, CopCardActions>();
        builder.Services.AddCardAction<FindCopTime, CopTimePoll>();
        builder.Services.AddCardAction<VoteCopTime, CopTimePoll>();
        builder.Services.AddCardAction<PickCopTime, CopTimePoll>();
        builder.Services.AddCardAction<RefreshCopPoll, CopTimePoll>();
        builder.Services.AddSignedLinkKind(CopLinks.Invitation);
        builder.Services.AddEndpoints(static app => app.MapCopSessions());
        return builder;
    }

    /// <summary>Serves the .ics fallback; the signed token is the only key.</summary>
    public static IEndpointRouteBuilder MapCopSessions(this IEndpointRouteBuilder app)
    {
        app.MapGet(CopLinks.InvitationRoute.Pattern, async (string token, SignedLinks links, CopSessionStore store, CancellationToken ct) =>
        {
            if (links.Verify(token, CopLinks.Invitation) is not { } link || await store.FindAsync(link.Scope, link.Item, ct) is not { } session)
            {
                return Results.NotFound();
            }

            var ics = CopInvitation.Ics(session);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "cop-sessie.ics");
        });
        return app;
    }
}
