using Azure;
using Azure.Data.Tables;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary>Reads and writes deals, their members' roles and the people the bot has met.</summary>
public sealed class DealDirectory(StorageTables tables, TimeProvider time)
{
    public const string DealsTable = "Deals";
    public const string DealMembersTable = "DealMembers";
    public const string PeopleTable = "People";

    /// <summary>
    /// How long a found deal is served from memory. Nearly every turn looks its deal up and deals change only on
    /// install and removal, which clear this instance's copy at once; another instance sees a removal within this time.
    /// </summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DealRecord Deal, DateTimeOffset Until)> _deals = new(StringComparer.Ordinal);

    public static string DealKey(string channelId) => TableKey.Encode(channelId);

    public async Task<DealRecord?> FindDealByKeyAsync(string dealKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_deals.TryGetValue(dealKey, out var cached) && cached.Until > now)
        {
            return cached.Deal.Copy();
        }

        var table = await tables.GetAsync(DealsTable, ct);
        var found = await table.GetEntityIfExistsAsync<DealRecord>(dealKey, DealRecord.Row, cancellationToken: ct);
        if (!found.HasValue)
        {
            // Not remembered: a deal registered a moment later must be found at once.
            return null;
        }

        _deals[dealKey] = (found.Value!.Copy(), now + CacheLifetime);
        return found.Value;
    }

    public Task<DealRecord?> FindDealAsync(string channelId, CancellationToken ct) => FindDealByKeyAsync(DealKey(channelId), ct);

    /// <summary>
    /// Registers the deal once. Returns true only for the call that created it (or woke an inactive deal), so
    /// the channel is greeted once even when Teams announces the installation twice.
    /// </summary>
    public async Task<bool> RegisterAsync(DealRecord deal, CancellationToken ct)
    {
        try
        {
            return await WriteRegistrationAsync(deal, ct);
        }
        finally
        {
            // After the write: a lookup racing with it must not keep the old (e.g. inactive) record in memory.
            _deals.TryRemove(DealKey(deal.ChannelId), out _);
        }
    }

    private async Task<bool> WriteRegistrationAsync(DealRecord deal, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealsTable, ct);
        deal.PartitionKey = DealKey(deal.ChannelId);
        deal.RowKey = DealRecord.Row;
        try
        {
            await table.AddEntityAsync(deal, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await table.GetEntityAsync<DealRecord>(deal.PartitionKey, DealRecord.Row, cancellationToken: ct)).Value;
            var reactivated = !existing.IsActive;
            existing.IsActive = true;
            existing.RemovedAt = null;
            existing.ServiceUrl = deal.ServiceUrl;
            existing.TeamName = deal.TeamName ?? existing.TeamName;
            existing.ChannelName = deal.ChannelName ?? existing.ChannelName;
            existing.AadGroupId = deal.AadGroupId ?? existing.AadGroupId;
            if (reactivated)
            {
                existing.InstalledAt = deal.InstalledAt;
                existing.InstalledBy = deal.InstalledBy;
            }

            try
            {
                await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, ct);
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                // Another instance handled the same installation at the same moment; it did the greeting.
                return false;
            }

            return reactivated;
        }
    }

    /// <summary>Marks every deal of a team (or the one channel) inactive; nothing is deleted.</summary>
    public async Task<int> DeactivateAsync(string? teamId, string? channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealsTable, ct);
        var filter = teamId is not null ? $"TeamId eq {TableKey.Quote(teamId)}" : $"PartitionKey eq {TableKey.Quote(DealKey(channelId!))}";
        var count = 0;
        await foreach (var deal in table.QueryAsync<DealRecord>(filter, cancellationToken: ct))
        {
            if (!deal.IsActive)
            {
                continue;
            }

            deal.IsActive = false;
            deal.RemovedAt = time.GetUtcNow();
            await table.UpdateEntityAsync(deal, deal.ETag, TableUpdateMode.Replace, ct);
            _deals.TryRemove(deal.PartitionKey, out _);
            count++;
        }

        return count;
    }

    /// <summary>The active deals (channels) of one team: a filtered scan of a small table, for a person joining the team.</summary>
    public async Task<IReadOnlyList<DealRecord>> ListActiveDealsOfTeamAsync(string teamId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealsTable, ct);
        var deals = new List<DealRecord>();
        await foreach (var deal in table.QueryAsync<DealRecord>($"TeamId eq {TableKey.Quote(teamId)} and IsActive eq true", cancellationToken: ct))
        {
            deals.Add(deal);
        }

        return deals;
    }

    public async Task<IReadOnlyList<DealRecord>> ListActiveDealsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(DealsTable, ct);
        var deals = new List<DealRecord>();
        await foreach (var deal in table.QueryAsync<DealRecord>(d => d.IsActive, cancellationToken: ct))
        {
            deals.Add(deal);
        }

        return deals;
    }

    /// <summary>
    /// Marks what a registered channel is for (<see cref="ChannelKinds"/>); ETag-guarded, so a registration racing
    /// with it is not overwritten. Returns the kind it had before, or null when the channel is not registered.
    /// </summary>
    public async Task<string?> SetChannelKindAsync(string channelId, string kind, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealsTable, ct);
        var key = DealKey(channelId);
        try
        {
            var found = await table.GetEntityIfExistsAsync<DealRecord>(key, DealRecord.Row, cancellationToken: ct);
            if (!found.HasValue)
            {
                return null;
            }

            var deal = found.Value!;
            var before = deal.IsDeal ? ChannelKinds.Deal : deal.ChannelKind!;
            deal.ChannelKind = kind;
            await table.UpdateEntityAsync(deal, deal.ETag, TableUpdateMode.Replace, ct);
            return before;
        }
        finally
        {
            _deals.TryRemove(key, out _);
        }
    }

    /// <summary>Channel ids of the registered channels that are not deals (the CoP and programme channels): a filtered scan of a small table.</summary>
    public async Task<IReadOnlySet<string>> NonDealChannelIdsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(DealsTable, ct);
        var filter = string.Join(" or ", ChannelKinds.All.Where(k => k != ChannelKinds.Deal).Select(k => $"ChannelKind eq {TableKey.Quote(k)}"));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var deal in table.QueryAsync<DealRecord>(filter, select: [nameof(DealRecord.ChannelId)], cancellationToken: ct))
        {
            ids.Add(deal.ChannelId);
        }

        return ids;
    }

    /// <summary>Gives a role unless the person already has one; returns whether it was granted now.</summary>
    public async Task<bool> GrantRoleIfNewAsync(string channelId, TeamsUser user, string role, string? grantedBy, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealMembersTable, ct);
        try
        {
            await table.AddEntityAsync(new DealMemberRecord
            {
                PartitionKey = DealKey(channelId),
                RowKey = TableKey.Encode(user.Key),
                Name = user.Name,
                Role = role,
                GrantedBy = grantedBy,
                GrantedAt = time.GetUtcNow(),
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<DealMemberRecord>> ListMembersAsync(string channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealMembersTable, ct);
        var members = new List<DealMemberRecord>();
        await foreach (var member in table.QueryAsync<DealMemberRecord>(m => m.PartitionKey == DealKey(channelId), cancellationToken: ct))
        {
            members.Add(member);
        }

        return members;
    }

    /// <summary>How many people hold a role in each deal, by deal key (one scan of the member table, keys only).</summary>
    public async Task<IReadOnlyDictionary<string, int>> MemberCountsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(DealMembersTable, ct);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var member in table.QueryAsync<DealMemberRecord>(select: [nameof(DealMemberRecord.PartitionKey)], cancellationToken: ct))
        {
            counts[member.PartitionKey] = counts.GetValueOrDefault(member.PartitionKey) + 1;
        }

        return counts;
    }

    /// <summary>Whether the person holds one of the roles in the deal (checked on the server for every protected action).</summary>
    public async Task<bool> HasRoleAsync(string channelId, string personKey, CancellationToken ct, params string[] roles)
    {
        var member = await FindMemberAsync(channelId, personKey, ct);
        // A project manager may do what an organiser may.
        return member is not null
            && (roles.Contains(member.Role, StringComparer.Ordinal)
                || (member.Role == DealRoles.ProjectManager && roles.Contains(DealRoles.Organiser, StringComparer.Ordinal)));
    }

    /// <summary>The deals in which the person has a role: a filtered scan on RowKey (for a search outside a deal's channel).</summary>
    public async Task<IReadOnlySet<string>> ListDealKeysOfPersonAsync(string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealMembersTable, ct);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var member in table.QueryAsync<DealMemberRecord>($"RowKey eq {TableKey.Quote(TableKey.Encode(personKey))}", select: ["PartitionKey"], cancellationToken: ct))
        {
            keys.Add(member.PartitionKey);
        }

        return keys;
    }

    public async Task<DealMemberRecord?> FindMemberAsync(string channelId, string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealMembersTable, ct);
        var found = await table.GetEntityIfExistsAsync<DealMemberRecord>(DealKey(channelId), TableKey.Encode(personKey), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Stores where the person's 1:1 chat is, once the bot has opened it.</summary>
    public async Task SavePersonalConversationAsync(PersonRecord person, string conversationId, CancellationToken ct)
    {
        var table = await tables.GetAsync(PeopleTable, ct);
        person.PersonalConversationId = conversationId;
        await table.UpsertEntityAsync(person, TableUpdateMode.Merge, ct);
    }

    public async Task<PersonRecord?> FindPersonAsync(string tenantId, string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(PeopleTable, ct);
        var found = await table.GetEntityIfExistsAsync<PersonRecord>(TableKey.Encode(tenantId), TableKey.Encode(personKey), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Remembers the person and, in a 1:1 chat, where to reach them later.</summary>
    public async Task RememberPersonAsync(TeamsUser user, string? botId, string? locale, string serviceUrl, string? personalConversationId, CancellationToken ct)
    {
        var table = await tables.GetAsync(PeopleTable, ct);
        var tenantKey = TableKey.Encode(user.TenantId ?? "unknown");
        var personKey = TableKey.Encode(user.Key);
        var now = time.GetUtcNow();
        var existing = await table.GetEntityIfExistsAsync<PersonRecord>(tenantKey, personKey, cancellationToken: ct);
        var person = existing.HasValue ? existing.Value! : new PersonRecord { PartitionKey = tenantKey, RowKey = personKey, FirstSeen = now };
        var unchanged = existing.HasValue
            && person.Name == user.Name
            && person.Locale == locale
            && person.ServiceUrl == serviceUrl
            && person.BotId == botId
            && (personalConversationId is null || person.PersonalConversationId == personalConversationId)
            && now - person.LastSeen < TimeSpan.FromHours(1);
        if (unchanged)
        {
            return;
        }

        person.UserId = user.Id;
        person.Name = user.Name;
        person.AadObjectId = user.AadObjectId;
        person.Locale = locale;
        person.ServiceUrl = serviceUrl;
        person.BotId = botId;
        person.PersonalConversationId = personalConversationId ?? person.PersonalConversationId;
        person.LastSeen = now;
        // Last writer wins: every field here comes from Teams itself, so a lost race loses nothing.
        await table.UpsertEntityAsync(person, TableUpdateMode.Replace, ct);
    }
}
