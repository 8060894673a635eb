using System.Text.Json;
using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Deals;

/// <summary>
/// The person in the deal tables: their profile (<c>People</c>) and roles (<c>DealMembers</c>) are deleted; roles
/// they granted and deals they installed stay without them; audit lines stay with the person as "a member".
/// </summary>
public sealed class DealsPersonalData(StorageTables tables, AuditTrail audit) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [DealDirectory.PeopleTable, DealDirectory.DealMembersTable, DealDirectory.DealsTable, AuditTrail.Table];

    public async Task DescribeAsync(DataSubject person, CancellationToken ct)
    {
        foreach (var row in await PeopleAsync(person, ct))
        {
            person.TeamsIds.Add(row.GetString(nameof(PersonRecord.UserId)) ?? string.Empty);
            person.Names.Add(row.GetString(nameof(PersonRecord.Name)) ?? string.Empty);
        }

        foreach (var row in await RolesAsync(person, ct))
        {
            person.Names.Add(row.GetString(nameof(DealMemberRecord.Name)) ?? string.Empty);
        }

        person.TeamsIds.Remove(string.Empty);
        person.Names.Remove(string.Empty);
    }

    /// <summary>A deal that is still in use keeps a dealmaker: the last one hands the role on before being forgotten.</summary>
    public async Task<IReadOnlyList<ForgetObstacle>> ObstaclesAsync(DataSubject person, CancellationToken ct)
    {
        var obstacles = new List<ForgetObstacle>();
        var deals = await tables.GetAsync(DealDirectory.DealsTable, ct);
        foreach (var role in (await RolesAsync(person, ct)).Where(r => r.GetString(nameof(DealMemberRecord.Role)) == DealRoles.Dealmaker))
        {
            var deal = await deals.GetEntityIfExistsAsync<DealRecord>(role.PartitionKey, DealRecord.Row, cancellationToken: ct);
            if (deal is not { HasValue: true, Value.IsActive: true })
            {
                continue;
            }

            var dealmakers = await PersonalDataRows.QueryAsync(tables, DealDirectory.DealMembersTable,
                $"PartitionKey eq {TableKey.Quote(role.PartitionKey)} and Role eq {TableKey.Quote(DealRoles.Dealmaker)}", ct);
            if (dealmakers.All(d => person.IsPerson(TableKey.Decode(d.RowKey))))
            {
                obstacles.Add(new ForgetObstacle("privacy.forget.last_dealmaker", [deal.Value!.TeamName ?? deal.Value.ChannelName ?? deal.Value.ChannelId]));
            }
        }

        return obstacles;
    }

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(DealDirectory.PeopleTable, await PeopleAsync(person, ct)),
        PersonalDataRows.Items(DealDirectory.DealMembersTable, [.. await RolesAsync(person, ct), .. await GrantsAsync(person, ct)]),
        PersonalDataRows.Items(DealDirectory.DealsTable, await InstallationsAsync(person, ct)),
        PersonalDataRows.Items(AuditTrail.Table, await AuditLinesAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var people = await PersonalDataRows.DeleteAsync(tables, DealDirectory.PeopleTable, await PeopleAsync(person, ct), ct);

        var roles = await RolesAsync(person, ct);
        await PersonalDataRows.DeleteAsync(tables, DealDirectory.DealMembersTable, roles, ct);
        foreach (var dealKey in roles.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal))
        {
            // Each deal the person belonged to sees that a member was forgotten, not who.
            await audit.RecordAsync(dealKey, AuditActions.MemberForgotten, string.Empty, [], ct);
        }

        // A role someone else holds stays; only who granted it goes.
        var grants = await GrantsAsync(person, ct);
        grants.ForEach(g => g[nameof(DealMemberRecord.GrantedBy)] = null);
        await PersonalDataRows.ReplaceAsync(tables, DealDirectory.DealMembersTable, grants, ct);

        var installations = await InstallationsAsync(person, ct);
        installations.ForEach(d => d[nameof(DealRecord.InstalledBy)] = null);
        await PersonalDataRows.ReplaceAsync(tables, DealDirectory.DealsTable, installations, ct);

        // The audit log keeps what happened; the person in it becomes "a member".
        var lines = await AuditLinesAsync(person, ct);
        foreach (var line in lines)
        {
            line["Actor"] = person.IsName(line.GetString("Actor")) ? AuditTrail.ForgottenMember : line.GetString("Actor");
            line["Arguments"] = JsonSerializer.Serialize(Arguments(line).Select(a => person.IsName(a) || person.IsPerson(a) ? AuditTrail.ForgottenMember : a));
        }

        await PersonalDataRows.ReplaceAsync(tables, AuditTrail.Table, lines, ct);
        return
        [
            people,
            new ForgetOutcome(DealDirectory.DealMembersTable, roles.Count, grants.Count),
            new ForgetOutcome(DealDirectory.DealsTable, 0, installations.Count),
            new ForgetOutcome(AuditTrail.Table, 0, lines.Count),
        ];
    }

    private Task<List<TableEntity>> PeopleAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealDirectory.PeopleTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    private Task<List<TableEntity>> RolesAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealDirectory.DealMembersTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    private async Task<List<TableEntity>> GrantsAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, DealDirectory.DealMembersTable, PersonalDataRows.KeyFilter(nameof(DealMemberRecord.GrantedBy), person), ct))
            .Where(r => !person.IsPerson(TableKey.Decode(r.RowKey)))];

    private Task<List<TableEntity>> InstallationsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealDirectory.DealsTable, PersonalDataRows.KeyFilter(nameof(DealRecord.InstalledBy), person), ct);

    /// <summary>Lines whose actor or arguments name the person (the audit log stores names, as shown to dealmakers).</summary>
    private async Task<List<TableEntity>> AuditLinesAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, AuditTrail.Table, null, ct))
            .Where(l => person.IsName(l.GetString("Actor")) || Arguments(l).Any(a => person.IsName(a) || person.IsPerson(a)))];

    private static string[] Arguments(TableEntity line) => JsonSerializer.Deserialize<string[]>(line.GetString("Arguments") ?? "[]") ?? [];
}
