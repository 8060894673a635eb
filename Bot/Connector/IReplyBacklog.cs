namespace CityDealBot.Connector;

/// <summary>
/// One reply waiting in the durable backlog. <see cref="Sequence"/> orders the replies of one
/// <see cref="Origin"/> (the instance that accepted it) as they were handed in; <see cref="About"/> names the person
/// whose turn it answers (their ids), so that forgetting them removes it.
/// </summary>
public sealed record BackloggedReply(long Sequence, string Origin, string ServiceUrl, string ConversationId, string? ReplyToId, string ActivityJson, string? About);

/// <summary>What <see cref="IReplyBacklog.TakeAsync"/> took; <see cref="Exhausted"/> when nothing else waits for the tenant.</summary>
public sealed record BacklogTake(IReadOnlyList<BackloggedReply> Replies, bool Exhausted);

/// <summary>
/// Where <see cref="ReplySender"/> keeps the replies that do not fit in its memory window: stored, in order, outside
/// the process, so that a stopping instance loses none and another instance can send them. Implemented over
/// Table Storage by the dispatch layer.
/// </summary>
public interface IReplyBacklog
{
    /// <summary>This instance, as <see cref="BackloggedReply.Origin"/> of the replies it accepts.</summary>
    string Origin { get; }

    /// <summary>Appends replies, oldest first, to this instance's backlog for the tenant.</summary>
    Task AppendAsync(string tenantKey, IReadOnlyList<BackloggedReply> replies, CancellationToken ct);

    /// <summary>
    /// Takes replies, oldest first, from the backlogs of the tenant that this instance holds: each reply is offered to
    /// <paramref name="admit"/> in order, and those it accepts are removed from storage as they are taken, so no other
    /// instance can take them too. A refused reply stays where it is (so must every later one of its conversation).
    /// </summary>
    Task<BacklogTake> TakeAsync(string tenantKey, int max, Func<BackloggedReply, bool> admit, CancellationToken ct);

    /// <summary>
    /// The tenants for which this instance holds a backlog (its own, and those it adopted from instances that
    /// stopped or lapsed); keeps its holds alive and adopts lapsed backlogs as it goes.
    /// </summary>
    Task<IReadOnlyCollection<string>> HeldTenantsAsync(CancellationToken ct);

    /// <summary>Lets go of every backlog this instance holds, so another instance adopts it at once (on stop).</summary>
    Task ReleaseAsync(CancellationToken ct);
}
