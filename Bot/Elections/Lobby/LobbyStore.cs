using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Elections.Lobby;

/// <summary>A deal's lobby settings. Table <c>LobbySettings</c>: PartitionKey = deal id, RowKey = "settings".</summary>
public sealed class LobbySettingsRecord : ITableEntity
{
    public const string Row = "settings";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The deal's governments as JSON (a few dozen at most, far below the 64 KiB property limit).</summary>
    public string GovernmentsJson { get; set; } = "[]";

    public bool PostInChannel { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>
/// Progress on one lobby moment of a deal: ticked actions, done, snoozed. Table <c>LobbyProgress</c>:
/// PartitionKey = deal id, RowKey = election id + moment key (one partition per deal for its overview).
/// </summary>
public sealed class LobbyProgressRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ElectionId { get; set; } = string.Empty;

    public string MomentKey { get; set; } = string.Empty;

    /// <summary>Ids of ticked checklist items, comma-separated.</summary>
    public string Checked { get; set; } = string.Empty;

    public bool IsDone { get; set; }

    public DateTimeOffset? SnoozedUntil { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>
/// Events a dealmaker confirmed and admin changes to the calendar. Table <c>LobbyEvents</c>: PartitionKey =
/// deal id (or "calendar" for election overrides), RowKey = what was confirmed; Json holds the value.
/// </summary>
public sealed class LobbyEventRecord : ITableEntity
{
    public const string CalendarPartition = "calendar";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Json { get; set; } = string.Empty;
}

public sealed class LobbyStore(StorageTables tables)
{
    public const string SettingsTable = "LobbySettings";
    public const string ProgressTable = "LobbyProgress";
    public const string EventsTable = "LobbyEvents";

    public static readonly JsonSerializerOptions Json = CreateJson();

    public async Task<(IReadOnlyList<Government> Governments, bool PostInChannel)> GetSettingsAsync(string dealId, CancellationToken ct)
    {
        var table = await tables.GetAsync(SettingsTable, ct);
        var found = await table.GetEntityIfExistsAsync<LobbySettingsRecord>(dealId, LobbySettingsRecord.Row, cancellationToken: ct);
        if (!found.HasValue)
        {
            return ([], false);
        }

        return (JsonSerializer.Deserialize<List<Government>>(found.Value!.GovernmentsJson, Json) ?? [], found.Value.PostInChannel);
    }

    public async Task<Dictionary<string, (IReadOnlyList<Government> Governments, bool PostInChannel)>> GetAllSettingsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(SettingsTable, ct);
        var result = new Dictionary<string, (IReadOnlyList<Government>, bool)>(StringComparer.Ordinal);
        await foreach (var record in table.QueryAsync<LobbySettingsRecord>(cancellationToken: ct))
        {
            result[record.PartitionKey] = (JsonSerializer.Deserialize<List<Government>>(record.GovernmentsJson, Json) ?? [], record.PostInChannel);
        }

        return result;
    }

    public async Task SaveSettingsAsync(string dealId, IReadOnlyList<Government> governments, bool postInChannel, string updatedBy, CancellationToken ct)
    {
        var table = await tables.GetAsync(SettingsTable, ct);
        await table.UpsertEntityAsync(new LobbySettingsRecord
        {
            PartitionKey = dealId,
            GovernmentsJson = JsonSerializer.Serialize(governments, Json),
            PostInChannel = postInChannel,
            UpdatedBy = updatedBy,
        }, TableUpdateMode.Replace, ct);
    }

    public static string ProgressKey(string electionId, string momentKey) => TableKey.Encode(electionId + "|" + momentKey);

    public async Task<LobbyProgressRecord> GetProgressAsync(string dealId, string electionId, string momentKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(ProgressTable, ct);
        var found = await table.GetEntityIfExistsAsync<LobbyProgressRecord>(dealId, ProgressKey(electionId, momentKey), cancellationToken: ct);
        return found.HasValue
            ? found.Value!
            : new LobbyProgressRecord { PartitionKey = dealId, RowKey = ProgressKey(electionId, momentKey), ElectionId = electionId, MomentKey = momentKey };
    }

    public async Task SaveProgressAsync(LobbyProgressRecord progress, CancellationToken ct)
    {
        var table = await tables.GetAsync(ProgressTable, ct);
        await table.UpsertEntityAsync(progress, TableUpdateMode.Replace, ct);
    }

    /// <summary>Moments snoozed until now or earlier that are not done: they are due again.</summary>
    public async Task<IReadOnlyList<LobbyProgressRecord>> SnoozedUntilAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.GetAsync(ProgressTable, ct);
        var due = new List<LobbyProgressRecord>();
        await foreach (var record in table.QueryAsync<LobbyProgressRecord>(r => r.SnoozedUntil <= now && r.IsDone == false, cancellationToken: ct))
        {
            due.Add(record);
        }

        return due;
    }

    public async Task<IReadOnlyList<LobbyEventConfirmation>> GetConfirmationsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(EventsTable, ct);
        var confirmations = new List<LobbyEventConfirmation>();
        await foreach (var record in table.QueryAsync<LobbyEventRecord>(r => r.PartitionKey != LobbyEventRecord.CalendarPartition, cancellationToken: ct))
        {
            confirmations.Add(JsonSerializer.Deserialize<LobbyEventConfirmation>(record.Json, Json)!);
        }

        return confirmations;
    }

    public async Task SaveConfirmationAsync(string dealId, LobbyEventConfirmation confirmation, CancellationToken ct)
    {
        var table = await tables.GetAsync(EventsTable, ct);
        var row = TableKey.Encode($"{confirmation.ElectionId}|{confirmation.Event}|{confirmation.Government?.Key ?? "all"}");
        await table.UpsertEntityAsync(new LobbyEventRecord { PartitionKey = dealId, RowKey = row, Json = JsonSerializer.Serialize(confirmation, Json) }, TableUpdateMode.Replace, ct);
    }

    /// <summary>Admin changes to the calendar, oldest first (they are applied in order).</summary>
    public async Task<IReadOnlyList<ElectionOverride>> GetOverridesAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(EventsTable, ct);
        var overrides = new List<(string Row, ElectionOverride Value)>();
        await foreach (var record in table.QueryAsync<LobbyEventRecord>(r => r.PartitionKey == LobbyEventRecord.CalendarPartition, cancellationToken: ct))
        {
            overrides.Add((record.RowKey, JsonSerializer.Deserialize<ElectionOverride>(record.Json, Json)!));
        }

        return [.. overrides.OrderBy(o => o.Row, StringComparer.Ordinal).Select(o => o.Value)];
    }

    public async Task AddOverrideAsync(ElectionOverride change, CancellationToken ct)
    {
        var table = await tables.GetAsync(EventsTable, ct);
        // Ticks padded to a fixed width sort in time order as strings.
        var row = change.RecordedAt.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        await table.AddEntityAsync(new LobbyEventRecord { PartitionKey = LobbyEventRecord.CalendarPartition, RowKey = row, Json = JsonSerializer.Serialize(change, Json) }, ct);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
