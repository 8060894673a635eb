using System.Text.Json;
using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Coffee;

/// <summary>
/// The person in coffee: their membership (name, e-mail, mailbox id) is deleted; a group they were in stays for
/// the others (their proposals, agreed date and follow-up) with the person's key replaced by a pseudonym.
/// </summary>
public sealed class CoffeePersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [CoffeeStore.MembersTable, CoffeeStore.GroupsTable];

    public async Task DescribeAsync(DataSubject person, CancellationToken ct)
    {
        foreach (var row in await MembershipsAsync(person, ct))
        {
            person.Names.Add(row.GetString(nameof(CoffeeMemberRecord.Name)) ?? string.Empty);
            person.Addresses.Add(row.GetString(nameof(CoffeeMemberRecord.Email)) ?? string.Empty);
        }

        person.Names.Remove(string.Empty);
        person.Addresses.Remove(string.Empty);
    }

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(CoffeeStore.MembersTable, await MembershipsAsync(person, ct)),
        PersonalDataRows.Items(CoffeeStore.GroupsTable, await GroupsAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var memberships = await PersonalDataRows.DeleteAsync(tables, CoffeeStore.MembersTable, await MembershipsAsync(person, ct), ct);
        var groups = await GroupsAsync(person, ct);
        foreach (var group in groups)
        {
            group[nameof(CoffeeGroupRecord.Members)] = string.Join(',', Members(group).Select(k => person.IsPerson(k) ? person.Pseudonym : k));
            group[nameof(CoffeeGroupRecord.Ticks)] = PersonalDataRows.ReplaceInJson(group.GetString(nameof(CoffeeGroupRecord.Ticks)) ?? "{}", person);
            group[nameof(CoffeeGroupRecord.Met)] = PersonalDataRows.ReplaceInJson(group.GetString(nameof(CoffeeGroupRecord.Met)) ?? "{}", person);
        }

        await PersonalDataRows.ReplaceAsync(tables, CoffeeStore.GroupsTable, groups, ct);
        return [memberships, new ForgetOutcome(CoffeeStore.GroupsTable, 0, groups.Count)];
    }

    private Task<List<TableEntity>> MembershipsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, CoffeeStore.MembersTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    /// <summary>Groups with the person among their members (a comma list, so a scan: one row per pair per week).</summary>
    private async Task<List<TableEntity>> GroupsAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, CoffeeStore.GroupsTable, null, ct))
            .Where(g => Members(g).Any(person.IsPerson)
                || JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(g.GetString(nameof(CoffeeGroupRecord.Ticks)) ?? "{}")!.Keys.Any(person.IsPerson))];

    private static string[] Members(TableEntity group) =>
        (group.GetString(nameof(CoffeeGroupRecord.Members)) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
}
