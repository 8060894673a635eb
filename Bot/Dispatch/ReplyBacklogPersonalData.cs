using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Dispatch;

/// <summary>
/// The person in the reply backlog: replies that answer their turns (the backlog row names them) or that mention
/// their ids, name or e-mail address, waiting to be sent. They are exported as they are and deleted on forgetting:
/// a reply still waiting for a person who asked to be forgotten is not sent. Rows live only until they are sent.
/// </summary>
public sealed class ReplyBacklogPersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [ReplyBacklog.Table];

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [PersonalDataRows.Items(ReplyBacklog.Table, await WaitingAsync(person, ct))];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct) =>
        [await PersonalDataRows.DeleteAsync(tables, ReplyBacklog.Table, await WaitingAsync(person, ct), ct)];

    /// <summary>Every waiting reply about the person (the backlog is short-lived and privacy requests are rare: a scan).</summary>
    private async Task<List<TableEntity>> WaitingAsync(DataSubject person, CancellationToken ct)
    {
        var rows = await PersonalDataRows.QueryAsync(tables, ReplyBacklog.Table, $"PartitionKey ne {TableKey.Quote(ReplyBacklog.DirectoryPartition)}", ct);
        return [.. rows.Where(row => row.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag")).Any(p => p.Value is string text && person.IsMentionedIn(text)))];
    }
}
