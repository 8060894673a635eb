using System.Security.Cryptography;
using System.Text;
using CityDealBot.Connector;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CityDealBot.Operations;

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
