using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Pulse;

/// <summary>
/// The person in the pulse tables: their answers (remark included) and own organisation are deleted; a pulse they
/// started stays for the deal with a pseudonym as its starter and without their Teams id in the refresh list; a
/// domain mapping they set stays without who set it. Closed pulses keep their tally, which holds no identities.
/// </summary>
public sealed class PulsePersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } =
        [PulseStore.ResponsesTable, PulseStore.RoundsTable, DealSettingsStore.PersonOrganisationsTable, DealSettingsStore.DealOrganisationsTable];

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(PulseStore.ResponsesTable, await ResponsesAsync(person, ct)),
        PersonalDataRows.Items(PulseStore.RoundsTable, await RoundsAsync(person, ct)),
        PersonalDataRows.Items(DealSettingsStore.PersonOrganisationsTable, await OwnOrganisationAsync(person, ct)),
        PersonalDataRows.Items(DealSettingsStore.DealOrganisationsTable, await MappingsAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var responses = await PersonalDataRows.DeleteAsync(tables, PulseStore.ResponsesTable, await ResponsesAsync(person, ct), ct);
        var own = await PersonalDataRows.DeleteAsync(tables, DealSettingsStore.PersonOrganisationsTable, await OwnOrganisationAsync(person, ct), ct);

        var rounds = await RoundsAsync(person, ct);
        foreach (var round in rounds)
        {
            if (person.IsPerson(round.GetString(nameof(PulseRoundRecord.StartedBy))))
            {
                round[nameof(PulseRoundRecord.StartedBy)] = person.Pseudonym;
            }

            if (round.GetString(nameof(PulseRoundRecord.RefreshUserIds)) is { } refresh)
            {
                // Never empty: an empty list would mean "refresh for everyone".
                var others = refresh.Split(',').Where(id => !person.IsPerson(id)).ToList();
                round[nameof(PulseRoundRecord.RefreshUserIds)] = others.Count > 0 ? string.Join(',', others) : person.Pseudonym;
            }
        }

        await PersonalDataRows.ReplaceAsync(tables, PulseStore.RoundsTable, rounds, ct);

        var mappings = await MappingsAsync(person, ct);
        mappings.ForEach(m => m[nameof(DealOrganisationRecord.ChangedBy)] = null);
        await PersonalDataRows.ReplaceAsync(tables, DealSettingsStore.DealOrganisationsTable, mappings, ct);
        return
        [
            responses,
            new ForgetOutcome(PulseStore.RoundsTable, 0, rounds.Count),
            own,
            new ForgetOutcome(DealSettingsStore.DealOrganisationsTable, 0, mappings.Count),
        ];
    }

    private Task<List<TableEntity>> ResponsesAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, PulseStore.ResponsesTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    private Task<List<TableEntity>> OwnOrganisationAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealSettingsStore.PersonOrganisationsTable, PersonalDataRows.KeyFilter("PartitionKey", person), ct);

    private Task<List<TableEntity>> MappingsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, DealSettingsStore.DealOrganisationsTable, PersonalDataRows.KeyFilter(nameof(DealOrganisationRecord.ChangedBy), person), ct);

    /// <summary>Rounds they started or whose refresh list holds their Teams id (a short list, so a scan).</summary>
    private async Task<List<TableEntity>> RoundsAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, PulseStore.RoundsTable, null, ct))
            .Where(r => person.IsPerson(r.GetString(nameof(PulseRoundRecord.StartedBy)))
                || (r.GetString(nameof(PulseRoundRecord.RefreshUserIds)) ?? string.Empty).Split(',').Any(person.IsPerson))];
}
