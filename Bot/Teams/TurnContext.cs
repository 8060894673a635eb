using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;

namespace CityDealBot.Teams;

/// <summary>
/// Everything a feature needs to answer one inbound activity. Replies and posts are handed to the
/// <see cref="ReplySender"/> and leave after the turn is answered, in order per conversation; shared cards are
/// updated through <see cref="SharedCardUpdates"/>. No turn waits for Teams' outbound pacing or for room to queue.
/// </summary>
public sealed class TurnContext(Activity activity, ConnectorClient connector, CommandCatalog commands, ReplySender replies, SharedCardUpdates sharedCards)
{
    public Activity Activity { get; } = activity;

    public TeamsConversation Conversation { get; } = TeamsConversation.From(activity);

    public Language Language { get; } = Languages.FromLocale(activity.Locale);

    public Texts Texts => Texts.For(Language);

    /// <summary>For calls whose answer the turn needs (the roster); messages go through the reply methods.</summary>
    public ConnectorClient Connector { get; } = connector;

    /// <summary>The commands the bot knows, for help texts.</summary>
    public CommandCatalog Commands { get; } = commands;

    public string ServiceUrl => Activity.ServiceUrl!;

    /// <summary>The acting user; tenant from the conversation when the account does not carry it.</summary>
    public TeamsUser User => TeamsUser.From(Activity, Conversation.TenantId);

    /// <summary>The bot as Teams addresses it in this conversation.</summary>
    public ChannelAccount Bot => Activity.Recipient ?? new ChannelAccount();

    /// <summary>
    /// Replies in the same conversation (in a channel: in the same thread). Returns at once: the reply is queued,
    /// marked as the acting person's (their ids), so that forgetting them removes it should it still wait.
    /// </summary>
    public Task ReplyAsync(Activity reply, CancellationToken ct)
    {
        reply.Locale ??= Activity.Locale;
        var user = User;
        replies.Enqueue(ServiceUrl, Activity.Conversation!.Id!, Activity.Id is { Length: > 0 } replyToId ? replyToId : null, reply,
            string.Join(' ', new[] { user.Key, user.Id }.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal)));
        return Task.CompletedTask;
    }

    /// <summary>Posts into the conversation itself: in a channel, a new post rather than a reply.</summary>
    public Task PostAsync(AdaptiveCard card, CancellationToken ct)
    {
        replies.Enqueue(ServiceUrl, Conversation.ChannelId ?? Activity.Conversation!.Id!, null,
            Activity.CreateMessage(attachments: Attachment.AdaptiveCard(card.ToJsonObject())));
        return Task.CompletedTask;
    }

    /// <summary>Posts into another conversation of this bot (another deal's channel), queued like a reply.</summary>
    public Task PostElsewhereAsync(string serviceUrl, string conversationId, AdaptiveCard card, CancellationToken ct)
    {
        replies.Enqueue(serviceUrl, conversationId, null, Activity.CreateMessage(attachments: Attachment.AdaptiveCard(card.ToJsonObject())));
        return Task.CompletedTask;
    }

    public Task ReplyAsync(AdaptiveCard card, CancellationToken ct) =>
        ReplyAsync(Activity.CreateMessage(attachments: Attachment.AdaptiveCard(card.ToJsonObject())), ct);

    public Task ReplyTextAsync(string text, CancellationToken ct) => ReplyAsync(Activity.CreateMessage(text), ct);

    /// <summary>
    /// Shows a card to the acting person alone: in a personal chat as a reply; elsewhere in their 1:1 chat with the
    /// bot (opened when there is none yet), with only a short note in the conversation, so guests in a channel never
    /// read dealmaker-only output. Returns false (after telling the person) when Teams refuses the 1:1 chat.
    /// </summary>
    public async Task<bool> SendPersonallyAsync(AdaptiveCard card, CancellationToken ct)
    {
        if (Conversation.Kind == ConversationKind.Personal)
        {
            await ReplyAsync(card, ct);
            return true;
        }

        try
        {
            var chat = await Connector.CreateConversationAsync(ServiceUrl, new ConversationParameters
            {
                IsGroup = false,
                Bot = new ChannelAccount { Id = Bot.Id },
                Members = [new ChannelAccount { Id = User.Id }],
                TenantId = Conversation.TenantId,
                ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = Conversation.TenantId } },
            }, ct);
            var message = Activity.CreateMessage(attachments: Attachment.AdaptiveCard(card.ToJsonObject()));
            message.Locale = Activity.Locale;
            await Connector.SendToConversationAsync(ServiceUrl, chat.Id ?? throw new ConnectorException(System.Net.HttpStatusCode.BadGateway, null, "No conversation id returned."), message, ct);
        }
        catch (ConnectorException)
        {
            // E.g. the person blocked the bot: say so in the conversation, without the content.
            await ReplyAsync(Cards.NoticeCards.Problem(Language, Texts["personal.failed"]), ct);
            return false;
        }

        await ReplyTextAsync(Texts["personal.sent"], ct);
        return true;
    }

    /// <summary>
    /// Asks for a card the bot posted in this conversation (the one a button was pressed on) to be brought up to
    /// date. <paramref name="render"/> runs later in its own scope and reads the current state; the turn does not wait.
    /// </summary>
    public void UpdateSharedCard(string activityId, Func<IServiceProvider, CancellationToken, Task<AdaptiveCard?>> render) =>
        sharedCards.Request(new SharedCard(ServiceUrl, Activity.Conversation!.Id!, activityId), async (services, ct) =>
            await render(services, ct) is { } card ? Activity.CreateMessage(attachments: Attachment.AdaptiveCard(card.ToJsonObject())) : null);
}

/// <summary>A person as Teams identifies them to this bot: the bot-scoped 29: id and the Entra object id.</summary>
public sealed record TeamsUser(string Id, string Name, string? AadObjectId, string? TenantId, string ChannelId = ConnectorOptions.TeamsChannelId)
{
    /// <summary>
    /// Stable identity for storage: on Teams the Entra object id, or the bot-scoped id where Teams sends none.
    /// Another channel (only ever let in by Connector:AllowedChannels) lets the client choose its ids, so its
    /// people get a key of their own, prefixed with the channel, that can never equal a Teams person's key.
    /// </summary>
    public string Key => IsTeams ? AadObjectId ?? Id : $"{ChannelId}:{Id}";

    private bool IsTeams => string.Equals(ChannelId, ConnectorOptions.TeamsChannelId, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sender of an activity; the Entra object id is believed only when Teams sent it.</summary>
    public static TeamsUser From(Activity activity, string? tenantId)
    {
        var channel = activity.ChannelId ?? string.Empty;
        var teams = string.Equals(channel, ConnectorOptions.TeamsChannelId, StringComparison.OrdinalIgnoreCase);
        return new TeamsUser(
            activity.From?.Id ?? string.Empty,
            activity.From?.Name ?? string.Empty,
            teams ? activity.From?.AadObjectId : null,
            tenantId,
            teams ? ConnectorOptions.TeamsChannelId : channel);
    }
}
