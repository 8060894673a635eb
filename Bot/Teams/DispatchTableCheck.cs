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
        var claimed = scope.ServiceProvider.GetServices<ICardActionHandler>()
            .SelectMany(h => h.Verbs.Select(verb => (Verb: verb, Handler: h.GetType().Name)))
            .GroupBy(p => p.Verb, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1);
        if (claimed is not null)
        {
            throw new InvalidOperationException($"Card verb '{claimed.Key}' is claimed by {string.Join(" and ", claimed.Select(p => p.Handler))}.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
