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
/// When a refresh fails, the last good keys keep working for <see cref="MaxStaleness"/> after they were fetched
/// (the Bot Framework SDK also caches them for days), so an outage of login.botframework.com does not stop the bot.
/// </summary>
public sealed class BotSigningKeys(IHttpClientFactory httpClientFactory, IOptions<ConnectorOptions> options, TimeProvider time, ILogger<BotSigningKeys> logger) : IDisposable
{
    public const string HttpClientName = "openid";

    /// <summary>How long keys fetched once may be used while every refresh fails.</summary>
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromDays(5);

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);
    private static readonly TimeSpan MinimumRefreshGap = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile KeySnapshot? _snapshot;
    private (DateTimeOffset At, Exception Error)? _lastFailure;

    public void Dispose() => _refreshLock.Dispose();

    public sealed record SigningKey(SecurityKey Key, IReadOnlySet<string> Endorsements);

    /// <summary>Keys fetched at <paramref name="LoadedAt"/>; <paramref name="AttemptedAt"/> is the last fetch attempt, good or not.</summary>
    private sealed record KeySnapshot(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset LoadedAt, DateTimeOffset AttemptedAt);

    public async Task<IReadOnlyDictionary<string, SigningKey>> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        var now = time.GetUtcNow();
        if (snapshot is not null
            && (now - snapshot.LoadedAt < RefreshInterval || (now - snapshot.AttemptedAt < MinimumRefreshGap && now - snapshot.LoadedAt < MaxStaleness)))
        {
            return snapshot.Keys;
        }

        return await RefreshAsync(force: false, ct);
    }

    /// <summary>Reloads after an unknown key id: keys roll over, but at most once a minute.</summary>
    /// <exception cref="SigningKeysUnavailableException">No keys could be fetched and none younger than <see cref="MaxStaleness"/> are known.</exception>
    public async Task<IReadOnlyDictionary<string, SigningKey>> RefreshAsync(bool force, CancellationToken ct)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            var current = _snapshot;
            var now = time.GetUtcNow();
            var usable = current is not null && now - current.LoadedAt < MaxStaleness;
            if (current is not null && usable
                && (now - current.AttemptedAt < MinimumRefreshGap || (!force && now - current.LoadedAt < RefreshInterval)))
            {
                return current.Keys;
            }

            // Without usable keys, still ask at most once a minute rather than once per request.
            if (!usable && _lastFailure is { } failedAt && now - failedAt.At < MinimumRefreshGap)
            {
                throw new SigningKeysUnavailableException(failedAt.Error);
            }

            try
            {
                var keys = await LoadAsync(ct);
                _snapshot = new KeySnapshot(keys, time.GetUtcNow(), time.GetUtcNow());
                return keys;
            }
            catch (Exception e) when (e is HttpRequestException or SecurityTokenException or JsonException or ArgumentException or InvalidOperationException
                || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                if (current is not null && usable)
                {
                    _snapshot = current with { AttemptedAt = now };
                    logger.LogWarning("Refreshing the Bot Connector signing keys failed ({Error}); keeping the keys fetched at {LoadedAt:O} until {Until:O}.",
                        e.Message, current.LoadedAt, current.LoadedAt + MaxStaleness);
                    return current.Keys;
                }

                _lastFailure = (now, e);
                logger.LogError("The Bot Connector signing keys could not be fetched and no recent ones are known: {Error}", e.Message);
                throw new SigningKeysUnavailableException(e);
            }
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

/// <summary>The Bot Connector's signing keys cannot be fetched and no recent ones are known: no token can be checked.</summary>
public sealed class SigningKeysUnavailableException(Exception inner)
    : Exception("The Bot Connector signing keys are unavailable.", inner);
