using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Pairing;
using CityDealBot.Storage;

namespace CityDealBot.Speeddates;

/// <summary>Sessions, their participants and the history of who met whom.</summary>
public sealed class SpeeddateStore(StorageTables tables)
{
    public const string SessionsTable = "SpeeddateSessions";
    public const string ParticipantsTable = "SpeeddateParticipants";
    public const string HistoryTable = "SpeeddateHistory";

    public async Task AddSessionAsync(SpeeddateSessionRecord session, CancellationToken ct)
    {
        var table = await tables.GetAsync(SessionsTable, ct);
        var response = await table.AddEntityAsync(session, ct);
        session.ETag = response.Headers.ETag ?? default;
    }

    /// <summary>The session, only when it belongs to this deal: the session id on a card is never trusted alone.</summary>
    public async Task<SpeeddateSessionRecord?> FindSessionAsync(string dealKey, string sessionId, CancellationToken ct)
    {
        if (!IsSessionId(sessionId))
        {
            return null;
        }

        var table = await tables.GetAsync(SessionsTable, ct);
        var found = await table.GetEntityIfExistsAsync<SpeeddateSessionRecord>(dealKey, sessionId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Running sessions whose rounds move on by themselves, over all deals (a scan over a small table).</summary>
    public async Task<IReadOnlyList<SpeeddateSessionRecord>> RunningAutomaticSessionsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(SessionsTable, ct);
        var sessions = new List<SpeeddateSessionRecord>();
        await foreach (var session in table.QueryAsync<SpeeddateSessionRecord>(s => s.State == SpeeddateStates.Running && s.AutoAdvance, cancellationToken: ct))
        {
            sessions.Add(session);
        }

        return sessions;
    }

    /// <summary>Saves a session guarded by its ETag; false when another press changed it first.</summary>
    public async Task<bool> TryUpdateSessionAsync(SpeeddateSessionRecord session, CancellationToken ct)
    {
        var table = await tables.GetAsync(SessionsTable, ct);
        try
        {
            var response = await table.UpdateEntityAsync(session, session.ETag, TableUpdateMode.Replace, ct);
            session.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public async Task<SpeeddateParticipantRecord?> FindParticipantAsync(string sessionId, string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(ParticipantsTable, ct);
        var found = await table.GetEntityIfExistsAsync<SpeeddateParticipantRecord>(sessionId, TableKey.Encode(personKey), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task SaveParticipantAsync(SpeeddateParticipantRecord participant, CancellationToken ct)
    {
        var table = await tables.GetAsync(ParticipantsTable, ct);
        participant.RowKey = TableKey.Encode(participant.PersonKey);
        await table.UpsertEntityAsync(participant, TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// The sign-ups (<see cref="ListSignUpsAsync"/>) for an answer to one press: presses at the same moment share one query (one that is under
    /// way is joined), so a hall signing up at once costs storage one list per query time, not one per person.
    /// The list may miss a join stored while it ran; callers add their own person. Shared: do not change it.
    /// </summary>
    public Task<IReadOnlyList<SpeeddateParticipantRecord>> ListParticipantsTogetherAsync(string sessionId, CancellationToken ct)
    {
        Task<IReadOnlyList<SpeeddateParticipantRecord>> listing;
        lock (_listings)
        {
            if (!_listings.TryGetValue(sessionId, out listing!))
            {
                listing = ListAndForgetAsync(sessionId);
                _listings[sessionId] = listing;
            }
        }

        return listing.WaitAsync(ct);
    }

    private readonly Dictionary<string, Task<IReadOnlyList<SpeeddateParticipantRecord>>> _listings = new(StringComparer.Ordinal);

    private async Task<IReadOnlyList<SpeeddateParticipantRecord>> ListAndForgetAsync(string sessionId)
    {
        try
        {
            await Task.Yield();
            return await ListSignUpsAsync(sessionId, CancellationToken.None);
        }
        finally
        {
            lock (_listings)
            {
                _listings.Remove(sessionId);
            }
        }
    }

    /// <summary>
    /// Who signed up, for a sign-up card: only <see cref="SpeeddateParticipantRecord.PersonKey"/>, its
    /// <c>UserId</c> and <c>JoinedAt</c> are read (the count and the refresh list), which keeps a hall's many
    /// lists of a few hundred rows small.
    /// </summary>
    public async Task<IReadOnlyList<SpeeddateParticipantRecord>> ListSignUpsAsync(string sessionId, CancellationToken ct)
    {
        var table = await tables.GetAsync(ParticipantsTable, ct);
        var list = new List<SpeeddateParticipantRecord>();
        string[] columns = [nameof(SpeeddateParticipantRecord.PersonKey), nameof(SpeeddateParticipantRecord.UserId), nameof(SpeeddateParticipantRecord.JoinedAt)];
        await foreach (var row in table.QueryAsync<SpeeddateParticipantRecord>(p => p.PartitionKey == sessionId, select: columns, cancellationToken: ct))
        {
            list.Add(row);
        }

        return list;
    }

    public async Task<IReadOnlyList<SpeeddateParticipantRecord>> ListParticipantsAsync(string sessionId, CancellationToken ct)
    {
        var table = await tables.GetAsync(ParticipantsTable, ct);
        var list = new List<SpeeddateParticipantRecord>();
        await foreach (var row in table.QueryAsync<SpeeddateParticipantRecord>(p => p.PartitionKey == sessionId, cancellationToken: ct))
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>Earlier meetings among these people, each pair once.</summary>
    public async Task<IReadOnlyList<PastMeeting>> HistoryAmongAsync(IReadOnlyCollection<string> personKeys, CancellationToken ct)
    {
        var table = await tables.GetAsync(HistoryTable, ct);
        var wanted = personKeys.ToHashSet(StringComparer.Ordinal);
        var meetings = new List<PastMeeting>();
        foreach (var person in wanted)
        {
            await foreach (var row in table.QueryAsync<SpeeddateHistoryRecord>(r => r.PartitionKey == TableKey.Encode(person), cancellationToken: ct))
            {
                var other = TableKey.Decode(row.RowKey);
                if (wanted.Contains(other) && string.CompareOrdinal(person, other) < 0 && row.Times > 0)
                {
                    meetings.Add(new PastMeeting(person, other, row.Times, DateOnly.FromDateTime(row.LastMet.UtcDateTime)));
                }
            }
        }

        return meetings;
    }

    /// <summary>Adds this session's meetings to the history, in both directions.</summary>
    public async Task AddHistoryAsync(IReadOnlyDictionary<(string A, string B), int> pairs, DateTimeOffset metOn, CancellationToken ct)
    {
        var table = await tables.GetAsync(HistoryTable, ct);
        foreach (var ((a, b), times) in pairs)
        {
            foreach (var (person, other) in new[] { (a, b), (b, a) })
            {
                var pk = TableKey.Encode(person);
                var rk = TableKey.Encode(other);
                var existing = await table.GetEntityIfExistsAsync<SpeeddateHistoryRecord>(pk, rk, cancellationToken: ct);
                var row = existing.HasValue ? existing.Value! : new SpeeddateHistoryRecord { PartitionKey = pk, RowKey = rk };
                row.Times += times;
                row.LastMet = metOn;
                await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
            }
        }
    }

    /// <summary>Every pair that ever met in a speeddate, each pair once (the dashboard's contacts across deals; one scan).</summary>
    public async Task<IReadOnlyList<PastMeeting>> AllMeetingsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(HistoryTable, ct);
        var meetings = new List<PastMeeting>();
        await foreach (var row in table.QueryAsync<SpeeddateHistoryRecord>(cancellationToken: ct))
        {
            var (person, other) = (TableKey.Decode(row.PartitionKey), TableKey.Decode(row.RowKey));
            if (string.CompareOrdinal(person, other) < 0 && row.Times > 0)
            {
                meetings.Add(new PastMeeting(person, other, row.Times, DateOnly.FromDateTime(row.LastMet.UtcDateTime)));
            }
        }

        return meetings;
    }

    /// <summary>The deal each speeddate participant last confirmed, by person key (one scan of the participants, two columns).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ConfirmedDealsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(ParticipantsTable, ct);
        var latest = new Dictionary<string, (DateTimeOffset JoinedAt, string Deal)>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<SpeeddateParticipantRecord>(select: [nameof(SpeeddateParticipantRecord.PersonKey), nameof(SpeeddateParticipantRecord.Deal), nameof(SpeeddateParticipantRecord.JoinedAt)], cancellationToken: ct))
        {
            if (row.Deal.Length > 0 && (!latest.TryGetValue(row.PersonKey, out var known) || known.JoinedAt < row.JoinedAt))
            {
                latest[row.PersonKey] = (row.JoinedAt, row.Deal);
            }
        }

        return latest.ToDictionary(p => p.Key, p => p.Value.Deal, StringComparer.Ordinal);
    }

    public static string NewSessionId() => Guid.NewGuid().ToString("N");

    public static bool IsSessionId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    public static string WritePlan(IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> rounds) => JsonSerializer.Serialize(rounds);

    /// <summary>The same JSON for a plan being edited (rounds → groups → person keys).</summary>
    public static string WritePlan(List<List<List<string>>> rounds) => JsonSerializer.Serialize(rounds);

    public static List<List<List<string>>> ReadPlan(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<List<List<string>>>>(json) ?? [];
}
