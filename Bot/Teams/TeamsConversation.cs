using CityDealBot.Connector;

namespace CityDealBot.Teams;

public enum ConversationKind { Personal, GroupChat, Channel }

/// <summary>
/// Where an activity happened, in Teams terms. <see cref="TeamId"/> is the team's thread id (equal to its
/// General channel id); Graph needs <see cref="AadGroupId"/> instead (protocol reference §1.3).
/// </summary>
public sealed record TeamsConversation(
    ConversationKind Kind,
    string ConversationId,
    string? TenantId,
    string? TeamId,
    string? TeamName,
    string? AadGroupId,
    string? ChannelId,
    string? ChannelName)
{
    private const string ThreadMarker = ";messageid=";

    public static TeamsConversation From(Activity activity)
    {
        var conversation = activity.Conversation ?? new ConversationAccount();
        var conversationId = conversation.Id ?? string.Empty;
        var channelData = activity.ChannelData;
        var kind = conversation.ConversationType switch
        {
            "personal" => ConversationKind.Personal,
            "groupChat" => ConversationKind.GroupChat,
            "channel" => ConversationKind.Channel,
            _ when channelData?.Team is not null => ConversationKind.Channel,
            _ when conversation.IsGroup == true => ConversationKind.GroupChat,
            _ => ConversationKind.Personal,
        };

        string? channelId = null;
        if (kind == ConversationKind.Channel)
        {
            // A channel post's conversation id is the thread: "<channel id>;messageid=<root>".
            channelId = channelData?.Channel?.Id ?? StripThread(conversationId);
        }

        return new TeamsConversation(
            kind,
            conversationId,
            channelData?.Tenant?.Id ?? conversation.TenantId,
            channelData?.Team?.Id,
            channelData?.Team?.Name,
            channelData?.Team?.AadGroupId,
            channelId,
            channelData?.Channel?.Name);
    }

    public static string StripThread(string conversationId)
    {
        var marker = conversationId.IndexOf(ThreadMarker, StringComparison.Ordinal);
        return marker < 0 ? conversationId : conversationId[..marker];
    }
}
