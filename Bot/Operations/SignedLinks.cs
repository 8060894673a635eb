using System.Security.Cryptography;
using System.Text;
using CityDealBot.Connector;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CityDealBot.Operations;

/// <summary>Section <c>Links</c>: the signed links the bot hands out (chart images, exports, invitations).</summary>
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
        return builder;
    }
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

public enum SignedLinkKind
{
    Chart,
    Export,

    /// <summary>A person's own data (privacy export): Scope holds the tenant, Item the person key.</summary>
    PersonalData,

    /// <summary>A CoP session's .ics file: Scope holds the deal key, Item the session id.</summary>
    CopInvitation,

    /// <summary>An agreed coffee date's .ics file: Scope holds the week, Item the group id.</summary>
    CoffeeInvitation,

    /// <summary>A deal's progress report or year report: Scope holds the deal key, Item the report (kind and period).</summary>
    LifecycleReport,
}

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

    public string ChartUrl(string channelId, string roundId, string language) =>
        Url("charts", Sign(new SignedLink(SignedLinkKind.Chart, channelId, roundId, language, _time.GetUtcNow() + _options.ChartLifetime)), ".png");

    public string ExportUrl(string channelId, string roundId, string language) =>
        Url("exports", Sign(new SignedLink(SignedLinkKind.Export, channelId, roundId, language, _time.GetUtcNow() + _options.ExportLifetime)), ".csv");

    /// <summary>The CSV of a programme round over all deals, for the programme administrator who asked.</summary>
    public string ProgrammeExportUrl(string programmeRoundId, string language) =>
        Url("programme", Sign(new SignedLink(SignedLinkKind.Export, ProgrammeExportScope, programmeRoundId, language, _time.GetUtcNow() + _options.ExportLifetime)), ".csv");

    /// <summary>The scope of a programme round's export link; no channel id has this form.</summary>
    public const string ProgrammeExportScope = "programme";

    /// <summary>A short-lived link to everything stored about one person, for that person only.</summary>
    public string PersonalDataUrl(string tenantId, string personKey, string language) =>
        new Uri(BaseUrl(), $"privacy/exports/{Sign(new SignedLink(SignedLinkKind.PersonalData, tenantId, personKey, language, _time.GetUtcNow() + _options.ExportLifetime))}.json").ToString();

    /// <summary>The .ics file of one CoP session, for as long as invitations are kept valid.</summary>
    public string CopInvitationUrl(string dealKey, string sessionId, string language) =>
        new Uri(BaseUrl(), $"cop/ics/{Sign(new SignedLink(SignedLinkKind.CopInvitation, dealKey, sessionId, language, _time.GetUtcNow() + _options.InvitationLifetime))}.ics").ToString();

    public string CoffeeInvitationUrl(string week, string groupId, string language) =>
        new Uri(BaseUrl(), $"coffee/ics/{Sign(new SignedLink(SignedLinkKind.CoffeeInvitation, week, groupId, language, _time.GetUtcNow() + _options.InvitationLifetime))}.ics").ToString();

    /// <summary>A deal's progress or year report, readable by whoever the project manager forwards it to until it expires.</summary>
    public string LifecycleReportUrl(string dealKey, string report, string language, TimeSpan lifetime) =>
        new Uri(BaseUrl(), $"lifecycle/reports/{Sign(new SignedLink(SignedLinkKind.LifecycleReport, dealKey, report, language, _time.GetUtcNow() + lifetime))}.html").ToString();

    /// <summary>The CSV of every deal's answer to a programme request, for the programme administrator who asked.</summary>
    public string ProgrammeRequestExportUrl(string requestId, string language) =>
        new Uri(BaseUrl(), $"lifecycle/requests/{Sign(new SignedLink(SignedLinkKind.Export, ProgrammeRequestScope, requestId, language, _time.GetUtcNow() + _options.ExportLifetime))}.csv").ToString();

    /// <summary>The scope of a programme request's export link; no channel id has this form.</summary>
    public const string ProgrammeRequestScope = "programme-request";

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
        if (parts.Length != 5 || !Enum.TryParse<SignedLinkKind>(parts[0], out var signedKind) || signedKind != kind
            || !long.TryParse(parts[4], System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        var link = new SignedLink(signedKind, parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires));
        return link.ExpiresAt > _time.GetUtcNow() ? link : null;
    }

    private string Url(string folder, string token, string extension) =>
        new Uri(BaseUrl(), $"pulse/{folder}/{token}{extension}").ToString();

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
        string.Join('\n', link.Kind.ToString(), link.Scope, link.Item, link.Language, link.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

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
