using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Pairing;
using CityDealBot.Storage;

namespace CityDealBot.Coffee;

/// <summary>Someone in 1:1 coffee. Table <c>CoffeeMembers</c>: PartitionKey = tenant, RowKey = person key.</summary>
public sealed class CoffeeMemberRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Deal { get; set; } = string.Empty;

    public string Organisation { get; set; } = string.Empty;

    public string OrganisationType { get; set; } = string.Empty;

    public string Cadence { get; set; } = nameof(CoffeeCadence.Weekly);

    /// <summary>The Monday of the week the person joined (yyyy-MM-dd); biweekly counts from here.</summary>
    public string JoinedOn { get; set; } = string.Empty;

    /// <summary>Last day of a pause (yyyy-MM-dd), or null.</summary>
    public string? PausedUntil { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>E-mail or UPN from the team's roster, for free/busy and the invitation; null when unknown.</summary>
    public string? Email { get; set; }

    /// <summary>Entra object id: the mailbox a coffee event is created in when this person is first in the pair.</summary>
    public string? MailboxId { get; set; }

    /// <summary>A guest (another home tenant): no calendar of theirs is read, the card's proposals and the .ics serve them.</summary>
    public bool IsGuest { get; set; }

    public CoffeeMember ToPlanner() => new(
        TableKey.Decode(RowKey), Deal, Organisation, OrganisationType, Enum.Parse<CoffeeCadence>(Cadence),
        DateOnly.ParseExact(JoinedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        PausedUntil is null ? null : DateOnly.ParseExact(PausedUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>
/// One coffee group of one week (a pair, or a trio for an odd number). Table <c>CoffeeGroups</c>: PartitionKey = the
/// week's Monday, RowKey = a hash of the members; proposed slots, each member's ticks, the agreed slot and who met.
/// </summary>
public sealed class CoffeeGroupRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>Person keys, comma-separated.</summary>
    public string Members { get; set; } = string.Empty;

    public string TenantId { get; set; } = string.Empty;

    /// <summary>Proposed starts as Unix seconds (JSON).</summary>
    public string Slots { get; set; } = "[]";

    /// <summary>Person key → ticked slot indexes (JSON).</summary>
    public string Ticks { get; set; } = "{}";

    public int? Agreed { get; set; }

    /// <summary>The Teams meeting of the agreed date, when Graph made the calendar event.</summary>
    public string? JoinUrl { get; set; }

    /// <summary>Person key → "yes" / "no" / "later" (JSON): the follow-up answers.</summary>
    public string Met { get; set; } = "{}";

    public IReadOnlyList<string> MemberKeys() => Members.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<DateTimeOffset> Starts() => [.. JsonSerializer.Deserialize<long[]>(Slots)!.Select(DateTimeOffset.FromUnixTimeSeconds)];

    public Dictionary<string, int[]> TickMap() => JsonSerializer.Deserialize<Dictionary<string, int[]>>(Ticks)!;

    public Dictionary<string, string> MetMap() => JsonSerializer.Deserialize<Dictionary<string, string>>(Met)!;

    public static string KeyOf(IEnumerable<string> members) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', members.Order(StringComparer.Ordinal)))))[..24];
}

public sealed class CoffeeStore(StorageTables tables)
{
    public const string MembersTable = "CoffeeMembers";
    public const string GroupsTable = "CoffeeGroups";

    public async Task<CoffeeMemberRecord?> FindMemberAsync(string tenantId, string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(MembersTable, ct);
        var found = await table.GetEntityIfExistsAsync<CoffeeMemberRecord>(TableKey.Encode(tenantId), TableKey.Encode(personKey), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task SaveMemberAsync(CoffeeMemberRecord member, CancellationToken ct) =>
        await (await tables.GetAsync(MembersTable, ct)).UpsertEntityAsync(member, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<CoffeeMemberRecord>> ActiveMembersAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(MembersTable, ct);
        var members = new List<CoffeeMemberRecord>();
        await foreach (var member in table.QueryAsync<CoffeeMemberRecord>(m => m.IsActive, cancellationToken: ct))
        {
            members.Add(member);
        }

        return members;
    }

    /// <summary>The deal every coffee member (also those who stopped) gave, by person key (one scan, two columns).</summary>
    public async Task<IReadOnlyDictionary<string, string>> DealsOfMembersAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(MembersTable, ct);
        var deals = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var member in table.QueryAsync<CoffeeMemberRecord>(select: [nameof(CoffeeMemberRecord.RowKey), nameof(CoffeeMemberRecord.Deal)], cancellationToken: ct))
        {
            deals[TableKey.Decode(member.RowKey)] = member.Deal;
        }

        return deals;
    }

    /// <summary>Every earlier group, as the planner's history; a group where someone said they did not meet is left out.</summary>
    public async Task<IReadOnlyList<CoffeeMeeting>> HistoryAsync(DateOnly before, CancellationToken ct)
    {
        var table = await tables.GetAsync(GroupsTable, ct);
        var meetings = new List<CoffeeMeeting>();
        var until = before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await foreach (var group in table.QueryAsync<CoffeeGroupRecord>(g => g.PartitionKey.CompareTo(until) < 0, cancellationToken: ct))
        {
            if (group.MetMap().ContainsValue("no"))
            {
                continue;
            }

            var week = DateOnly.ParseExact(group.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var keys = group.MemberKeys();
            meetings.AddRange(keys.SelectMany((a, i) => keys.Skip(i + 1).Select(b => new CoffeeMeeting(a, b, week))));
        }

        return meetings;
    }

    public async Task<IReadOnlyList<CoffeeGroupRecord>> GroupsAsync(DateOnly week, CancellationToken ct)
    {
        var table = await tables.GetAsync(GroupsTable, ct);
        var groups = new List<CoffeeGroupRecord>();
        var key = week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await foreach (var group in table.QueryAsync<CoffeeGroupRecord>(g => g.PartitionKey == key, cancellationToken: ct))
        {
            groups.Add(group);
        }

        return groups;
    }

    public async Task<CoffeeGroupRecord?> FindGroupAsync(string week, string groupId, CancellationToken ct)
    {
        var table = await tables.GetAsync(GroupsTable, ct);
        var found = await table.GetEntityIfExistsAsync<CoffeeGroupRecord>(week, groupId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Adds the week's group; false when it exists already (another instance planned the same week).</summary>
    public async Task<bool> TryAddGroupAsync(CoffeeGroupRecord group, CancellationToken ct)
    {
        try
        {
            await (await tables.GetAsync(GroupsTable, ct)).AddEntityAsync(group, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>ETag-guarded: false when someone else changed the group first (the caller reads and tries again).</summary>
    public async Task<bool> TryUpdateGroupAsync(CoffeeGroupRecord group, CancellationToken ct)
    {
        try
        {
            var response = await (await tables.GetAsync(GroupsTable, ct)).UpdateEntityAsync(group, group.ETag, TableUpdateMode.Replace, ct);
            group.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}
