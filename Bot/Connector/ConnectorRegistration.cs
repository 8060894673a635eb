using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CityDealBot.Connector;

public static class ConnectorRegistration
{
    public static WebApplicationBuilder AddConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectorOptions>()
            .Bind(builder.Configuration.GetSection(ConnectorOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsLocalMode || !string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId),
                "Connector:MicrosoftAppTenantId is required when Connector:MicrosoftAppId is set.")
            .Validate(o => o.ReplyWindow > TimeSpan.Zero && o.ReplyWindow <= TimeSpan.FromHours(1), "Connector:ReplyWindow must be more than zero and at most an hour.")
            .Validate(o => o.AuthorityHost.StartsWith("https://", StringComparison.OrdinalIgnoreCase), "Connector:AuthorityHost must be an https URL.")
            .Validate(o => o.IsLocalMode || string.Equals(o.MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(o.MicrosoftAppPassword),
                "Connector:MicrosoftAppPassword is required for a single-tenant bot (or Connector:MicrosoftAppType=UserAssignedMSI).")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TrustedServiceUrls>();
        builder.Services.AddSingleton<BotSigningKeys>();
        builder.Services.AddSingleton<BotRequestAuthenticator>();
        builder.Services.AddSingleton<IBotTokenProvider>(sp =>
            sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.IsLocalMode
                ? new NoBotToken()
                : ActivatorUtilities.CreateInstance<MsalBotTokenProvider>(sp));
        builder.Services.AddTransient<BotTokenHandler>();
        // Pacing and retry waits are about wall-clock time at Teams, not the bot's business clock (which tests and
        // the testing hooks move), so they always use the system clock.
        builder.Services.AddTransient(sp => new ConnectorRetryHandler(sp.GetRequiredService<IOptions<ConnectorOptions>>(), TimeProvider.System));
        builder.Services.AddSingleton(sp => new ConnectorRateLimiter(TimeProvider.System, sp.GetService<ITenantBudget>()));
        builder.Services.AddTransient(sp => new ConnectorRateLimitHandler(
            sp.GetRequiredService<ConnectorRateLimiter>(), sp.GetRequiredService<IOptions<ConnectorOptions>>(), TimeProvider.System));
        // The total timeout lives in the resilience pipeline, which also tries a transient failure again.
        builder.Services.AddHttpClient(BotSigningKeys.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).AddSigningKeysResilience();
        // The token comes before the pacing: a call that waits for a token (MSAL renewing it) would otherwise hold a
        // slot it booked and leave late, bunched with the calls booked after it. The socket stamps when a call left.
        builder.Services.AddHttpClient<ConnectorClient>(ConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(100))
            .AddHttpMessageHandler<ConnectorRetryHandler>()
            .AddHttpMessageHandler<BotTokenHandler>()
            .AddHttpMessageHandler<ConnectorRateLimitHandler>()
            .ConfigurePrimaryHttpMessageHandler(ConnectorRateLimiter.CreateSocketsHandler);
        builder.Services.AddHostedService<LocalModeGuard>();
        // Outbound work that inbound requests hand over instead of waiting for Teams' pacing.
        builder.Services.AddSingleton<ReplySender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplySender>());
        builder.Services.AddSingleton<SharedCardUpdates>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedCardUpdates>());
        // The background senders (replies, shared card updates, fan-outs) each drain for up to 20 s on stop
        // (BackgroundDrain); one after the other they would not fit the host's 30 s, side by side they do.
        builder.Services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        return builder;
    }

    /// <summary>
    /// The standard resilience handler for the OpenID metadata and key set: a transient failure (5xx, 408, 429, a
    /// dropped connection) is tried twice more after a short backoff, honouring Retry-After; each try gets 5 s and all
    /// together 10 s, because a turn may be waiting for the keys (after which the last good keys or a 503 answer).
    /// The Connector keeps its own handler: its retries share Teams' pacing windows with every other send.
    /// </summary>
    public static IHttpClientBuilder AddSigningKeysResilience(this IHttpClientBuilder http)
    {
        http.AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        });
        return http;
    }

    public static WebApplication MapConnector(this WebApplication app)
    {
        app.MapPost("/api/messages", MessagesEndpoint.HandleAsync).DisableAntiforgery();
        return app;
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance)
        where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T)))
        {
            services.AddSingleton(instance);
        }
    }
}

/// <summary>
/// Local mode has no authentication, so it must never listen beyond this machine by accident: once the server
/// has bound its addresses, a non-loopback one stops the app unless explicitly allowed.
/// </summary>
public sealed class LocalModeGuard(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<ConnectorOptions> options,
    ILogger<LocalModeGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static bool IsLoopbackAddress(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private void Check()
    {
        if (!options.Value.IsLocalMode || options.Value.AllowLocalModeOnPublicAddress)
        {
            return;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopbackAddress(a)).ToList();
        if (exposed.Count > 0)
        {
            logger.LogCritical(
                "Local mode (no Connector:MicrosoftAppId) accepts unauthenticated requests and refuses to listen on {Addresses}. Bind to 127.0.0.1, configure the app id, or set Connector:AllowLocalModeOnPublicAddress=true.",
                string.Join(", ", exposed));
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
    }
}
