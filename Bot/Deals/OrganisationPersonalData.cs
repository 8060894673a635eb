using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Deals;

/// <summary>
/// The person in the organisation tables: their own organisation (their correction) is deleted; a domain mapping
/// they set stays for the deal without who set it.
/// </summary>
public sealed class OrganisationPersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [DealSettingsStore.PersonOrganisationsTable, DealSettingsStore.DealOrganisationsTable];

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(DealSettingsStore.PersonOrganisationsTable, await OwnOrganisationAsync(person, ct)),
        PersonalDataRows.Items(DealSettingsStore.DealOrganisationsTable, await MappingsAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var own = await PersonalDataRows.DeleteAsync(tables, DealSettingsStore.PersonOrganisationsTable, await OwnOrganisationAsync(person, ct), ct);
        var mappings = await MappingsAsync(person, ct);
        mappings.ForEach(m => m[nameof(DealOrganisationRecord.ChangedBy)] = null);
        await PersonalDataRows.ReplaceAsync(tables, DealSettingsStore.DealOrganisationsTable, mappings, ct);
        return [own, new ForgetOutcome(DealSettingsStore.DealOrganisationsTable, 0, mappings.Count)];
    }

    private Task<List<TableEntity>> OwnOrganisationAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealSettingsStore.PersonOrganisationsTable, PersonalDataRows.KeyFilter("PartitionKey", person), ct);

    private Task<List<TableEntity>> MappingsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealSettingsStore.DealOrganisationsTable, PersonalDataRows.KeyFilter(nameof(DealOrganisationRecord.ChangedBy), person), ct);
}
