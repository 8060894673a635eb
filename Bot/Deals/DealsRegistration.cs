using CityDealBot.Cards;
using CityDealBot.Operations;
using CityDealBot.Teams;

using CityDealBot.Storage;

namespace CityDealBot.Deals;

public static class DealsRegistration
{
    public static WebApplicationBuilder AddDeals(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DealDirectory>();
        ProgrammeAdministrators.AddProgrammeAdministrators(builder);
        builder.Services.AddTransient<PersonalMessages>();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.MaxDequeues >= 1 && o.FirstBackoff >= TimeSpan.Zero && o.Lease > TimeSpan.Zero && o.DrainEvery >= TimeSpan.Zero,
                "Outbox: MaxDequeues must be at least 1, Lease positive, FirstBackoff and DrainEvery not negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ProactiveOutbox>();
        builder.Services.AddPeriodicJob<ProactiveOutbox>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutboxOptions>>().Value.DrainEvery);
        builder.Services.AddSingleton<DealRegistration>();
        builder.Services.AddSingleton<IConversationLifecycleHandler>(sp => sp.GetRequiredService<DealRegistration>());
        builder.Services.AddSingleton<ITurnObserver>(sp => sp.GetRequiredService<DealRegistration>());
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddPersonalDataSource<DealsPersonalData>();
        builder.Services.AddPersonalDataSource<OutboxPersonalData>();
        builder.Services.AddBotCommand<HelpCommand>();
        builder.Services.AddBotCommand<AuditLogCommand>();
        builder.Services.AddCardAction<AuditOlderEntries, AuditLogCommand>();
        builder.Services.AddBotCommand<ChannelKindCommand>();
        builder.Services.AddSingleton<DealSettingsStore>();
        builder.Services.AddPersonalDataSource<OrganisationPersonalData>();
        builder.Services.AddSingleton<DealSettingsPresenter>();
        builder.Services.AddBotCommand<DealSettingsCommand>();
        builder.Services.AddBotCommand<OrganisationCommand>();
        builder.Services.AddCardAction<DealRoleSaved, DealSettingsActions>();
        builder.Services.AddCardAction<DealDomainSaved, DealSettingsActions>();
        builder.Services.AddCardAction<OwnOrganisationSaved, DealSettingsActions>();
        return builder;
    }
}
