using CityDealBot.Operations;
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
        builder.Services.AddSingleton<PulseStore>();
        builder.Services.AddSingleton<PulsePresenter>();
        builder.Services.AddSingleton<PulseSweeper>();
        builder.Services.AddPeriodicJob<PulseSweeper>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PulseOptions>>().Value.SweepEvery);
        builder.Services.AddBotCommand<StartPulseCommand>();
        builder.Services.AddBotCommand<PulseResultsCommand>();
        builder.Services.AddCardActions<PulseCardActions>();
        builder.Services.AddCardActions<PulseGuideActions>();
        builder.Services.AddSingleton<DealSettingsStore>();
        builder.Services.AddSingleton<DealSettingsPresenter>();
        builder.Services.AddBotCommand<DealSettingsCommand>();
        builder.Services.AddBotCommand<OrganisationCommand>();
        builder.Services.AddCardActions<DealSettingsActions>();
        builder.Services.AddPersonalDataSource<PulsePersonalData>();
        builder.Services.AddStoreWithoutPersonalData(PulseStore.TalliesTable);
        return builder;
    }
}
