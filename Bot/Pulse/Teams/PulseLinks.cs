using System.Security.Cryptography;
using System.Text;
using CityDealBot.Connector;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CityDealBot.Pulse;

/// <summary>Settings of the Teams side of pulses, section <c>Pulse</c>.</summary>
public sealed class PulseOptions
{
    public const string Section = "Pulse";

    /// <summary>Key for signing chart and export links; shared by all instances. Required outside local mode.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>Base URL at which Teams reaches the bot, e.g. https://citydealbot.example.nl; defaults to the server's own address.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a chart image link on a results card works.</summary>
    public TimeSpan ChartLinkLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a CSV download link works.</summary>
    public TimeSpan ExportLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often closes and reminders are checked; zero switches the background check off (tests).</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(1);
}

public enum PulseLinkKind
{
    Chart,
    Export,

    /// <summary>A person's own data (privacy export): ChannelId holds the tenant, RoundId the person key.</summary>
    PersonalData,
}

/// <summary>What a signed link grants: one file of one round of one deal, until it expires.</summary>
public sealed record PulseLink(PulseLinkKind Kind, string ChannelId, string RoundId, string Language, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks the links to chart images and CSV exports (HMAC-SHA256 over kind, deal, round, language
/// and expiry), so a link works only for the round it was made for and only until it expires.
/// </summary>
public sealed class PulseLinks
{
    // Only for local mode: links made on a developer's machine need no secret.
    private const string DevelopmentKey = "citydealbot-local-development-link-signing-key";

    public const int MinimumKeyLength = 32;

    private readonly Lazy<byte[]> _key;
    private readonly PulseOptions _options;
    private readonly IServer _server;
    private readonly TimeProvider _time;

    public PulseLinks(IOptions<PulseOptions> options, IOptions<ConnectorOptions> connector, IServer server, TimeProvider time)
    {
        _options = options.Value;
        _server = server;
        _time = time;
        // Checked on first use rather than at start-up: a missing key must not take the whole bot down.
        _key = new Lazy<byte[]>(() => KeyFrom(_options.LinkSigningKey, connector.Value.IsLocalMode));
    }

    private static byte[] KeyFrom(string? configured, bool localMode)
    {
        var key = configured;
        if (string.IsNullOrWhiteSpace(key))
        {
            key = localMode
                ? DevelopmentKey
                : throw new InvalidOperationException("Pulse:LinkSigningKey is required outside local mode.");
        }

        if (key.Length < MinimumKeyLength)
        {
            throw new InvalidOperationException($"Pulse:LinkSigningKey must be at least {MinimumKeyLength} characters.");
        }

        return Encoding.UTF8.GetBytes(key);
    }

    public string ChartUrl(string channelId, string roundId, string language) =>
        Url("charts", Sign(new PulseLink(PulseLinkKind.Chart, channelId, roundId, language, _time.GetUtcNow() + _options.ChartLinkLifetime)), ".png");

    public string ExportUrl(string channelId, string roundId, string language) =>
        Url("exports", Sign(new PulseLink(PulseLinkKind.Export, channelId, roundId, language, _time.GetUtcNow() + _options.ExportLinkLifetime)), ".csv");

    /// <summary>A short-lived link to everything stored about one person, for that person only.</summary>
    public string PersonalDataUrl(string tenantId, string personKey, string language) =>
        new Uri(BaseUrl(), $"privacy/exports/{Sign(new PulseLink(PulseLinkKind.PersonalData, tenantId, personKey, language, _time.GetUtcNow() + _options.ExportLinkLifetime))}.json").ToString();

    public string Sign(PulseLink link)
    {
        var payload = Encoding.UTF8.GetBytes(Payload(link));
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(_key.Value, payload));
    }

    /// <summary>The link a token grants, or null when the signature is wrong, the kind differs or it expired.</summary>
    public PulseLink? Verify(string token, PulseLinkKind kind)
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
        if (parts.Length != 5 || !Enum.TryParse<PulseLinkKind>(parts[0], out var signedKind) || signedKind != kind
            || !long.TryParse(parts[4], System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        var link = new PulseLink(signedKind, parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires));
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

    private static string Payload(PulseLink link) =>
        string.Join('\n', link.Kind.ToString(), link.ChannelId, link.RoundId, link.Language, link.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

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
