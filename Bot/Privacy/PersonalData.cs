using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Deals;
using CityDealBot.Elections.Lobby;
using CityDealBot.Pulse;
using CityDealBot.Storage;

namespace CityDealBot.Privacy;

/// <summary>What was found about (or removed for) one person, per table.</summary>
public sealed record PersonalDataSummary(IReadOnlyDictionary<string, int> RowsPerTable)
{
    public int Total => RowsPerTable.Values.Sum();
}

/// <summary>
/// Everything the bot stores about one person, found by their key in every table that holds it, for the AVG
/// rights of access (export) and erasure (forget). Closed pulses keep their stored aggregate
/// (<c>PulseTallies</c> holds no identities), so published results do not change.
/// </summary>
public sealed class PersonalData(StorageTables tables, AuditTrail audit, TimeProvider time)
{
    public async Task<JsonObject> ExportAsync(string tenantId, string personKey, CancellationToken ct)
    {
        var key = TableKey.Encode(personKey);
        var result = new JsonObject
        {
            ["person"] = personKey,
            ["tenant"] = tenantId,
            ["exportedAt"] = time.GetUtcNow(),
        };
        var data = new JsonObject();
        foreach (var (table, rows) in await FindAsync(tenantId, key, ct))
        {
            data[table] = new JsonArray([.. rows.Select(ToJson)]);
        }

        result["tables"] = data;
        return result;
    }

    public async Task<PersonalDataSummary> SummarizeAsync(string tenantId, string personKey, CancellationToken ct) =>
        new((await FindAsync(tenantId, TableKey.Encode(personKey), ct)).ToDictionary(t => t.Table, t => t.Rows.Count));

    /// <summary>Deletes the person's rows; rows about a deal that only name them as its last editor keep the row but lose the name.</summary>
    public async Task<PersonalDataSummary> ForgetAsync(string tenantId, string personKey, CancellationToken ct)
    {
        var key = TableKey.Encode(personKey);
        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (table, rows) in await FindAsync(tenantId, key, ct))
        {
            var client = await tables.GetAsync(table, ct);
            foreach (var row in rows)
            {
                if (table is LobbyStore.ProgressTable or LobbyStore.SettingsTable)
                {
                    row["UpdatedBy"] = null;
                    await client.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, ct);
                }
                else
                {
                    await client.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
                }
            }

            removed[table] = rows.Count;
            if (table == DealDirectory.DealMembersTable)
            {
                // Each deal the person belonged to sees that a member was forgotten, not who.
                foreach (var dealKey in rows.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal))
                {
                    await audit.RecordAsync(dealKey, AuditActions.MemberForgotten, string.Empty, [], ct);
                }
            }
        }

        await AuditAsync(AuditActions.PersonalDataForget, personKey, removed.Values.Sum(), ct);
        return new PersonalDataSummary(removed);
    }

    public Task AuditExportAsync(string personKey, CancellationToken ct) => AuditAsync(AuditActions.PersonalDataExport, personKey, 0, ct);

    // The person is recorded as a hash: the audit log proves the request was honoured without keeping who asked.
    private Task AuditAsync(string action, string personKey, int rows, CancellationToken ct) =>
        audit.RecordPrivacyAsync(action, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(personKey)))[..16], rows, ct);

    private async Task<List<(string Table, List<TableEntity> Rows)>> FindAsync(string tenantId, string key, CancellationToken ct)
    {
        var found = new List<(string, List<TableEntity>)>
        {
            (DealDirectory.PeopleTable, await QueryAsync(DealDirectory.PeopleTable, $"PartitionKey eq {TableKey.Quote(TableKey.Encode(tenantId))} and RowKey eq {TableKey.Quote(key)}", ct)),
            (DealDirectory.DealMembersTable, await QueryAsync(DealDirectory.DealMembersTable, $"RowKey eq {TableKey.Quote(key)}", ct)),
            (DealSettingsStore.PersonOrganisationsTable, await QueryAsync(DealSettingsStore.PersonOrganisationsTable, $"PartitionKey eq {TableKey.Quote(key)}", ct)),
            (Coffee.CoffeeStore.MembersTable, await QueryAsync(Coffee.CoffeeStore.MembersTable, $"PartitionKey eq {TableKey.Quote(TableKey.Encode(tenantId))} and RowKey eq {TableKey.Quote(key)}", ct)),
        };
        // A scan, as for the roles above: privacy requests are rare, and a person index would cost every answer a second write.
        found.Add((PulseStore.ResponsesTable, await QueryAsync(PulseStore.ResponsesTable, $"RowKey eq {TableKey.Quote(key)}", ct)));
        found.Add((LobbyStore.ProgressTable, await QueryAsync(LobbyStore.ProgressTable, $"UpdatedBy eq {TableKey.Quote(key)}", ct)));
        found.Add((LobbyStore.SettingsTable, await QueryAsync(LobbyStore.SettingsTable, $"UpdatedBy eq {TableKey.Quote(key)}", ct)));
        return found;
    }

    private async Task<List<TableEntity>> QueryAsync(string table, string filter, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static JsonObject ToJson(TableEntity row)
    {
        var json = new JsonObject();
        foreach (var (name, value) in row)
        {
            if (name is "odata.etag")
            {
                continue;
            }

            json[name] = value switch
            {
                null => null,
                DateTimeOffset d => d,
                bool b => b,
                int i => i,
                long l => l,
                double d => d,
                _ => value.ToString(),
            };
        }

        return json;
    }
}
