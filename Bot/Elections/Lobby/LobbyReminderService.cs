using Microsoft.Extensions.Options;

namespace CityDealBot.Elections.Lobby;

/// <summary>Runs the lobby dispatcher on every instance at a fixed interval; the ledger keeps deliveries single.</summary>
public sealed class LobbyReminderService(
    IServiceScopeFactory scopes,
    IOptions<ElectionsOptions> options,
    TimeProvider time,
    ILogger<LobbyReminderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunDispatcher)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.DispatchInterval, time);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var sent = await scope.ServiceProvider.GetRequiredService<LobbyReminderDispatcher>().RunOnceAsync(stoppingToken);
                if (sent > 0)
                {
                    logger.LogInformation("Sent {Count} lobby reminder(s)", sent);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage or Connector down: the next tick tries again; nothing was marked sent.
                logger.LogError(e, "Lobby reminder tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
