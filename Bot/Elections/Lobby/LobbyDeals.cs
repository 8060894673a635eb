using CityDealBot.Deals;
using CityDealBot.Storage;

namespace CityDealBot.Elections.Lobby;

/// <summary>Who gets a deal's reminders: its dealmakers in person and, when chosen, the channel.</summary>
public static class LobbyRecipients
{
    public const string Channel = "channel";

    public static string Person(string tenantId, string personKey) => $"person|{tenantId}|{personKey}";

    public static bool TryParsePerson(string recipientId, out string tenantId, out string personKey)
    {
        var parts = recipientId.Split('|', 3);
        var ok = parts.Length == 3 && parts[0] == "person";
        tenantId = ok ? parts[1] : string.Empty;
        personKey = ok ? parts[2] : string.Empty;
        return ok;
    }
}

/// <summary>Reads deals with their lobby settings and dealmakers as the pure lobby calendar needs them.</summary>
public sealed class LobbyDeals(DealDirectory directory, LobbyStore store)
{
    public async Task<IReadOnlyList<(DealRecord Deal, LobbyDeal Lobby)>> LoadActiveAsync(CancellationToken ct)
    {
        var settings = await store.GetAllSettingsAsync(ct);
        var result = new List<(DealRecord, LobbyDeal)>();
        foreach (var deal in await directory.ListActiveDealsAsync(ct))
        {
            if (!settings.TryGetValue(deal.PartitionKey, out var dealSettings) || dealSettings.Governments.Count == 0)
            {
                continue;
            }

            result.Add((deal, await ToLobbyDealAsync(deal, dealSettings.Governments, dealSettings.PostInChannel, ct)));
        }

        return result;
    }

    public async Task<LobbyDeal> ToLobbyDealAsync(DealRecord deal, IReadOnlyList<Government> governments, bool postInChannel, CancellationToken ct)
    {
        var recipients = new List<LobbyRecipient>();
        foreach (var member in await directory.ListMembersAsync(deal.ChannelId, ct))
        {
            if (member.Role != DealRoles.Dealmaker)
            {
                continue;
            }

            var personKey = TableKey.Decode(member.RowKey);
            var person = await directory.FindPersonAsync(deal.TenantId ?? "unknown", personKey, ct);
            recipients.Add(new LobbyRecipient(LobbyRecipients.Person(deal.TenantId ?? "unknown", personKey), person?.Locale ?? deal.Language));
        }

        if (postInChannel)
        {
            recipients.Add(new LobbyRecipient(LobbyRecipients.Channel, deal.Language));
        }

        return new LobbyDeal(deal.PartitionKey, deal.TeamName ?? deal.ChannelName ?? deal.ChannelId, governments, recipients);
    }
}
