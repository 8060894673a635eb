namespace CityDealBot.Teams;

/// <summary>
/// Builds the command catalogue and the card-verb table when the app starts, so two features that claim the same
/// command word, menu order or card verb stop the start with their names instead of failing the first turn.
/// </summary>
public sealed class DispatchTableCheck(IServiceScopeFactory scopes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        _ = scope.ServiceProvider.GetRequiredService<CommandCatalog>().All.ToList();
        _ = CardActionRoute.ByVerb(scope.ServiceProvider.GetServices<CardActionRoute>());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
