namespace CityDealBot.Connector;

/// <summary>
/// Sends replies and posts after the turn has been answered, so that no inbound request waits for Teams' pacing
/// (<see cref="ConnectorRateLimitHandler"/>). Replies to one conversation leave one after the other in the order
/// they were handed in; different conversations proceed side by side. At most <see cref="Capacity"/> replies wait
/// at once: beyond that, handing one in waits for room (back-pressure instead of unbounded memory). A reply the
/// Connector still refuses after its retries is logged and counted; replies are answers to a person who is
/// present, so they are not parked in the proactive outbox.
/// </summary>
// The semaphores and the stop signal live as long as the host: disposing them with the container raced with
// replies still being handed in during shutdown, so they are left to the finaliser.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Lives as long as the host; see above.")]
public sealed class ReplySender(
    IServiceProvider services,
    ConnectorRateLimiter limiter,
    Microsoft.Extensions.Options.IOptions<ConnectorOptions> options,
    ILogger<ReplySender> logger) : IHostedService
{
    public const int Capacity = 10_000;

    /// <summary>
    /// Conversations sending at once: as many as the Connector pipeline lets be in flight. More would only wait in
    /// the rate limiter together, wake together, and make the moment a send leaves less even.
    /// </summary>
    public const int ParallelSends = ConnectorRateLimiter.MaxInFlight;

    private readonly SemaphoreSlim _room = new(Capacity, Capacity);
    private readonly SemaphoreSlim _sending = new(ParallelSends, ParallelSends);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<PendingReply>> _queues = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopped = new();

    /// <summary>Replies accepted and not yet sent or given up.</summary>
    public int Pending => Capacity - _room.CurrentCount;

    /// <summary>
    /// Hands a reply over and returns once it is accepted. With <paramref name="replyToId"/> it answers that
    /// activity (in a channel: in its thread), otherwise it is a new message in the conversation.
    /// </summary>
    public async Task EnqueueAsync(string serviceUrl, string conversationId, string? replyToId, Activity activity, CancellationToken ct)
    {
        await _room.WaitAsync(ct);
        var key = serviceUrl + "|" + ConnectorRateLimitHandler.ConversationKey(conversationId);
        Queue<PendingReply>? startFor = null;
        lock (_gate)
        {
            if (!_queues.TryGetValue(key, out var queue))
            {
                queue = new Queue<PendingReply>();
                _queues[key] = queue;
                startFor = queue;
            }

            queue.Enqueue(new PendingReply(serviceUrl, conversationId, replyToId, activity));
        }

        if (startFor is not null)
        {
            _ = Task.Run(() => DrainAsync(key, startFor), CancellationToken.None);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends what was accepted before the instance stops, within the host's shutdown time.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await BackgroundDrain.StopAsync(() => Pending, _stopped, cancellationToken) is > 0 and var left)
        {
            logger.LogWarning("Stopping with {Count} replies not sent", left);
        }
    }

    private async Task DrainAsync(string key, Queue<PendingReply> queue)
    {
        var connector = services.GetRequiredService<ConnectorClient>();
        while (true)
        {
            PendingReply next;
            lock (_gate)
            {
                if (queue.Count == 0)
                {
                    _queues.Remove(key);
                    return;
                }

                // Left in the queue while it is sent, so a reply handed in meanwhile joins this sender.
                next = queue.Peek();
            }

            try
            {
                // A conversation waiting for its own limit does not hold a sending place others could use.
                var tenant = new Uri(next.ServiceUrl).Authority;
                var conversation = ConnectorRateLimitHandler.ConversationKey(next.ConversationId);
                while (options.Value.EnforceTeamsRateLimits && limiter.TimeUntilFree(tenant, conversation) is var wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stopped.Token);
                }

                await _sending.WaitAsync(_stopped.Token);
                try
                {
                    await (next.ReplyToId is { Length: > 0 } replyToId
                        ? connector.ReplyToActivityAsync(next.ServiceUrl, next.ConversationId, replyToId, next.Activity, _stopped.Token)
                        : connector.SendToConversationAsync(next.ServiceUrl, next.ConversationId, next.Activity, _stopped.Token));
                }
                finally
                {
                    _sending.Release();
                }

                BotTelemetry.RepliesSent.Add(1);
            }
            catch (Exception e)
            {
                BotTelemetry.RepliesFailed.Add(1);
                logger.LogError(e, "A reply in conversation {ConversationId} was not delivered ({Status})",
                    next.ConversationId, e is ConnectorException c ? (int)c.Status : 0);
            }
            finally
            {
                lock (_gate)
                {
                    queue.Dequeue();
                }

                _room.Release();
            }
        }
    }

    private sealed record PendingReply(string ServiceUrl, string ConversationId, string? ReplyToId, Activity Activity);
}
