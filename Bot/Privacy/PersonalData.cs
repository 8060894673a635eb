using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CityDealBot.Deals;

using CityDealBot.Storage;

namespace CityDealBot.Privacy;

/// <summary>What was found about (or removed for) one person, per store.</summary>
public sealed record PersonalDataSummary(IReadOnlyDictionary<string, int> RowsPerTable)
{
    public int Total => RowsPerTable.Values.Sum();
}

/// <summary>The outcome of a forget request: done (with what was removed), or refused with what to do first.</summary>
public sealed record ForgetResult(PersonalDataSummary? Removed, IReadOnlyList<ForgetObstacle> Obstacles);

/// <summary>
/// The AVG rights of access (export) and erasure (forget) over every registered <see cref="IPersonalDataSource"/>:
/// each store answers for itself, this class only asks them all, in registration order.
/// </summary>
public sealed class PersonalData(IEnumerable<IPersonalDataSource> sources, AuditTrail audit, TimeProvider time)
{
    private readonly IReadOnlyList<IPersonalDataSource> _sources = [.. sources];

    /// <summary>Every store some source answers for.</summary>
    public IReadOnlyList<string> Stores => [.. _sources.SelectMany(s => s.Stores).Distinct(StringComparer.Ordinal)];

    public async Task<JsonObject> ExportAsync(string tenantId, string personKey, CancellationToken ct)
    {
        var person = await DescribeAsync(tenantId, personKey, null, null, ct);
        var data = new JsonObject();
        foreach (var items in await CollectAsync(person, ct))
        {
            data[items.Store] = new JsonArray([.. items.Items]);
        }

        return new JsonObject
        {
            ["person"] = personKey,
            ["tenant"] = tenantId,
            ["exportedAt"] = time.GetUtcNow(),
            ["teamsIds"] = new JsonArray([.. person.TeamsIds.Order(StringComparer.Ordinal).Select(i => JsonValue.Create(i))]),
            ["names"] = new JsonArray([.. person.Names.Order(StringComparer.Ordinal).Select(n => JsonValue.Create(n))]),
            ["addresses"] = new JsonArray([.. person.Addresses.Order(StringComparer.OrdinalIgnoreCase).Select(a => JsonValue.Create(a))]),
            ["tables"] = data,
        };
    }

    public async Task<PersonalDataSummary> SummarizeAsync(string tenantId, string personKey, CancellationToken ct)
    {
        var person = await DescribeAsync(tenantId, personKey, null, null, ct);
        return new((await CollectAsync(person, ct)).ToDictionary(i => i.Store, i => i.Items.Count, StringComparer.Ordinal));
    }

    /// <summary>What keeps the person from being forgotten now; empty when nothing does.</summary>
    public async Task<IReadOnlyList<ForgetObstacle>> ObstaclesAsync(string tenantId, string personKey, string? teamsId, string? name, CancellationToken ct) =>
        await ObstaclesAsync(await DescribeAsync(tenantId, personKey, teamsId, name, ct), ct);

    /// <summary>
    /// Forgets the person in every store (rows about them deleted, rows that others still need kept with the
    /// person replaced by a pseudonym), unless an obstacle says what to do first.
    /// </summary>
    public async Task<ForgetResult> ForgetAsync(string tenantId, string personKey, string? teamsId, string? name, CancellationToken ct)
    {
        var person = await DescribeAsync(tenantId, personKey, teamsId, name, ct);
        var obstacles = await ObstaclesAsync(person, ct);
        if (obstacles.Count > 0)
        {
            return new ForgetResult(null, obstacles);
        }

        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in _sources)
        {
            foreach (var outcome in await source.ForgetAsync(person, ct))
            {
                removed[outcome.Store] = removed.GetValueOrDefault(outcome.Store) + outcome.Total;
            }
        }

        await AuditAsync(AuditActions.PersonalDataForget, personKey, removed.Values.Sum(), ct);
        return new ForgetResult(new PersonalDataSummary(removed), []);
    }

    public Task AuditExportAsync(string personKey, CancellationToken ct) => AuditAsync(AuditActions.PersonalDataExport, personKey, 0, ct);

    // The person is recorded as a hash: the audit log proves the request was honoured without keeping who asked.
    private Task AuditAsync(string action, string personKey, int rows, CancellationToken ct) =>
        audit.RecordPrivacyAsync(action, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(personKey)))[..16], rows, ct);

    private async Task<DataSubject> DescribeAsync(string tenantId, string personKey, string? teamsId, string? name, CancellationToken ct)
    {
        var person = new DataSubject(tenantId, personKey, DataSubject.NewPseudonym());
        if (!string.IsNullOrEmpty(teamsId))
        {
            person.TeamsIds.Add(teamsId);
        }

        if (!string.IsNullOrEmpty(name))
        {
            person.Names.Add(name);
        }

        foreach (var source in _sources)
        {
            await source.DescribeAsync(person, ct);
        }

        return person;
    }

    private async Task<IReadOnlyList<ForgetObstacle>> ObstaclesAsync(DataSubject person, CancellationToken ct)
    {
        var obstacles = new List<ForgetObstacle>();
        foreach (var source in _sources)
        {
            obstacles.AddRange(await source.ObstaclesAsync(person, ct));
        }

        return obstacles;
    }

    private async Task<List<PersonalDataItems>> CollectAsync(DataSubject person, CancellationToken ct)
    {
        var found = new List<PersonalDataItems>();
        foreach (var source in _sources)
        {
            found.AddRange(await source.ExportAsync(person, ct));
        }

        // One entry per store, even when two sources both report rows of it.
        return [.. found.GroupBy(i => i.Store, StringComparer.Ordinal).Select(g => new PersonalDataItems(g.Key, [.. g.SelectMany(i => i.Items)]))];
    }
}
