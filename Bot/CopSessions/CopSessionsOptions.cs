namespace CityDealBot.CopSessions;

/// <summary>Section <c>Graph</c>: app-only access to the organisers' calendars. Empty means local mode (.ics only).</summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Use the app service's managed identity (a federated credential) instead of a secret.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Graph root, e.g. https://graph.microsoft.com/v1.0; tests point this at a loopback fake.</summary>
    public string? BaseUrl { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(BaseUrl) && IsLoopback(BaseUrl)
        || !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId) && (UseManagedIdentity || !string.IsNullOrWhiteSpace(ClientSecret));

    internal static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}

/// <summary>Section <c>CopSessions</c>.</summary>
public sealed class CopSessionsOptions
{
    public const string Section = "CopSessions";

    /// <summary>How often due reminders are looked for; zero switches the background check off (tests).</summary>
    public TimeSpan ReminderSweepEvery { get; set; } = TimeSpan.FromMinutes(1);
}
