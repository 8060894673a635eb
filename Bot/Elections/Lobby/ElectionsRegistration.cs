using CityDealBot.Cards;
using CityDealBot.Operations;
using CityDealBot.Teams;

using CityDealBot.Storage;

namespace CityDealBot.Elections.Lobby;

public static class ElectionsRegistration
{
    public static WebApplicationBuilder AddElections(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ElectionsOptions>().Bind(builder.Configuration.GetSection(ElectionsOptions.Section))
            .Validate(o => o.DispatchInterval >= TimeSpan.FromSeconds(1), "Elections:DispatchInterval must be at least a second.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LobbyStore>();
        builder.Services.AddPersonalDataSource<LobbyPersonalData>();
        builder.Services.AddStoreWithoutPersonalData(LobbyStore.EventsTable);
        builder.Services.AddSingleton<LobbyCalendarSource>();
        builder.Services.AddTransient<LobbyDeals>();
        builder.Services.AddTransient<ILobbyReminderSender, TeamsLobbyReminderSender>();
        builder.Services.AddScoped<LobbyReminderDispatcher>();
        builder.Services.AddPeriodicJob<LobbyReminderDispatcher>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ElectionsOptions>>().Value;
            return options.RunDispatcher ? options.DispatchInterval : TimeSpan.Zero;
        }, runAtStart: true);
        builder.Services.AddBotCommand<ElectionsCommand>();
        builder.Services.AddCardAction<LobbySettingsSaved, LobbyCardActions>();
        builder.Services.AddCardAction<LobbyChecklistSaved, LobbyCardActions>();
        builder.Services.AddCardAction<LobbyMomentDone, LobbyCardActions>();
        builder.Services.AddCardAction<LobbyMomentSnoozed, LobbyCardActions>();
        builder.Services.AddCardAction<LobbyEventConfirmed, LobbyCardActions>();
        builder.Services.AddCardAction<ElectionOverrideSaved, LobbyCardActions>();
        return builder;
    }
}
