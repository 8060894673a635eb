using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CityDealBot.Connector;

/// <summary>
/// The Bot Connector's signing keys with their endorsements (the channels each key may sign for).
/// Wilson's key model drops the non-standard "endorsements" array, so the key set is read here directly.
/// </summary>
public sealed class BotSigningKeys(IHttpClientFactory httpClientFactory, IOptions<ConnectorOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "openid";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);
    private static readonly TimeSpan MinimumRefreshGap = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile KeySnapshot? _snapshot;

    public void Dispose() => _refreshLock.Dispose();

    public sealed record SigningKey(SecurityKey Key, IReadOnlySet<string> Endorsements);

    private sealed record KeySnapshot(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset LoadedAt);

    public async Task<IReadOnlyDictionary<string, SigningKey>> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < RefreshInterval)
        {
            return snapshot.Keys;
        }

        return await RefreshAsync(force: false, ct);
    }

    /// <summary>Reloads after an unknown key id: keys roll over, but at most once a minute.</summary>
    public async Task<IReadOnlyDictionary<string, SigningKey>> RefreshAsync(bool force, CancellationToken ct)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            var current = _snapshot;
            var age = current is null ? TimeSpan.MaxValue : time.GetUtcNow() - current.LoadedAt;
            if (current is not null && (force ? age < MinimumRefreshGap : age < RefreshInterval))
            {
                return current.Keys;
            }

            var keys = await LoadAsync(ct);
            _snapshot = new KeySnapshot(keys, time.GetUtcNow());
            return keys;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> LoadAsync(CancellationToken ct)
    {
        var metadataUrl = new Uri(options.Value.OpenIdMetadataUrl);
        RequireSecureUnlessLoopback(metadataUrl);
        var http = httpClientFactory.CreateClient(HttpClientName);
        var metadata = await http.GetFromJsonAsync<JsonObject>(metadataUrl, ct)
            ?? throw new SecurityTokenException("OpenID metadata is empty.");
        var jwksUri = new Uri(metadata["jwks_uri"]?.GetValue<string>()
            ?? throw new SecurityTokenException("OpenID metadata has no jwks_uri."));
        RequireSecureUnlessLoopback(jwksUri);
        var jwksJson = await http.GetStringAsync(jwksUri, ct);

        var keySet = new JsonWebKeySet(jwksJson);
        var endorsementsByKid = ReadEndorsements(jwksJson);
        var keys = new ConcurrentDictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var jwk in keySet.Keys)
        {
            if (string.IsNullOrEmpty(jwk.Kid))
            {
                continue;
            }

            var endorsements = endorsementsByKid.TryGetValue(jwk.Kid, out var list) ? list : new HashSet<string>();
            keys[jwk.Kid] = new SigningKey(jwk, endorsements);
        }

        return keys;
    }

    private static Dictionary<string, IReadOnlySet<string>> ReadEndorsements(string jwksJson)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var endorsements) && endorsements.ValueKind == JsonValueKind.Array)
            {
                result[kid.GetString()!] = endorsements.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }

        return result;
    }

    private static void RequireSecureUnlessLoopback(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new SecurityTokenException($"Signing keys must come over HTTPS, not from {uri.Scheme}://{uri.Host}.");
        }
    }
}
