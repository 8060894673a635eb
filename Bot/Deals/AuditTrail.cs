using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Deals;

/// <summary>What an audit entry records; the text for each lives under <c>audit.{action}</c> in the card texts.</summary>
public static class AuditActions
{
    /// <summary>Arguments: the person's name, the new role (dealmaker / organiser / partner).</summary>
    public const string RoleChanged = "role.changed";

    /// <summary>Whoever installed the bot in the channel became its first dealmaker.</summary>
    public const string RoleByInstall = "role.installer";

    /// <summary>Arguments: the pulse's title.</summary>
    public const string PulseExport = "export.pulse";

    /// <summary>Arguments: the number of rows removed. The member's name is not kept: that is the point.</summary>
    public const string MemberForgotten = "deletion.forget";

    /// <summary>Arguments: the number of answers unlinked from their people after the retention period.</summary>
    public const string AnswersRetired = "deletion.retention";

    /// <summary>Arguments: the e-mail domain, the organisation.</summary>
    public const string DomainMapped = "settings.domain";

    /// <summary>Arguments: the e-mail domain.</summary>
    public const string DomainUnmapped = "settings.domain_removed";

    /// <summary>Arguments: the number of governments the deal follows.</summary>
    public const string LobbySettings = "settings.lobby";

    /// <summary>Arguments: the deal's kind, phase and end date (yyyy-MM-dd, or empty).</summary>
    public const string ProfileChanged = "settings.profile";

    /// <summary>Arguments: the session's title.</summary>
    public const string CopCancelled = "cop.cancelled";

    /// <summary>A question deck was created or changed. Arguments: its name, whether it is shared (true/false).</summary>
    public const string DeckSaved = "decks.saved";

    /// <summary>Arguments: the deck's name.</summary>
    public const string DeckDeleted = "decks.deleted";

    /// <summary>A programme administrator marked the channel as a deal, the CoP or the programme channel. Arguments: the kind code.</summary>
    public const string ChannelKindChanged = "admin.channel_kind";

    /// <summary>Programme-wide. Arguments: the election, its date (yyyy-MM-dd).</summary>
    public const string ElectionChanged = "admin.election";

    /// <summary>A programme administrator opened a pulse in every deal. Arguments: the programme round id, its closing date (yyyy-MM-dd).</summary>
    public const string ProgrammeRoundOpened = "admin.programme_round";

    /// <summary>Programme-wide: an administrator asked deals for input. Arguments: the number of deals, the deadline (yyyy-MM-dd).</summary>
    public const string ProgrammeRequestSent = "admin.programme_request";

    /// <summary>Privacy partition only (no deal). The person is a hash.</summary>
    public const string PersonalDataExport = "privacy.export";

    public const string PersonalDataForget = "privacy.forget";
}

/// <summary>One line of the audit log.</summary>
public sealed record AuditEntry(string Cursor, DateTimeOffset At, string Action, string Actor, IReadOnlyList<string> Arguments);

/// <summary>A page of entries, newest first, and where the next (older) page starts.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);

/// <summary>
/// The audit log: role changes, exports, deletions, settings and admin commands, readable by a deal's dealmakers.
/// Table <c>AuditLog</c>: PartitionKey = the deal key, <c>programme</c> for programme-wide admin commands (shown in
/// every deal's log) or <c>privacy</c> for a person's own export/forget requests (the person hashed, in no deal's log);
/// RowKey = inverted ticks + a random suffix, so a partition reads newest first and paging is "RowKey after the
/// last one shown".
/// </summary>
public sealed class AuditTrail(StorageTables tables, TimeProvider time)
{
    public const string Table = "AuditLog";
    public const string ProgrammePartition = "programme";
    public const string PrivacyPartition = "privacy";

    /// <summary>Stands for the actor or a named person once they were forgotten: the line stays, the name goes.</summary>
    public const string ForgottenMember = "~forgotten-member";

    /// <param name="dealKey">The deal's key (<see cref="DealDirectory.DealKey"/> of its channel).</param>
    public Task RecordAsync(string dealKey, string action, string actor, IReadOnlyList<string> arguments, CancellationToken ct) =>
        AddAsync(dealKey, action, actor, arguments, ct);

    public Task RecordForProgrammeAsync(string action, string actor, IReadOnlyList<string> arguments, CancellationToken ct) =>
        AddAsync(ProgrammePartition, action, actor, arguments, ct);

    public Task RecordPrivacyAsync(string action, string personHash, int rows, CancellationToken ct) =>
        AddAsync(PrivacyPartition, action, personHash, [rows.ToString(CultureInfo.InvariantCulture)], ct);

    /// <summary>The deal's entries merged with the programme's, newest first, after <paramref name="cursor"/>.</summary>
    public async Task<AuditPage> ReadAsync(string dealKey, string? cursor, int size, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var merged = new List<AuditEntry>();
        foreach (var partition in new[] { dealKey, ProgrammePartition })
        {
            var filter = cursor is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {cursor}");
            // Rows come back in RowKey order, newest first: size + 1 of each partition decide the merged page.
            var taken = 0;
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: size + 1, cancellationToken: ct))
            {
                merged.Add(ToEntry(row));
                if (++taken > size)
                {
                    break;
                }
            }
        }

        var ordered = merged.OrderBy(e => e.Cursor, StringComparer.Ordinal).ToList();
        var page = ordered.Take(size).ToList();
        return new AuditPage(page, ordered.Count > size ? page[^1].Cursor : null);
    }

    private async Task AddAsync(string partition, string action, string actor, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var now = time.GetUtcNow();
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        await table.AddEntityAsync(new TableEntity(partition, rowKey)
        {
            ["Action"] = action,
            ["Actor"] = actor.Length > 200 ? actor[..200] : actor,
            ["Arguments"] = JsonSerializer.Serialize(arguments.Select(a => a.Length > 200 ? a[..200] : a)),
            ["At"] = now,
        }, ct);
    }

    private static AuditEntry ToEntry(TableEntity row) => new(
        row.RowKey,
        row.GetDateTimeOffset("At") ?? default,
        row.GetString("Action") ?? string.Empty,
        row.GetString("Actor") ?? string.Empty,
        JsonSerializer.Deserialize<string[]>(row.GetString("Arguments") ?? "[]") ?? []);
}
