using Microsoft.Extensions.Options;

namespace CityDealBot.Connector;

/// <summary>
/// Keeps shared cards (a sign-up card, a session announcement) current without making the people who press their
/// buttons wait. A button press stores its change, asks for the card to be updated and is answered at once. Per
/// card at most one update is on its way and at most one waits; asking again while one waits only marks the card
/// as changed. The update that waits is built when it can leave — after Teams' limit for the conversation has
/// room — from what storage says then, so a burst of presses becomes a few updates that each show the newest
/// state, and the last one shows every change that was stored before it was asked for.
/// </summary>
// The semaphores and the stop signal live as long as the host: disposing them with the container raced with
// replies still being handed in during shutdown, so they are left to the finaliser.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Lives as long as the host; see above.")]
public sealed class SharedCardUpdates(
    IServiceScopeFactory scopes,
    ConnectorRateLimiter limiter,
    IOptions<ConnectorOptions> options,
    ILogger<SharedCardUpdates> logger) : IHostedService
{
    /// <summary>A failed update (after the client's own retries) is tried again this often before it waits for the next press.</summary>
    private const int MaxAttempts = 3;

    private readonly Lock _gate = new();
    private readonly Dictionary<SharedCard, PendingUpdate> _cards = [];
    private readonly CancellationTokenSource _stopped = new();

    /// <summary>Cards with an update on its way or waiting.</summary>
    public int Busy
    {
        get
        {
            lock (_gate)
            {
                return _cards.Count;
            }
        }
    }

    /// <summary>
    /// Asks for the card to show the current state. <paramref name="render"/> runs later, in its own service scope,
    /// and builds the card from storage; null means there is nothing to show any more.
    /// </summary>
    public void Request(SharedCard card, Func<IServiceProvider, CancellationToken, Task<Activity?>> render)
    {
        lock (_gate)
        {
            if (_cards.TryGetValue(card, out var pending))
            {
                pending.Render = render;
                pending.IsChanged = true;
                return;
            }

            _cards[card] = new PendingUpdate { Render = render, IsChanged = true };
        }

        _ = Task.Run(() => SendAsync(card), CancellationToken.None);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await BackgroundDrain.StopAsync(() => Busy, _stopped, cancellationToken) is > 0 and var left)
        {
            logger.LogWarning("Stopping with {Count} shared cards not updated", left);
        }
    }

    private async Task SendAsync(SharedCard card)
    {
        var ct = _stopped.Token;
        var tenant = new Uri(card.ServiceUrl).Authority;
        var conversation = ConnectorRateLimitHandler.ConversationKey(card.ConversationId);
        while (true)
        {
            try
            {
                // Wait for room first and build the card after, so what leaves is as new as it can be.
                if (options.Value.EnforceTeamsRateLimits)
                {
                    for (var wait = limiter.TimeUntilFree(tenant, conversation); wait > TimeSpan.Zero; wait = limiter.TimeUntilFree(tenant, conversation))
                    {
                        await Task.Delay(wait, ct);
                    }
                }

                Func<IServiceProvider, CancellationToken, Task<Activity?>> render;
                lock (_gate)
                {
                    var pending = _cards[card];
                    if (!pending.IsChanged)
                    {
                        _cards.Remove(card);
                        return;
                    }

                    pending.IsChanged = false;
                    render = pending.Render;
                }

                await using var scope = scopes.CreateAsyncScope();
                var activity = await render(scope.ServiceProvider, ct);
                if (activity is not null)
                {
                    await scope.ServiceProvider.GetRequiredService<ConnectorClient>()
                        .UpdateActivityAsync(card.ServiceUrl, card.ConversationId, card.ActivityId, activity, ct);
                    BotTelemetry.SharedCardUpdates.Add(1);
                }

                lock (_gate)
                {
                    _cards[card].Failures = 0;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _cards.Remove(card);
                }

                return;
            }
            catch (Exception e)
            {
                BotTelemetry.SharedCardUpdatesFailed.Add(1);
                logger.LogError(e, "A shared card in conversation {ConversationId} was not updated ({Status})",
                    card.ConversationId, e is ConnectorException c ? (int)c.Status : 0);
                bool again;
                lock (_gate)
                {
                    var pending = _cards[card];
                    again = ++pending.Failures < MaxAttempts && e is not ConnectorException { Status: System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Forbidden };
                    pending.IsChanged |= again;
                }

                if (again)
                {
                    // After that the card waits for the next press, which asks again.
                    await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
                }
            }
        }
    }

    private sealed class PendingUpdate
    {
        public required Func<IServiceProvider, CancellationToken, Task<Activity?>> Render { get; set; }

        public bool IsChanged { get; set; }

        public int Failures { get; set; }
    }
}

/// <summary>A message the bot posted that others see: where it is and its activity id.</summary>
public sealed record SharedCard(string ServiceUrl, string ConversationId, string ActivityId);
