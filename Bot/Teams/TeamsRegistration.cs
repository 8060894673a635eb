using CityDealBot.Connector;
using CityDealBot.Storage;

namespace CityDealBot.Teams;

public static class TeamsRegistration
{
    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CommandCatalog>();
        builder.Services.AddScoped<IActivityDispatcher, TurnRouter>();
        builder.Services.AddTransient<TeamRoster>();
        builder.Services.AddSingleton<PostedCards>();
        // Conversation ids kept only as SHA-256 hashes, with button verbs: nothing that names a person.
        builder.Services.AddStoreWithoutPersonalData(PostedCards.Table);
        builder.Services.AddSingleton<IPostedActivityObserver>(sp => sp.GetRequiredService<PostedCards>());
        builder.Services.AddSingleton<RecentRosters>();
        builder.Services.AddHostedService<DispatchTableCheck>();
        return builder;
    }

    public static IServiceCollection AddBotCommand<T>(this IServiceCollection services)
        where T : class, IBotCommand
    {
        services.AddScoped<IBotCommand, T>();
        return services;
    }

    public static IServiceCollection AddCardActions<T>(this IServiceCollection services)
        where T : class, ICardActionHandler
    {
        services.AddScoped<ICardActionHandler, T>();
        return services;
    }
}
