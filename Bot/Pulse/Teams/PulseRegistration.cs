using CityDealBot.Operations;
using CityDealBot.Cards;
using CityDealBot.Teams;

using CityDealBot.Storage;

namespace CityDealBot.Pulse;

public static class PulseRegistration
{
    public static WebApplicationBuilder AddPulse(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PulseOptions>().Bind(builder.Configuration.GetSection(PulseOptions.Section))
            .Validate(o => o.SweepEvery >= TimeSpan.Zero, "Pulse:SweepEvery may not be negative (zero switches the sweeper off).")
            .ValidateOnStart();
        builder.Services.AddOptions<PulsePrivacyOptions>()
            .Bind(builder.Configuration.GetSection(PulsePrivacyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<AnswerRetentionOptions>().Bind(builder.Configuration.GetSection(AnswerRetentionOptions.Section))
            .Validate(o => o.AnswerRetention >= TimeSpan.FromDays(1), "Privacy:AnswerRetention must be at least a day.")
            .Validate(o => o.RetentionSweepEvery >= TimeSpan.Zero, "Privacy:RetentionSweepEvery may not be negative (zero switches the sweep off).")
            .ValidateOnStart();
        builder.Services.AddSingleton<AnswerRetention>();
        builder.Services.AddPeriodicJob<AnswerRetention>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnswerRetentionOptions>>().Value.RetentionSweepEvery, runAtStart: true);
        builder.Services.AddSingleton<PulseStore>();
        builder.Services.AddSingleton<PulsePresenter>();
        builder.Services.AddSingleton<Deals.IDealInsightSource, PulseInsights>();
        builder.Services.AddSingleton<FollowUpRounds>();
        builder.Services.AddSingleton<Deals.IFollowUpRounds>(sp => sp.GetRequiredService<FollowUpRounds>());
        builder.Services.AddSingleton<PulseSweeper>();
        builder.Services.AddPeriodicJob<PulseSweeper>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PulseOptions>>().Value.SweepEvery);
        builder.Services.AddBotCommand<StartPulseCommand>();
        builder.Services.AddBotCommand<PulseResultsCommand>();
        builder.Services.AddSingleton<ProgrammeRoundStore>();
        builder.Services.AddSingleton<ProgrammeRoundOverview>();
        builder.Services.AddSingleton<ProgrammeRoundOpener>();
        builder.Services.AddPeriodicJob<ProgrammeRoundOpener>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PulseOptions>>().Value.SweepEvery);
        builder.Services.AddBotCommand<ProgrammeRoundCommand>();
        builder.Services.AddStoreWithoutPersonalData(ProgrammeRoundStore.Table);
        builder.Services.AddSignedLinkKind(PulseLinks.Chart);
        builder.Services.AddSignedLinkKind(PulseLinks.Export);
        builder.Services.AddCardAction<PulseAnswered, PulseCardActions>();
        builder.Services.AddCardAction<PulseRefreshed, PulseCardActions>();
        builder.Services.AddCardAction<PulseResultsRequested, PulseCardActions>();
        builder.Services.AddCardAction<PulseRemarksRequested, PulseCardActions>();
        builder.Services.AddCardAction<PulseExportRequested, PulseCardActions>();
        builder.Services.AddCardAction<PulseConversationPlanned, PulseGuideActions>();
        builder.Services.AddCardAction<FollowUpAnswered, PulseCardActions>();
        builder.Services.AddCardAction<FollowUpRefreshed, PulseCardActions>();
        builder.Services.AddPersonalDataSource<PulsePersonalData>();
        builder.Services.AddStoreWithoutPersonalData(PulseStore.TalliesTable);
        builder.Services.AddEndpoints(static app => app.MapPulse());
        return builder;
    }
}
