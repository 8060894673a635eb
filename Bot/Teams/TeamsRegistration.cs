using CityDealBot.Cards.Adaptive;
using CityDealBot.Connector;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    /// <summary>Adds a row to the card-verb dispatch table: <typeparamref name="TAction"/>'s verb answered by
    /// <typeparamref name="THandler"/> (one handler class may answer several verbs).</summary>
    public static IServiceCollection AddCardAction<TAction, THandler>(this IServiceCollection services)
        where TAction : class, ICardAction
        where THandler : class, ICardActionHandler<TAction>
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(CardActionRoute.For<TAction, THandler>());
        return services;
    }
}
