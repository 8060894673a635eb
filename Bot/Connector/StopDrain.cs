namespace CityDealBot.Connector;

/// <summary>
/// How a background sender stops with its host: it waits while work it accepted is still pending, at most
/// <c>limit</c> (within the host's own shutdown time), then cancels what is left through its stop signal.
/// </summary>
public static class StopDrain
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Waits until <paramref name="pending"/> is zero or the limit passes, then cancels <paramref name="stopped"/>.
    /// <paramref name="onGiveUp"/> is told how much was still pending when the wait gave up.
    /// </summary>
    public static async Task WaitThenCancelAsync(Func<int> pending, TimeSpan limit, CancellationTokenSource stopped, Action<int> onGiveUp, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(limit);
        try
        {
            while (pending() > 0)
            {
                await Task.Delay(Poll, wait.Token);
            }
        }
        catch (OperationCanceledException)
        {
            onGiveUp(pending());
        }
        finally
        {
            await stopped.CancelAsync();
        }
    }
}
