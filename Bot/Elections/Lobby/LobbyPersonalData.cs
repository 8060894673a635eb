using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Elections.Lobby;

/// <summary>A deal's lobby settings and progress stay for the deal; only "last changed by" the person goes.</summary>
public sealed class LobbyPersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [LobbyStore.ProgressTable, LobbyStore.SettingsTable];

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [.. await Task.WhenAll(Stores.Select(async table => PersonalDataRows.Items(table, await ChangedByAsync(table, person, ct))))];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var outcomes = new List<ForgetOutcome>();
        foreach (var table in Stores)
        {
            var rows = await ChangedByAsync(table, person, ct);
            rows.ForEach(r => r[nameof(LobbySettingsRecord.UpdatedBy)] = null);
            await PersonalDataRows.ReplaceAsync(tables, table, rows, ct);
            outcomes.Add(new ForgetOutcome(table, 0, rows.Count));
        }

        return outcomes;
    }

    private Task<List<TableEntity>> ChangedByAsync(string table, DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, table, PersonalDataRows.KeyFilter(nameof(LobbySettingsRecord.UpdatedBy), person), ct);
}
