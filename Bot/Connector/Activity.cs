using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CityDealBot.Connector;

/// <summary>Activity type names from the Bot Framework activity spec; compared ordinally.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string Event = "event";
    public const string Typing = "typing";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string EndOfConversation = "endOfConversation";
}

/// <summary>
/// A Bot Framework activity as Teams sends and receives it. Fields the bot does not model are kept in
/// <see cref="Extra"/> so nothing is lost when an activity is stored or echoed.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset? LocalTimestamp { get; set; }

    public string? LocalTimezone { get; set; }

    public string? ChannelId { get; set; }

    public string? ServiceUrl { get; set; }

    public ChannelAccount? From { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public string? Text { get; set; }

    public string? TextFormat { get; set; }

    public string? Locale { get; set; }

    public string? Summary { get; set; }

    public IList<Attachment>? Attachments { get; set; }

    public string? AttachmentLayout { get; set; }

    public IList<Entity>? Entities { get; set; }

    public TeamsChannelData? ChannelData { get; set; }

    public JsonNode? Value { get; set; }

    public string? Name { get; set; }

    public string? ReplyToId { get; set; }

    public string? Action { get; set; }

    public IList<ChannelAccount>? MembersAdded { get; set; }

    public IList<ChannelAccount>? MembersRemoved { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.Ordinal);

    /// <summary>A new message activity with text and/or attachments.</summary>
    public static Activity CreateMessage(string? text = null, params Attachment[] attachments) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = text is null ? null : "markdown",
        Attachments = attachments.Length == 0 ? null : [.. attachments],
    };
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool? IsGroup { get; set; }

    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }

    public string? AadObjectId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }

    public JsonNode? Content { get; set; }

    public string? ContentUrl { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    public static Attachment AdaptiveCard(JsonNode card) => new()
    {
        ContentType = "application/vnd.microsoft.card.adaptive",
        Content = card,
    };
}

/// <summary>An entity such as a mention (<c>type</c> "mention") or clientInfo; other fields are kept.</summary>
public sealed class Entity
{
    public string? Type { get; set; }

    public ChannelAccount? Mentioned { get; set; }

    public string? Text { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Teams' <c>channelData</c>: tenant, team, channel and event type.</summary>
public sealed class TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }

    public TeamInfo? Team { get; set; }

    public ChannelInfo? Channel { get; set; }

    public string? EventType { get; set; }

    public JsonObject? Notification { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TenantInfo
{
    public string? Id { get; set; }
}

public sealed class TeamInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ChannelInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Teams' richer member record from the roster APIs.</summary>
public sealed class TeamsChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    public string? Email { get; set; }

    public string? UserPrincipalName { get; set; }

    public string? UserRole { get; set; }

    public string? TenantId { get; set; }
}

public sealed class PagedMembersResult
{
    public IList<TeamsChannelAccount>? Members { get; set; }

    public string? ContinuationToken { get; set; }
}

public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public IList<ChannelAccount>? Members { get; set; }

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public Activity? Activity { get; set; }

    public TeamsChannelData? ChannelData { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }

    public string? ActivityId { get; set; }

    public string? ServiceUrl { get; set; }
}

/// <summary>The body of an invoke reply, written as the HTTP response to Teams' POST.</summary>
public sealed record InvokeResponse(int Status, object? Body);

/// <summary>Serializer settings shared by everything that reads or writes activities.</summary>
public static class ConnectorJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
