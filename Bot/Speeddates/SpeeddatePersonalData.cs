using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Speeddates;

/// <summary>
/// The person in the speeddate tables: their sign-ups (name, address, feedback) and the history of whom they met
/// are deleted, in both directions; a session keeps its group structure for the others, with the person's key in
/// the plan (and in the invitation list of a CoP block's sign-up) replaced by a pseudonym; a session they organised loses its organiser (the deal's organisers and
/// dealmakers can still run it).
/// </summary>
public sealed class SpeeddatePersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [SpeeddateStore.ParticipantsTable, SpeeddateStore.HistoryTable, SpeeddateStore.SessionsTable];

    public async Task DescribeAsync(DataSubject person, CancellationToken ct)
    {
        foreach (var row in await ParticipationsAsync(person, ct))
        {
            person.Names.Add(row.GetString(nameof(SpeeddateParticipantRecord.Name)) ?? string.Empty);
            person.TeamsIds.Add(row.GetString(nameof(SpeeddateParticipantRecord.UserId)) ?? string.Empty);
            person.Addresses.Add(row.GetString(nameof(SpeeddateParticipantRecord.Address)) ?? string.Empty);
        }

        person.Names.Remove(string.Empty);
        person.TeamsIds.Remove(string.Empty);
        person.Addresses.Remove(string.Empty);
    }

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(SpeeddateStore.ParticipantsTable, await ParticipationsAsync(person, ct)),
        PersonalDataRows.Items(SpeeddateStore.HistoryTable, await HistoryAsync(person, ct)),
        PersonalDataRows.Items(SpeeddateStore.SessionsTable, await SessionsAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var participations = await PersonalDataRows.DeleteAsync(tables, SpeeddateStore.ParticipantsTable, await ParticipationsAsync(person, ct), ct);
        var history = await PersonalDataRows.DeleteAsync(tables, SpeeddateStore.HistoryTable, await HistoryAsync(person, ct), ct);
        var sessions = await SessionsAsync(person, ct);
        foreach (var session in sessions)
        {
            if (person.IsPerson(session.GetString(nameof(SpeeddateSessionRecord.OrganiserKey))))
            {
                session[nameof(SpeeddateSessionRecord.OrganiserKey)] = person.Pseudonym;
            }

            if (person.IsPerson(session.GetString(nameof(SpeeddateSessionRecord.OrganiserObjectId))))
            {
                session[nameof(SpeeddateSessionRecord.OrganiserObjectId)] = null;
            }

            if (session.GetString(nameof(SpeeddateSessionRecord.PlanJson)) is { Length: > 0 } plan)
            {
                session[nameof(SpeeddateSessionRecord.PlanJson)] = PersonalDataRows.ReplaceInJson(plan, person);
            }

            if (session.GetString(nameof(SpeeddateSessionRecord.InvitedJson)) is { Length: > 0 } invited)
            {
                session[nameof(SpeeddateSessionRecord.InvitedJson)] = PersonalDataRows.ReplaceInJson(invited, person);
            }
        }

        await PersonalDataRows.ReplaceAsync(tables, SpeeddateStore.SessionsTable, sessions, ct);
        return [participations, history, new ForgetOutcome(SpeeddateStore.SessionsTable, 0, sessions.Count)];
    }

    private Task<List<TableEntity>> ParticipationsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, SpeeddateStore.ParticipantsTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    private Task<List<TableEntity>> HistoryAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, SpeeddateStore.HistoryTable,
            PersonalDataRows.KeyFilter("PartitionKey", person) + " or " + PersonalDataRows.KeyFilter("RowKey", person), ct);

    /// <summary>Sessions they organised or are seated in (the plan is JSON, so a scan over the small sessions table).</summary>
    private async Task<List<TableEntity>> SessionsAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, SpeeddateStore.SessionsTable, null, ct))
            .Where(s => person.IsPerson(s.GetString(nameof(SpeeddateSessionRecord.OrganiserKey)))
                || person.IsPerson(s.GetString(nameof(SpeeddateSessionRecord.OrganiserObjectId)))
                || SpeeddateStore.ReadPlan(s.GetString(nameof(SpeeddateSessionRecord.PlanJson))).Any(r => r.Any(g => g.Any(person.IsPerson)))
                || Invited(s.GetString(nameof(SpeeddateSessionRecord.InvitedJson))).Any(person.IsPerson))];

    private static List<string> Invited(string? json) =>
        string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
