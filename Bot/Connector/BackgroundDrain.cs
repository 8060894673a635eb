namespace CityDealBot.Connector;

/// <summary>
/// How the background senders (replies, shared card updates, background fan-outs) stop: what is under way gets up to
/// <see cref="Limit"/> to finish, inside the host's shutdown time (30 s by default in .NET), and is then cancelled.
/// </summary>
public static class BackgroundDrain
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Waits until <paramref name="pending"/> counts nothing or <see cref="Limit"/> (or the host's own deadline) has
    /// passed, then cancels <paramref name="stopped"/>, the signal the sender's work listens to. Returns how much was
    /// still pending when the wait ended: zero when everything finished.
    /// </summary>
    public static Task<int> StopAsync(Func<int> pending, CancellationTokenSource stopped, CancellationToken ct) =>
        StopAsync(pending, Limit, stopped, ct);

    /// <summary>The same with a limit of the sender's own (the reply sender hands what is left to its backlog sooner).</summary>
    public static async Task<int> StopAsync(Func<int> pending, TimeSpan within, CancellationTokenSource stopped, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(within);
        try
        {
            while (pending() > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), limit.Token);
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            return pending();
        }
        finally
        {
            await stopped.CancelAsync();
        }
    }
}
