using CityDealBot.Cards.Adaptive;
using CityDealBot.Connector;

namespace CityDealBot.Deals;

/// <summary>
/// Sends a card to one person in their 1:1 chat with the bot, opening that chat first when the bot has
/// none yet (protocol reference §3.4), and posts cards in a deal's channel.
/// </summary>
public sealed class PersonalMessages(ConnectorClient connector, DealDirectory directory)
{
    /// <summary>
    /// 1:1 chats being opened now, per person: fan-outs send side by side, and two cards for one person (a reminder
    /// and a summary) share one opening instead of each opening a chat.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string>> Opening = new(StringComparer.Ordinal);

    public Task<ResourceResponse> SendAsync(PersonRecord person, AdaptiveCard card, CancellationToken ct) =>
        SendAsync(person, Message(card, person.Locale), ct);

    public async Task<ResourceResponse> SendAsync(PersonRecord person, Activity message, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(person.ServiceUrl))
        {
            throw new InvalidOperationException("The bot has no service URL for this person yet.");
        }

        var conversationId = person.PersonalConversationId;
        if (string.IsNullOrEmpty(conversationId))
        {
            var key = person.ServiceUrl + "|" + person.PartitionKey + "|" + person.RowKey;
            var opening = Opening.GetOrAdd(key, _ => OpenAsync(person, ct));
            try
            {
                conversationId = await opening;
            }
            finally
            {
                Opening.TryRemove(KeyValuePair.Create(key, opening));
            }
        }

        var sent = await connector.SendToConversationAsync(person.ServiceUrl, conversationId, message, ct);
        BotTelemetry.ProactiveSent.Add(1, new KeyValuePair<string, object?>("to", "person"));
        return sent;
    }

    private async Task<string> OpenAsync(PersonRecord person, CancellationToken ct)
    {
        var created = await connector.CreateConversationAsync(person.ServiceUrl!, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = person.BotId },
            Members = [new ChannelAccount { Id = person.UserId }],
            TenantId = Storage.TableKey.Decode(person.PartitionKey),
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = Storage.TableKey.Decode(person.PartitionKey) } },
        }, ct);
        var conversationId = created.Id ?? throw new ConnectorException(System.Net.HttpStatusCode.BadGateway, null, "No conversation id returned.");
        await directory.SavePersonalConversationAsync(person, conversationId, ct);
        return conversationId;
    }

    /// <summary>A new post in the deal's channel.</summary>
    public Task<ResourceResponse> PostInChannelAsync(DealRecord deal, AdaptiveCard card, CancellationToken ct) =>
        PostInChannelAsync(deal, Message(card, deal.Language), ct);

    public async Task<ResourceResponse> PostInChannelAsync(DealRecord deal, Activity message, CancellationToken ct)
    {
        var sent = await connector.SendToConversationAsync(deal.ServiceUrl, deal.ConversationId, message, ct);
        BotTelemetry.ProactiveSent.Add(1, new KeyValuePair<string, object?>("to", "channel"));
        return sent;
    }

    public static Activity Message(AdaptiveCard card, string? locale)
    {
        var message = Activity.CreateMessage(attachments: Attachment.AdaptiveCard(card.ToJsonObject()));
        message.Locale = locale;
        message.Summary = card.Speak;
        return message;
    }
}
