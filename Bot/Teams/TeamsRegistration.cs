using CityDealBot.Connector;

namespace CityDealBot.Teams;

public static class TeamsRegistration
{
    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommandCatalog>();
        builder.Services.AddScoped<IActivityDispatcher, TurnRouter>();
        builder.Services.AddTransient<TeamRoster>();
        return builder;
    }

    public static IServiceCollection AddBotCommand<T>(this IServiceCollection services)
        where T : class, IBotCommand
    {
        services.AddSingleton<IBotCommand, T>();
        return services;
    }

    public static IServiceCollection AddCardActions<T>(this IServiceCollection services)
        where T : class, ICardActionHandler
    {
        services.AddSingleton<ICardActionHandler, T>();
        return services;
    }
}
