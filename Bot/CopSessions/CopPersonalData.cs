using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.CopSessions;

/// <summary>
/// The person in the CoP tables: their RSVPs and time-poll ticks are deleted; a session they organised stays for
/// the others without their key, Teams id, mailbox id and name, and their address leaves every invitee list; a
/// time poll they opened stays with a pseudonym as its organiser.
/// </summary>
public sealed class CopPersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } =
        [CopSessionStore.RsvpsTable, CopTimePoll.VotesTable, CopSessionStore.SessionsTable, CopTimePoll.PollsTable];

    public async Task DescribeAsync(DataSubject person, CancellationToken ct)
    {
        foreach (var row in (await RsvpsAsync(person, ct)).Concat(await VotesAsync(person, ct)))
        {
            person.Names.Add(row.GetString(nameof(CopRsvpRecord.Name)) ?? string.Empty);
        }

        person.Names.Remove(string.Empty);
    }

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
    [
        PersonalDataRows.Items(CopSessionStore.RsvpsTable, await RsvpsAsync(person, ct)),
        PersonalDataRows.Items(CopTimePoll.VotesTable, await VotesAsync(person, ct)),
        PersonalDataRows.Items(CopSessionStore.SessionsTable, await SessionsAsync(person, ct)),
        PersonalDataRows.Items(CopTimePoll.PollsTable, await PollsAsync(person, ct)),
    ];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct)
    {
        var rsvps = await PersonalDataRows.DeleteAsync(tables, CopSessionStore.RsvpsTable, await RsvpsAsync(person, ct), ct);
        var votes = await PersonalDataRows.DeleteAsync(tables, CopTimePoll.VotesTable, await VotesAsync(person, ct), ct);

        var sessions = await SessionsAsync(person, ct);
        foreach (var session in sessions)
        {
            if (IsOrganiser(session, person))
            {
                // The session goes on for the others; its calendar event lives in the person's own mailbox, which the
                // bot no longer names, so later changes are posted in Teams only.
                session[nameof(CopSessionRecord.OrganiserKey)] = person.Pseudonym;
                session[nameof(CopSessionRecord.OrganiserId)] = null;
                session[nameof(CopSessionRecord.OrganiserObjectId)] = null;
                session[nameof(CopSessionRecord.OrganiserName)] = string.Empty;
            }

            session[nameof(CopSessionRecord.Invitees)] = string.Join(';', CopPlanner.Split(session.GetString(nameof(CopSessionRecord.Invitees)) ?? string.Empty)
                .Where(a => !person.IsAddress(a)));
        }

        await PersonalDataRows.ReplaceAsync(tables, CopSessionStore.SessionsTable, sessions, ct);

        var polls = await PollsAsync(person, ct);
        polls.ForEach(p => p[nameof(CopPollRecord.OrganiserKey)] = person.Pseudonym);
        await PersonalDataRows.ReplaceAsync(tables, CopTimePoll.PollsTable, polls, ct);
        return [rsvps, votes, new ForgetOutcome(CopSessionStore.SessionsTable, 0, sessions.Count), new ForgetOutcome(CopTimePoll.PollsTable, 0, polls.Count)];
    }

    private static bool IsOrganiser(TableEntity session, DataSubject person) =>
        person.IsPerson(session.GetString(nameof(CopSessionRecord.OrganiserKey)))
        || person.IsPerson(session.GetString(nameof(CopSessionRecord.OrganiserId)))
        || person.IsPerson(session.GetString(nameof(CopSessionRecord.OrganiserObjectId)));

    private Task<List<TableEntity>> RsvpsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, CopSessionStore.RsvpsTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    private Task<List<TableEntity>> VotesAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, CopTimePoll.VotesTable, PersonalDataRows.KeyFilter("RowKey", person), ct);

    /// <summary>Sessions they organised or are invited to (invitees are a ';' list, so a scan over the small table).</summary>
    private async Task<List<TableEntity>> SessionsAsync(DataSubject person, CancellationToken ct) =>
        [.. (await PersonalDataRows.QueryAsync(tables, CopSessionStore.SessionsTable, null, ct))
            .Where(s => IsOrganiser(s, person) || CopPlanner.Split(s.GetString(nameof(CopSessionRecord.Invitees)) ?? string.Empty).Any(person.IsAddress))];

    private Task<List<TableEntity>> PollsAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, CopTimePoll.PollsTable, PersonalDataRows.KeyFilter(nameof(CopPollRecord.OrganiserKey), person), ct);
}
