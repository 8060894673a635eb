using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Lifecycle;

/// <summary>
/// A lesson is the deal's memory, meant to outlive the people who wrote it: on forgetting, the author's key becomes the
/// pseudonym and their name is removed; what happened and what was learned stay.
/// </summary>
public sealed class LessonsPersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [LessonStore.Table];

    public async Task DescribeAsync(DataSubject person, CancellationToken ct)
    {
        foreach (var row in await AuthoredAsync(person, ct))
        {
            if (row.GetString(nameof(LessonRecord.AuthorName)) is { Length: > 0 } name)
            {
                person.Names.Add(name);
            }
        }
    }

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [PersonalDataRows.Items(LessonStore.Table, await AuthoredAsync(person, ct))];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct) =>
    [
        await PersonalDataRows.PseudonymiseAsync(tables, LessonStore.Table, await AuthoredAsync(person, ct),
            nameof(LessonRecord.AuthorKey), nameof(LessonRecord.AuthorName), person, ct),
    ];

    private Task<List<TableEntity>> AuthoredAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, LessonStore.Table, PersonalDataRows.KeyFilter(nameof(LessonRecord.AuthorKey), person), ct);
}
