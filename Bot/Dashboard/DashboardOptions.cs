using System.ComponentModel.DataAnnotations;

namespace CityDealBot.Dashboard;

/// <summary>
/// Section <c>Dashboard</c>: who may sign in to the dashboard and how. Teams single sign-on and the browser sign-in
/// both use the bot's Entra app registration in its home tenant unless set here.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Entra ID's sign-in host; tests point it at a loopback OpenID server.</summary>
    [Required]
    public string Instance { get; set; } = "https://login.microsoftonline.com";

    /// <summary>The tenant whose people may sign in; default <c>Connector:MicrosoftAppTenantId</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The Entra app whose API the Teams token is for; default <c>Connector:MicrosoftAppId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Secret of that app for the browser sign-in (authorisation code); default <c>Connector:MicrosoftAppPassword</c>. Without one the browser sign-in asks for an ID token.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The host Teams reaches the bot at (the <c>api://host/app id</c> audience); default the host of <c>Links:PublicBaseUrl</c>.</summary>
    public string? PublicHost { get; set; }

    /// <summary>How long a dashboard session lasts before the page signs in again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Local mode only: the Agents Playground configuration whose users the local sign-in page offers.</summary>
    public string? LocalUsersFile { get; set; }

    public string Authority => $"{Instance.TrimEnd('/')}/{TenantId}/v2.0";

    /// <summary>The Application ID URI Teams asks a token for (manifest <c>webApplicationInfo.resource</c>).</summary>
    public string AppIdUri => $"api://{PublicHost}/{ClientId}";

    public bool IsEntraConfigured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(PublicHost);
}
