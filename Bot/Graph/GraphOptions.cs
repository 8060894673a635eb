namespace CityDealBot.Graph;

/// <summary>
/// Section <c>Graph</c>: app-only access to the organisers' calendars. Empty means local mode (.ics only).
/// Signs in either with a managed identity (<see cref="UseManagedIdentity"/>; in Azure the web app's user-assigned
/// identity, named by <see cref="ManagedIdentityClientId"/>) or with an app registration's client secret.
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    public string? TenantId { get; set; }

    /// <summary>The app registration that signs in with <see cref="ClientSecret"/>.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Sign in with a managed identity of the App Service instead of a secret.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>
    /// Client id of the user-assigned managed identity to sign in with. A web app may carry several identities and
    /// has no system-assigned one in this deployment, so the identity must be named; empty means system-assigned.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Graph root, e.g. https://graph.microsoft.com/v1.0; tests point this at a loopback fake.</summary>
    public string? BaseUrl { get; set; }

    public bool IsConfigured => HasLoopbackBaseUrl || HasCredential;

    /// <summary>Enough to sign in: a tenant and a managed identity, or a tenant, client id and secret.</summary>
    public bool HasCredential =>
        !string.IsNullOrWhiteSpace(TenantId)
        && (UseManagedIdentity || (!string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret)));

    internal bool HasLoopbackBaseUrl => !string.IsNullOrWhiteSpace(BaseUrl) && IsLoopback(BaseUrl);

    internal static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
