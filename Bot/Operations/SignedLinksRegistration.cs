using CityDealBot.Connector;
using Microsoft.Extensions.Options;

namespace CityDealBot.Operations;

/// <summary>Section <c>Links</c>: the signed links the bot hands out (chart images, exports, invitations); each kind picks its lifetime.</summary>
public sealed class SignedLinkOptions
{
    public const string Section = "Links";

    /// <summary>Key for signing links; shared by all instances. Required outside local mode.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Base URL at which Teams reaches the bot, e.g. https://citydealbot.example.nl; defaults to the server's own address.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a chart image link on a results card works.</summary>
    public TimeSpan ChartLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a CSV or personal-data download link works.</summary>
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a CoP session's .ics link works.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(30);
}

public static class SignedLinksRegistration
{
    public static WebApplicationBuilder AddSignedLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignedLinkOptions>().Bind(builder.Configuration.GetSection(SignedLinkOptions.Section))
            .Validate(o => o.ChartLifetime > TimeSpan.Zero && o.ExportLifetime > TimeSpan.Zero && o.InvitationLifetime > TimeSpan.Zero, "Links: every lifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SignedLinkOptions>, SignedLinkKeyValidator>();
        builder.Services.AddSingleton<SignedLinks>();
        builder.Services.AddHostedService<SignedLinkKindCheck>();
        return builder;
    }

    /// <summary>Declares a feature's link kind, so a name claimed twice stops the start.</summary>
    public static IServiceCollection AddSignedLinkKind(this IServiceCollection services, SignedLinkKind kind)
    {
        services.AddSingleton(kind);
        return services;
    }
}

/// <summary>Stops the start when two features declared link kinds with one name.</summary>
public sealed class SignedLinkKindCheck(IEnumerable<SignedLinkKind> kinds) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SignedLinkKind.EnsureDistinct(kinds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Checks the link-signing key before the bot starts: a bot that cannot sign links would fail on the first results
/// card instead. An unresolved Key Vault reference means App Service could not read the secret (identity, role or
/// network), and signing with the reference text itself would make links anyone can forge.
/// </summary>
public sealed class SignedLinkKeyValidator(IOptions<ConnectorOptions> connector) : IValidateOptions<SignedLinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SignedLinkOptions options) =>
        SignedLinks.KeyProblem(options.SigningKey, connector.Value.IsLocalMode) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
