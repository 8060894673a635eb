using Azure;
using Azure.Data.Tables;

namespace CityDealBot.Deals;

/// <summary>
/// A deal is one Teams channel the bot was added to. Table <c>Deals</c>: PartitionKey = the channel id
/// (key-encoded), RowKey = "deal", so every message finds its deal with one point read.
/// </summary>
public sealed class DealRecord : ITableEntity
{
    public const string Row = "deal";

    /// <summary>A copy for a caller, so the directory's remembered record cannot be changed behind its back.</summary>
    public DealRecord Copy() => (DealRecord)MemberwiseClone();

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ChannelId { get; set; } = string.Empty;

    public string? ChannelName { get; set; }

    public string? TeamId { get; set; }

    public string? TeamName { get; set; }

    public string? AadGroupId { get; set; }

    public string? TenantId { get; set; }

    public string ServiceUrl { get; set; } = string.Empty;

    /// <summary>The conversation to post into proactively: the channel itself (a new thread per post).</summary>
    public string ConversationId { get; set; } = string.Empty;

    public string? BotId { get; set; }

    public string? BotName { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset InstalledAt { get; set; }

    public string? InstalledBy { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>The language the deal's channel posts use, "nl" or "en".</summary>
    public string Language { get; set; } = "nl";

    /// <summary>
    /// <see cref="ChannelKinds"/>: a deal (also for rows written before channels had a kind), or the CoP or programme
    /// channel, which a programme administrator marks with <c>kanaal</c> and which never count as a deal.
    /// </summary>
    public string? ChannelKind { get; set; }

    /// <summary>Whether this channel is a deal (and so counts in figures across deals).</summary>
    [System.Runtime.Serialization.IgnoreDataMember]
    public bool IsDeal => ChannelKind is null or "" or ChannelKinds.Deal;
}

public static class DealRoles
{
    public const string Dealmaker = "dealmaker";
    public const string Organiser = "organiser";
    public const string Partner = "partner";

    /// <summary>
    /// The deal's project manager (the projectorganisatie of a deal runs it and reports to the steering group):
    /// gets the lifecycle prompts with the dealmakers, and may do what an organiser may.
    /// </summary>
    public const string ProjectManager = "projectmanager";

    /// <summary>Whether the role may run pulses, speeddates and CoP sessions.</summary>
    public static bool CanOrganise(string? role) => role is Dealmaker or Organiser or ProjectManager;
}

/// <summary>
/// A person's role in a deal. Table <c>DealMembers</c>: PartitionKey = deal id, RowKey = the person's key,
/// so "who may do what in this deal" is one partition query.
/// </summary>
public sealed class DealMemberRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Role { get; set; } = DealRoles.Partner;

    public string? GrantedBy { get; set; }

    public DateTimeOffset GrantedAt { get; set; }
}

/// <summary>
/// What the bot knows about a person. Table <c>People</c>: PartitionKey = tenant id, RowKey = Entra object id
/// (or the 29: id where Teams sends none): one point read per turn, one partition per organisation.
/// </summary>
public sealed class PersonRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? AadObjectId { get; set; }

    public string? Locale { get; set; }

    public string? ServiceUrl { get; set; }

    /// <summary>The bot's id as this person's Teams addresses it, needed to open a 1:1 chat.</summary>
    public string? BotId { get; set; }

    /// <summary>The 1:1 chat with the bot, once the person has one: where personal messages go.</summary>
    public string? PersonalConversationId { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset LastSeen { get; set; }
}
