using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Pulse;

/// <summary>
/// The person in the pulse tables: their answers (remark included) are deleted; a pulse they started stays for the
/// deal with a pseudonym as its starter and without their Teams id in the refresh list. Closed pulses keep their
/// tally, which holds no identities.
/// </summary>
public sealed class PulsePersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } =
        [PulseStore.ResponsesTable, PulseStore.RoundsTable];

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(PulseStore.ResponsesTable, await ResponsesAsync(person, ct)),
        PersonalDataRows.Items(PulseStore.RoundsTable, await RoundsAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var responses = await PersonalDataRows.DeleteAsync(tables, PulseStore.ResponsesTable, await ResponsesAsync(person, ct), ct);

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
        return [responses, new ForgetOutcome(PulseStore.RoundsTable, 0, rounds.Count)];
    }

    private Task<List<TableEntity>> ResponsesAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, PulseStore.ResponsesTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    /// <summary>Rounds they started or whose refresh list holds their Teams id (a short list, so a scan).</summary>
    private async Task<List<TableEntity>> RoundsAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, PulseStore.RoundsTable, null, ct))
            .Where(r => person.IsPerson(r.GetString(nameof(PulseRoundRecord.StartedBy)))
                || (r.GetString(nameof(PulseRoundRecord.RefreshUserIds)) ?? string.Empty).Split(',').Any(person.IsPerson))];
}
