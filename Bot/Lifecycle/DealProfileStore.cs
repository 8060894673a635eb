using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Lifecycle;

/// <summary>
/// A deal's profile. Table <c>DealProfiles</c>: PartitionKey = deal key, RowKey = "profile": one point read per deal,
/// all profiles = one scan of a small table (the prompt job, the programme's dashboard). No person's id or name.
/// </summary>
public sealed class DealProfileRecord : ITableEntity
{
    public const string Row = "profile";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Kind { get; set; } = nameof(DealKind.CityDeal);

    /// <summary>yyyy-MM-dd, or null while unknown.</summary>
    public string? StartDate { get; set; }

    public string? EndDate { get; set; }

    public string Phase { get; set; } = nameof(DealPhase.Uitvoering);

    /// <summary>Comma-separated months 1-12.</summary>
    public string SteeringGroupMonths { get; set; } = string.Empty;

    public int NetworkMonth { get; set; } = DealProfile.DefaultNetworkMonth;

    public int NetworkWeek { get; set; } = DealProfile.DefaultNetworkWeek;

    /// <summary>The deal's name when the profile was last saved, so an ended deal's prompts and lessons can still name it.</summary>
    public string DealName { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public DealProfile ToProfile() => new(
        Enum.TryParse<DealKind>(Kind, out var kind) && Enum.IsDefined(kind) ? kind : DealKind.Other,
        ParseDate(StartDate),
        ParseDate(EndDate),
        Enum.TryParse<DealPhase>(Phase, out var phase) && Enum.IsDefined(phase) ? phase : DealPhase.Uitvoering,
        [.. SteeringGroupMonths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var month) ? month : 0)
            .Where(m => m is >= 1 and <= 12)],
        NetworkMonth is >= 1 and <= 12 ? NetworkMonth : DealProfile.DefaultNetworkMonth,
        NetworkWeek is >= 1 and <= 4 ? NetworkWeek : DealProfile.DefaultNetworkWeek);

    public static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

/// <summary>A deal's profile as others may read it (the programme dashboard): the deal key, its name and the profile.</summary>
public sealed record StoredDealProfile(string DealKey, string DealName, DealProfile Profile, DateTimeOffset UpdatedAt);

/// <summary>Reads and writes deal profiles; <see cref="ListAsync"/> and <see cref="FindAsync"/> are the read API for other parts of the bot.</summary>
public sealed class DealProfileStore(StorageTables tables, TimeProvider time)
{
    public const string Table = "DealProfiles";

    public async Task<StoredDealProfile?> FindAsync(string dealKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var found = await table.GetEntityIfExistsAsync<DealProfileRecord>(dealKey, DealProfileRecord.Row, cancellationToken: ct);
        return found.HasValue ? ToStored(found.Value!) : null;
    }

    public async Task<IReadOnlyList<StoredDealProfile>> ListAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var profiles = new List<StoredDealProfile>();
        await foreach (var record in table.QueryAsync<DealProfileRecord>(cancellationToken: ct))
        {
            profiles.Add(ToStored(record));
        }

        return profiles;
    }

    /// <summary>Saves the whole profile (last writer wins: the card always sends every field).</summary>
    public async Task SaveAsync(string dealKey, string dealName, DealProfile profile, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        await table.UpsertEntityAsync(new DealProfileRecord
        {
            PartitionKey = dealKey,
            Kind = profile.Kind.ToString(),
            StartDate = DealProfileRecord.FormatDate(profile.Start),
            EndDate = DealProfileRecord.FormatDate(profile.End),
            Phase = profile.Phase.ToString(),
            SteeringGroupMonths = string.Join(',', profile.SteeringGroupMonths.Distinct().Order()),
            NetworkMonth = profile.NetworkMonth,
            NetworkWeek = profile.NetworkWeek,
            DealName = dealName,
            UpdatedAt = time.GetUtcNow(),
        }, TableUpdateMode.Replace, ct);
    }

    private static StoredDealProfile ToStored(DealProfileRecord record) => new(record.PartitionKey, record.DealName, record.ToProfile(), record.UpdatedAt);
}
