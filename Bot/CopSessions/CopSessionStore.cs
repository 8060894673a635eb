using Azure;
using Azure.Data.Tables;
using CityDealBot.Deals;
using CityDealBot.Storage;
using CityDealBot.Graph;

namespace CityDealBot.CopSessions;

/// <summary>One planned session. Table <c>CopSessions</c>: PartitionKey = deal key, RowKey = session id.</summary>
public sealed class CopSessionRecord : ITableEntity
{
    /// <summary>The session as the calendar event Graph makes of it; the session id is the event's transactionId.</summary>
    public MeetingRequest ToMeeting() => new(RowKey, Title, Agenda, StartsAt, DurationMinutes, Online: Mode != "inperson", Location);

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Title { get; set; } = string.Empty;

    public DateTimeOffset StartsAt { get; set; }

    public int DurationMinutes { get; set; }

    public string Mode { get; set; } = "online";

    public string? Location { get; set; }

    public string? Agenda { get; set; }

    public string InviteScope { get; set; } = "channel";

    /// <summary>Invited addresses separated by ';' (at most a few hundred, within the 64 KiB property limit).</summary>
    public string Invitees { get; set; } = string.Empty;

    public bool HasSpeeddate { get; set; }

    /// <summary>
    /// Minutes after the start at which the speed-date block opens its sign-up; it moves with the session. Rows from
    /// before the block had a time open it at the start.
    /// </summary>
    public int? SpeeddateOffsetMinutes { get; set; }

    /// <summary>The block's group size (2 = pairs, 3 = trios); rows without it are pairs.</summary>
    public int SpeeddateGroupSize { get; set; } = SpeeddateBlockLimits.PairGroups;

    /// <summary>The block's deck as the speeddates name it on a card; null is the default deck.</summary>
    public string? SpeeddateDeck { get; set; }

    public int SpeeddateRounds { get; set; } = SpeeddateBlockLimits.DefaultRounds;

    public int SpeeddateMinutes { get; set; } = SpeeddateBlockLimits.DefaultMinutes;

    /// <summary>When the block is due: the start plus its offset.</summary>
    public DateTimeOffset SpeeddateStartsAt() => StartsAt.AddMinutes(SpeeddateOffsetMinutes ?? 0);

    public string OrganiserKey { get; set; } = string.Empty;

    /// <summary>The organiser's bot-scoped Teams id, for the card's automatic refresh.</summary>
    public string? OrganiserId { get; set; }

    /// <summary>The organiser's Entra object id: the mailbox the Graph event lives in.</summary>
    public string? OrganiserObjectId { get; set; }

    public string OrganiserName { get; set; } = string.Empty;

    public string? GraphEventId { get; set; }

    public string? JoinUrl { get; set; }

    public bool IsCancelled { get; set; }

    public string Language { get; set; } = "nl";
}

/// <summary>One person's answer. Table <c>CopRsvps</c>: PartitionKey = session id, RowKey = person key.</summary>
public sealed class CopRsvpRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Answer { get; set; } = string.Empty;

    public DateTimeOffset AnsweredAt { get; set; }
}

public sealed class CopSessionStore(StorageTables tables)
{
    public const string SessionsTable = "CopSessions";
    public const string RsvpsTable = "CopRsvps";

    public async Task SaveAsync(CopSessionRecord session, CancellationToken ct) =>
        await (await tables.GetAsync(SessionsTable, ct)).UpsertEntityAsync(session, TableUpdateMode.Replace, ct);

    public async Task<CopSessionRecord?> FindAsync(string dealKey, string sessionId, CancellationToken ct)
    {
        var table = await tables.GetAsync(SessionsTable, ct);
        var row = await table.GetEntityIfExistsAsync<CopSessionRecord>(dealKey, TableKey.Encode(sessionId), cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Sessions not cancelled that start within the window, across all deals (a small table: one row per session).</summary>
    public async Task<IReadOnlyList<CopSessionRecord>> UpcomingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var table = await tables.GetAsync(SessionsTable, ct);
        var rows = new List<CopSessionRecord>();
        await foreach (var row in table.QueryAsync<CopSessionRecord>(s => s.StartsAt > from && s.StartsAt <= to && !s.IsCancelled, cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Sessions not cancelled that started within the window, across all deals (for blocks inside a running session).</summary>
    public Task<IReadOnlyList<CopSessionRecord>> StartedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => UpcomingAsync(from, to, ct);

    public async Task AnswerAsync(string sessionId, string personKey, string name, string answer, DateTimeOffset at, CancellationToken ct) =>
        await (await tables.GetAsync(RsvpsTable, ct)).UpsertEntityAsync(
            new CopRsvpRecord { PartitionKey = TableKey.Encode(sessionId), RowKey = TableKey.Encode(personKey), Name = name, Answer = answer, AnsweredAt = at },
            TableUpdateMode.Replace, ct);

    /// <summary>How many said they would come, by session id, over every session (one scan of the answers, two columns).</summary>
    public async Task<IReadOnlyDictionary<string, int>> AttendingCountsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(RsvpsTable, ct);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<CopRsvpRecord>(r => r.Answer == "yes", select: [nameof(CopRsvpRecord.PartitionKey), nameof(CopRsvpRecord.Answer)], cancellationToken: ct))
        {
            var session = TableKey.Decode(row.PartitionKey);
            counts[session] = counts.GetValueOrDefault(session) + 1;
        }

        return counts;
    }

    public async Task<IReadOnlyList<CopRsvpRecord>> AnswersAsync(string sessionId, CancellationToken ct)
    {
        var table = await tables.GetAsync(RsvpsTable, ct);
        var rows = new List<CopRsvpRecord>();
        await foreach (var row in table.QueryAsync<CopRsvpRecord>(r => r.PartitionKey == TableKey.Encode(sessionId), cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}
