using Azure;
using Azure.Data.Tables;

namespace CityDealBot.Speeddates;

public static class SpeeddateStates
{
    public const string Open = "open";
    public const string Running = "running";
    public const string Finished = "finished";
}

/// <summary>
/// One speeddate session. Table <c>SpeeddateSessions</c>: PartitionKey = deal key, RowKey = session id, so a
/// card button can only reach sessions of the channel it was pressed in.
/// </summary>
public sealed class SpeeddateSessionRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string OrganiserKey { get; set; } = string.Empty;

    /// <summary>The organiser's Entra object id: whose behalf the group meetings are created on.</summary>
    public string? OrganiserObjectId { get; set; }

    /// <summary>Online or hybrid: with Graph, each group of each round gets its own Teams meeting.</summary>
    public bool IsOnline { get; set; }

    public string DealName { get; set; } = string.Empty;

    public int Rounds { get; set; }

    /// <summary>2 = pairs (one trio when odd), 3 = trios (groups of 3 and 2, never 4). Rows from before hold 2.</summary>
    public int GroupSize { get; set; } = SpeeddateSessionMath.PairGroups;

    public int Minutes { get; set; }

    public string State { get; set; } = SpeeddateStates.Open;

    /// <summary>1-based round being held; 0 before the start.</summary>
    public int CurrentRound { get; set; }

    /// <summary>Rounds → groups → person keys, as JSON; replanned rounds are written back here.</summary>
    public string? PlanJson { get; set; }

    public int Seed { get; set; }

    public int UnavoidableRepeats { get; set; }

    public int PlannedHistoryRepeats { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Rounds move on by themselves when their minutes are up (the organiser can still press Next).</summary>
    public bool AutoAdvance { get; set; }

    /// <summary>When the current round began: with <see cref="AutoAdvance"/>, the next one starts Minutes later.</summary>
    public DateTimeOffset? RoundStartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The chosen deck (<see cref="DeckReference.Value"/>); null is the default deck.</summary>
    public string? Deck { get; set; }

    /// <summary>The chosen deck's name when it was chosen, for the sign-up card; null is the default deck.</summary>
    public string? DeckName { get; set; }

    /// <summary>
    /// The deck's questions as they were when the session started (<see cref="SessionQuestion"/>s, JSON): a deck edited
    /// later does not change a running session. Null before the start, and in sessions from before decks existed,
    /// which read the default deck.
    /// </summary>
    public string? QuestionsJson { get; set; }

    /// <summary>Rounds → tables → index into <see cref="QuestionsJson"/>, written when a round is seated or reseated.</summary>
    public string? QuestionPlanJson { get; set; }

    /// <summary>
    /// Person keys (JSON) who may sign up, for a session opened by a CoP session's speed-date block (those who said yes);
    /// null when everyone in the channel may.
    /// </summary>
    public string? InvitedJson { get; set; }

    /// <summary>The title of the CoP session whose block opened this session, for the sign-up card.</summary>
    public string? BlockOf { get; set; }

    /// <summary>A block's sign-up card was posted and its people told (an opening that failed halfway is finished by the next try).</summary>
    public bool IsAnnounced { get; set; }
}

/// <summary>
/// A person who joined a session. Table <c>SpeeddateParticipants</c>: PartitionKey = session id, RowKey =
/// person key: the whole list is one partition query. Holds what is needed to message the person later.
/// </summary>
public sealed class SpeeddateParticipantRecord : ITableEntity
{
    /// <summary>The answer to the one feedback question after the session (1–5), when given.</summary>
    public int? Feedback { get; set; }

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string PersonKey { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? TenantId { get; set; }

    public string ServiceUrl { get; set; } = string.Empty;

    public string? BotId { get; set; }

    public string? Locale { get; set; }

    /// <summary>E-mail or UPN from the team roster, for the group chat link; null when the roster had none.</summary>
    public string? Address { get; set; }

    public string Deal { get; set; } = string.Empty;

    public string Organisation { get; set; } = string.Empty;

    public string OrganisationType { get; set; } = string.Empty;

    public bool IsConfirmed { get; set; }

    /// <summary>Joined after the start: seated when the organiser reseats a round.</summary>
    public bool IsLate { get; set; }

    /// <summary>Marked as not present by the organiser: left out of later rounds.</summary>
    public bool IsAbsent { get; set; }

    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>
/// Who met whom in finished sessions. Table <c>SpeeddateHistory</c>: PartitionKey = person key, RowKey = the
/// other person's key; each pair is written in both directions so one partition query per participant answers
/// "whom among these people did I meet before".
/// </summary>
public sealed class SpeeddateHistoryRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Times { get; set; }

    public DateTimeOffset LastMet { get; set; }
}
