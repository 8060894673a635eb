using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace CityDealBot.Storage;

/// <summary>
/// The person a privacy request is about: the key the bot files them under (Entra object id, or the 29: id where
/// Teams sends none), their bot-scoped Teams id, the names and e-mail addresses the stores know them by, and, for
/// forgetting, one random pseudonym that replaces their key wherever a row stays for the others.
/// </summary>
public sealed class DataSubject(string tenantId, string key, string pseudonym)
{
    public string TenantId { get; } = tenantId;

    public string Key { get; } = key;

    public string EncodedKey => TableKey.Encode(Key);

    /// <summary>Random per request, never derived from the person's ids: it cannot be traced back to them.</summary>
    public string Pseudonym { get; } = pseudonym;

    public HashSet<string> TeamsIds { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Addresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The person's key and Teams ids: what stores use as a person key or a 1:1 address.</summary>
    public IEnumerable<string> Ids => new[] { Key }.Concat(TeamsIds).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal);

    public static string NewPseudonym() => "forgotten-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public bool IsPerson(string? decodedKey) => decodedKey is { Length: > 0 } && Ids.Contains(decodedKey, StringComparer.Ordinal);

    public bool IsName(string? name) => name is { Length: > 0 } && Names.Contains(name);

    public bool IsAddress(string? address) => address is { Length: > 0 } && Addresses.Contains(address.Trim());

    /// <summary>Whether free text (a queue message, a delivery key) holds one of the person's ids, names or addresses.</summary>
    public bool IsMentionedIn(string? text) =>
        text is { Length: > 0 }
        && (Ids.Any(i => text.Contains(i, StringComparison.Ordinal))
            || Names.Any(n => n.Length > 0 && text.Contains(n, StringComparison.Ordinal))
            || Addresses.Any(a => a.Length > 0 && text.Contains(a, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>What one store holds about the person, for the export: one JSON object per row or message.</summary>
public sealed record PersonalDataItems(string Store, IReadOnlyList<JsonObject> Items);

/// <summary>What forgetting did in one store: rows deleted, and rows kept for others with the person taken out.</summary>
public sealed record ForgetOutcome(string Store, int Deleted, int Pseudonymised)
{
    public int Total => Deleted + Pseudonymised;
}

/// <summary>Why the person cannot be forgotten yet, as a text key and its arguments in the reader's language.</summary>
public sealed record ForgetObstacle(string TextKey, IReadOnlyList<string> Arguments);

/// <summary>
/// A store's own answer to the AVG rights of access and erasure. Every store that holds a person's id, name or
/// e-mail registers one (<see cref="PersonalDataRegistration.AddPersonalDataSource{T}"/>) next to the store, so a
/// new table cannot be forgotten by <c>mijn gegevens</c> and <c>vergeet mij</c>. docs/privacy.md describes each.
/// </summary>
public interface IPersonalDataSource
{
    /// <summary>The logical table and queue names this source answers for.</summary>
    IReadOnlyCollection<string> Stores { get; }

    /// <summary>Adds the names and e-mail addresses this store knows the person by (asked before export and forget).</summary>
    Task DescribeAsync(DataSubject person, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Reasons the person cannot be forgotten yet (e.g. the last dealmaker of an active deal).</summary>
    Task<IReadOnlyList<ForgetObstacle>> ObstaclesAsync(DataSubject person, CancellationToken ct) => Task.FromResult<IReadOnlyList<ForgetObstacle>>([]);

    Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct);

    Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct);
}

/// <summary>A table that holds no person's id, name or e-mail, declared by its feature so the contract test knows it.</summary>
public sealed record StoreWithoutPersonalData(string Store);

public static class PersonalDataRegistration
{
    public static IServiceCollection AddPersonalDataSource<T>(this IServiceCollection services)
        where T : class, IPersonalDataSource
    {
        services.AddSingleton<IPersonalDataSource, T>();
        return services;
    }

    public static IServiceCollection AddStoreWithoutPersonalData(this IServiceCollection services, string store)
    {
        services.AddSingleton(new StoreWithoutPersonalData(store));
        return services;
    }
}

/// <summary>Table helpers shared by the stores' privacy sources.</summary>
public static class PersonalDataRows
{
    /// <summary>Rows matching an OData filter (null: the whole table; privacy requests are rare, scans are fine).</summary>
    public static async Task<List<TableEntity>> QueryAsync(StorageTables tables, string table, string? filter, CancellationToken ct)
    {
        var client = await tables.GetAsync(table, ct);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Rows where the person's encoded key is the PartitionKey or the RowKey, or a string property equals one of their ids.</summary>
    public static string KeyFilter(string column, DataSubject person) =>
        string.Join(" or ", person.Ids.Select(id => $"{column} eq {TableKey.Quote(column is "PartitionKey" or "RowKey" ? TableKey.Encode(id) : id)}"));

    public static PersonalDataItems Items(string store, IEnumerable<TableEntity> rows) => new(store, [.. rows.Select(ToJson)]);

    public static async Task<ForgetOutcome> DeleteAsync(StorageTables tables, string store, IReadOnlyCollection<TableEntity> rows, CancellationToken ct)
    {
        var client = await tables.GetAsync(store, ct);
        foreach (var row in rows)
        {
            await client.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        }

        return new ForgetOutcome(store, rows.Count, 0);
    }

    /// <summary>Writes rows back whole (Replace), after the caller took the person out of them.</summary>
    public static async Task ReplaceAsync(StorageTables tables, string store, IEnumerable<TableEntity> rows, CancellationToken ct)
    {
        var client = await tables.GetAsync(store, ct);
        foreach (var row in rows)
        {
            await client.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, ct);
        }
    }

    /// <summary>
    /// Rows that outlive the person (a lesson, a deal's answer): their key in <paramref name="keyColumn"/> becomes the
    /// pseudonym, their name in <paramref name="nameColumn"/> is removed, and the rows are written back.
    /// </summary>
    public static async Task<ForgetOutcome> PseudonymiseAsync(
        StorageTables tables, string store, IReadOnlyCollection<TableEntity> rows, string keyColumn, string nameColumn, DataSubject person, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            row[keyColumn] = person.Pseudonym;
            row[nameColumn] = string.Empty;
        }

        await ReplaceAsync(tables, store, rows, ct);
        return new ForgetOutcome(store, 0, rows.Count);
    }

    /// <summary>A row as JSON with its keys decoded, for the person to read.</summary>
    public static JsonObject ToJson(TableEntity row)
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
                string s when name is "PartitionKey" or "RowKey" => TableKey.Decode(s),
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

    /// <summary>A JSON text with every string in it where the person's key was replaced by their pseudonym.</summary>
    public static string ReplaceInJson(string json, DataSubject person)
    {
        var node = JsonNode.Parse(json);
        return node is null ? json : Replace(node, person)?.ToJsonString() ?? json;
    }

    private static JsonNode? Replace(JsonNode node, DataSubject person)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    copy[person.IsPerson(name) ? person.Pseudonym : name] = value is null ? null : Replace(value, person);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(v => v is null ? null : Replace(v, person))]);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && person.IsPerson(value.GetValue<string>()):
                return JsonValue.Create(person.Pseudonym);
            default:
                return node.DeepClone();
        }
    }
}
