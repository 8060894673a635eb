using System.ComponentModel.DataAnnotations;

namespace CityDealBot.Connector;

/// <summary>
/// How the bot talks to the Bot Framework. With no <see cref="MicrosoftAppId"/> the bot runs in local mode:
/// no tokens in or out, and only loopback callers (the Agents Playground).
/// </summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connector";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary>The bot's home tenant: the token authority for single-tenant and managed-identity bots.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>SingleTenant (client secret) or UserAssignedMSI.</summary>
    public string MicrosoftAppType { get; set; } = "SingleTenant";

    /// <summary>OpenID metadata of the Bot Connector's signing keys (protocol reference §2.1).</summary>
    [Required]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    [MinLength(1)]
    public string[] ValidIssuers { get; set; } = ["https://api.botframework.com"];

    [Required]
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Scope of the outbound token (protocol reference §3.1).</summary>
    [Required]
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// Hosts that may receive the bot's token. Hosts of service URLs from validated activities are added at run time.
    /// </summary>
    public string[] TrustedServiceHosts { get; set; } =
        ["smba.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com", "smba.infra.gov.teams.microsoft.us"];

    /// <summary>
    /// Channels whose activities are accepted. Only Teams by default: the Bot Connector endorses its signing keys for
    /// Web Chat and Direct Line too, and there the client chooses <c>from</c> and <c>channelData</c> itself. Add a
    /// channel only for a deliberate reason; people from it never get a Teams identity.
    /// </summary>
    public string[] AllowedChannels { get; set; } = [TeamsChannelId];

    public const string TeamsChannelId = "msteams";

    public bool IsAllowedChannel(string? channelId) =>
        !string.IsNullOrEmpty(channelId) && AllowedChannels.Contains(channelId, StringComparer.OrdinalIgnoreCase);

    /// <summary>Local mode refuses non-loopback addresses unless this is set on purpose.</summary>
    public bool AllowLocalModeOnPublicAddress { get; set; }

    /// <summary>
    /// Keep outbound calls inside Teams' published rate limits. Only a test against a fake Connector that does not
    /// enforce them turns this off.
    /// </summary>
    public bool EnforceTeamsRateLimits { get; set; } = true;

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>Longest single wait between retries, also the cap on a server's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many replies per tenant <see cref="ReplySender"/> keeps in memory, in time at Teams' pace: this long at
    /// 50 a second (20 s: 1,000 replies). Beyond that they wait in the durable reply backlog.
    /// </summary>
    public TimeSpan ReplyWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Replies per tenant kept in memory (<see cref="ReplyWindow"/> at Teams' per-tenant pace), at least one.</summary>
    public int RepliesInMemoryPerTenant => Math.Max(1, (int)Math.Ceiling(ReplyWindow.TotalSeconds * ConnectorRateLimiter.TenantPerSecond));

    /// <summary>
    /// Replies per conversation kept in memory: <see cref="ReplyWindow"/> at the pace one conversation may keep up
    /// for half a minute (60 per 30 s), at least one; so one busy conversation cannot fill the tenant's window.
    /// </summary>
    public int RepliesInMemoryPerConversation => Math.Max(1, (int)Math.Ceiling(ReplyWindow.TotalSeconds *
        ConnectorRateLimiter.ConversationLimits.Where(l => l.Window <= TimeSpan.FromSeconds(30)).Min(l => l.Limit / l.Window.TotalSeconds)));

    public bool IsLocalMode => string.IsNullOrWhiteSpace(MicrosoftAppId);
}
