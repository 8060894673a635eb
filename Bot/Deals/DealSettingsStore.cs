using Azure;
using Azure.Data.Tables;
using CityDealBot.Organisations;
using CityDealBot.Storage;

namespace CityDealBot.Deals;

/// <summary>
/// A deal's domain-to-organisation mapping. Table <c>DealOrganisations</c>: PartitionKey = deal key, RowKey =
/// e-mail domain: the whole mapping is one partition query.
/// </summary>
public sealed class DealOrganisationRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = nameof(OrganisationType.Other);

    public string? ChangedBy { get; set; }
}

/// <summary>
/// A person's own correction of their organisation. Table <c>PersonOrganisations</c>: PartitionKey = person key,
/// RowKey = "own": one point read, and part of what a privacy export of the person lists.
/// </summary>
public sealed class PersonOrganisationRecord : ITableEntity
{
    public const string Row = "own";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = nameof(OrganisationType.Other);
}

/// <summary>Roles and organisations of a deal's people.</summary>
public sealed class DealSettingsStore(StorageTables tables, TimeProvider time)
{
    public const string DealOrganisationsTable = "DealOrganisations";
    public const string PersonOrganisationsTable = "PersonOrganisations";

    public async Task<IReadOnlyList<DealMemberRecord>> MembersAsync(string channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealDirectory.DealMembersTable, ct);
        var members = new List<DealMemberRecord>();
        await foreach (var member in table.QueryAsync<DealMemberRecord>(m => m.PartitionKey == DealDirectory.DealKey(channelId), cancellationToken: ct))
        {
            members.Add(member);
        }

        return members;
    }

    public async Task SetRoleAsync(string channelId, string personKey, string name, string role, string grantedBy, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealDirectory.DealMembersTable, ct);
        await table.UpsertEntityAsync(new DealMemberRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = TableKey.Encode(personKey),
            Name = name,
            Role = role,
            GrantedBy = grantedBy,
            GrantedAt = time.GetUtcNow(),
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<OrganisationDomainMap> MappingAsync(string channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealOrganisationsTable, ct);
        var entries = new List<KeyValuePair<string, PartnerOrganisation>>();
        await foreach (var row in table.QueryAsync<DealOrganisationRecord>(r => r.PartitionKey == DealDirectory.DealKey(channelId), cancellationToken: ct))
        {
            entries.Add(new(TableKey.Decode(row.RowKey), new PartnerOrganisation(row.Name, ParseType(row.Type))));
        }

        return OrganisationDomainMap.From(entries);
    }

    public async Task SaveMappingAsync(string channelId, string domain, PartnerOrganisation organisation, string changedBy, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealOrganisationsTable, ct);
        await table.UpsertEntityAsync(new DealOrganisationRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = TableKey.Encode(domain),
            Name = organisation.Name,
            Type = organisation.Type.ToString(),
            ChangedBy = changedBy,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task RemoveMappingAsync(string channelId, string domain, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealOrganisationsTable, ct);
        await table.DeleteEntityAsync(DealDirectory.DealKey(channelId), TableKey.Encode(domain), ETag.All, ct);
    }

    public async Task<PartnerOrganisation?> CorrectionAsync(string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(PersonOrganisationsTable, ct);
        var found = await table.GetEntityIfExistsAsync<PersonOrganisationRecord>(TableKey.Encode(personKey), PersonOrganisationRecord.Row, cancellationToken: ct);
        return found.HasValue ? new PartnerOrganisation(found.Value!.Name, ParseType(found.Value.Type)) : null;
    }

    public async Task SaveCorrectionAsync(string personKey, PartnerOrganisation? organisation, CancellationToken ct)
    {
        var table = await tables.GetAsync(PersonOrganisationsTable, ct);
        if (organisation is null)
        {
            await table.DeleteEntityAsync(TableKey.Encode(personKey), PersonOrganisationRecord.Row, ETag.All, ct);
            return;
        }

        await table.UpsertEntityAsync(new PersonOrganisationRecord
        {
            PartitionKey = TableKey.Encode(personKey),
            Name = organisation.Name,
            Type = organisation.Type.ToString(),
        }, TableUpdateMode.Replace, ct);
    }

    public static OrganisationType ParseType(string? value) =>
        Enum.TryParse<OrganisationType>(value, ignoreCase: false, out var type) && Enum.IsDefined(type) ? type : OrganisationType.Other;
}
