using System.Security.Cryptography;
using System.Text;
using CityDealBot.Connector;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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

/// <summary>
/// A kind of signed link, declared by the feature that hands it out (e.g. <c>PulseLinks.Chart</c>). Its
/// <paramref name="Name"/> is signed into every token, so a token of one kind never opens another kind's route; a
/// name must never change while its links are out, and two features may not share one (checked at start).
/// </summary>
/// <param name="Lifetime">How long a link of this kind works, from the <c>Links</c> settings.</param>
public sealed record SignedLinkKind(string Name, Func<SignedLinkOptions, TimeSpan> Lifetime)
{
    /// <summary>Two kinds with one name would open each other's routes: the names must be distinct.</summary>
    public static void EnsureDistinct(IEnumerable<SignedLinkKind> kinds)
    {
        if (kinds.GroupBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Distinct().Count() > 1) is { } shared)
        {
            throw new InvalidOperationException($"Signed-link kind '{shared.Key}' is declared more than once.");
        }
    }

    public override string ToString() => Name;
}

/// <summary>
/// Where links of a <see cref="Kind"/> are served: <c>/{Folder}/{token}{Extension}</c>. A feature builds its URLs
/// with <see cref="SignedLinks.Issue"/> and maps <see cref="Pattern"/> itself, so both come from one declaration.
/// </summary>
public sealed record SignedLinkRoute(SignedLinkKind Kind, string Folder, string Extension)
{
    /// <summary>The route to map; the token stays a route value so request spans show the route, not the credential.</summary>
    public string Pattern => $"/{Folder}/{{token}}{Extension}";
}

/// <summary>A link handed out, and until when it works.</summary>
public sealed record SignedUrl(string Url, DateTimeOffset ExpiresAt);

/// <summary>What a signed link grants: one file of one item (a pulse round, a person, a session) in one scope (a deal, a tenant), until it expires.</summary>
public sealed record SignedLink(SignedLinkKind Kind, string Scope, string Item, string Language, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks the links the bot hands out (HMAC-SHA256 over kind, scope, item, language and expiry), so a
/// link works only for the thing it was made for and only until it expires, on every instance that shares the key.
/// </summary>
public sealed class SignedLinks
{
    // Only for local mode: links made on a developer's machine need no secret.
    private const string DevelopmentKey = "citydealbot-local-development-link-signing-key";

    public const int MinimumKeyLength = 32;

    private readonly Lazy<byte[]> _key;
    private readonly SignedLinkOptions _options;
    private readonly IServer _server;
    private readonly TimeProvider _time;

    public SignedLinks(IOptions<SignedLinkOptions> options, IOptions<ConnectorOptions> connector, IServer server, TimeProvider time)
    {
        _options = options.Value;
        _server = server;
        _time = time;
        // Also checked at start-up (SignedLinkKeyValidator); here for instances made without the options pipeline.
        _key = new Lazy<byte[]>(() => KeyFrom(_options.SigningKey, connector.Value.IsLocalMode));
    }

    private static byte[] KeyFrom(string? configured, bool localMode)
    {
        if (KeyProblem(configured, localMode) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return Encoding.UTF8.GetBytes(string.IsNullOrWhiteSpace(configured) ? DevelopmentKey : configured);
    }

    /// <summary>Why <paramref name="key"/> cannot sign links, or null when it can (also checked at start-up).</summary>
    public static string? KeyProblem(string? key, bool localMode)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return localMode ? null : "Links:SigningKey is required outside local mode.";
        }

        if (key.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return "Links:SigningKey is an unresolved Key Vault reference: App Service could not read the secret. "
                + "Check that the web app's identity has the Key Vault Secrets User role and that the secret exists (see the app's Configuration > Key Vault references).";
        }

        return Encoding.UTF8.GetByteCount(key) < MinimumKeyLength
            ? $"Links:SigningKey must be at least {MinimumKeyLength} bytes long."
            : null;
    }

    /// <summary>A link to <paramref name="item"/> in <paramref name="scope"/> at <paramref name="route"/>, working for its kind's lifetime.</summary>
    public SignedUrl Issue(SignedLinkRoute route, string scope, string item, string language)
    {
        var link = new SignedLink(route.Kind, scope, item, language, _time.GetUtcNow() + route.Kind.Lifetime(_options));
        return new SignedUrl(new Uri(BaseUrl(), $"{route.Folder}/{Sign(link)}{route.Extension}").ToString(), link.ExpiresAt);
    }

    public string Url(SignedLinkRoute route, string scope, string item, string language) => Issue(route, scope, item, language).Url;

    public string Sign(SignedLink link)
    {
        var payload = Encoding.UTF8.GetBytes(Payload(link));
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(_key.Value, payload));
    }

    /// <summary>The link a token grants, or null when the signature is wrong, the kind differs or it expired.</summary>
    public SignedLink? Verify(string token, SignedLinkKind kind)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryFromBase64Url(token[..dot], out var payload) || !TryFromBase64Url(token[(dot + 1)..], out var signature))
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key.Value, payload), signature))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 5 || !string.Equals(parts[0], kind.Name, StringComparison.Ordinal)
            || !long.TryParse(parts[4], System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        var link = new SignedLink(kind, parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires));
        return link.ExpiresAt > _time.GetUtcNow() ? link : null;
    }

    private Uri BaseUrl()
    {
        if (_options.PublicBaseUrl is { } configured)
        {
            return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        }

        var address = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:3978";
        return new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    private static string Payload(SignedLink link) =>
        string.Join('\n', link.Kind.Name, link.Scope, link.Item, link.Language, link.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        bytes = new byte[padded.Length];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
