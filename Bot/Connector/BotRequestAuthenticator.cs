using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CityDealBot.Connector;

public sealed record AuthenticationOutcome(bool Succeeded, string? FailureReason, bool CannotCheckNow = false)
{
    public static AuthenticationOutcome Success { get; } = new(true, null);

    public static AuthenticationOutcome Fail(string reason) => new(false, reason);

    /// <summary>The request may be fine but cannot be checked now (no signing keys): the sender should retry.</summary>
    public static AuthenticationOutcome Unavailable(string reason) => new(false, reason, CannotCheckNow: true);
}

/// <summary>
/// Decides whether an inbound activity really comes from the Bot Connector (protocol reference §2.2), or,
/// in local mode, from a tool on this machine.
/// </summary>
public sealed class BotRequestAuthenticator(
    BotSigningKeys signingKeys,
    TrustedServiceUrls trustedServiceUrls,
    IOptions<ConnectorOptions> options,
    TimeProvider time)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorization, Activity activity, IPAddress? remoteAddress, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsAllowedChannel(activity.ChannelId))
        {
            return AuthenticationOutcome.Fail("channel is not allowed (Connector:AllowedChannels)");
        }

        if (settings.IsLocalMode)
        {
            if (!string.IsNullOrEmpty(authorization))
            {
                return AuthenticationOutcome.Fail("local mode accepts no tokens");
            }

            return remoteAddress is not null && IPAddress.IsLoopback(remoteAddress)
                ? AuthenticationOutcome.Success
                : AuthenticationOutcome.Fail("local mode accepts loopback callers only");
        }

        if (string.IsNullOrEmpty(authorization))
        {
            return AuthenticationOutcome.Fail("no Authorization header");
        }

        var parts = authorization.Split(' ', 2);
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.Ordinal) || parts[1].Length == 0)
        {
            return AuthenticationOutcome.Fail("Authorization is not a Bearer token");
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(parts[1]);
        }
        catch (ArgumentException)
        {
            return AuthenticationOutcome.Fail("token is not a JWT");
        }

        // Cheap checks before any key work.
        if (!settings.ValidIssuers.Contains(token.Issuer, StringComparer.Ordinal))
        {
            return AuthenticationOutcome.Fail("unknown issuer");
        }

        if (!string.Equals(token.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal))
        {
            return AuthenticationOutcome.Fail("algorithm is not RS256");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return AuthenticationOutcome.Fail("token names no signing key");
        }

        IReadOnlyDictionary<string, BotSigningKeys.SigningKey> keys;
        try
        {
            keys = await signingKeys.GetAsync(ct);
            if (!keys.ContainsKey(token.Kid))
            {
                keys = await signingKeys.RefreshAsync(force: true, ct);
            }
        }
        catch (SigningKeysUnavailableException)
        {
            return AuthenticationOutcome.Unavailable("signing keys unavailable");
        }

        if (!keys.TryGetValue(token.Kid, out var signingKey))
        {
            return AuthenticationOutcome.Fail("unknown signing key");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = settings.ValidIssuers,
            ValidAudience = settings.MicrosoftAppId,
            IssuerSigningKey = signingKey.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires),
        });
        if (!result.IsValid)
        {
            return AuthenticationOutcome.Fail($"token rejected: {result.Exception?.GetType().Name}");
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !signingKey.Endorsements.Contains(activity.ChannelId))
        {
            return AuthenticationOutcome.Fail("signing key is not endorsed for the channel");
        }

        if (!token.TryGetPayloadValue<string>("serviceurl", out var claimedServiceUrl)
            || !SameServiceUrl(claimedServiceUrl, activity.ServiceUrl))
        {
            return AuthenticationOutcome.Fail("serviceurl claim does not match the activity");
        }

        trustedServiceUrls.Trust(activity.ServiceUrl!);
        return AuthenticationOutcome.Success;
    }

    // Lifetime is checked against the injected clock so tests can move time.
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is not null
            && now <= expires.Value.ToUniversalTime() + ClockSkew
            && (notBefore is null || now >= notBefore.Value.ToUniversalTime() - ClockSkew);
    }

    private static bool SameServiceUrl(string? claimed, string? actual) =>
        claimed is not null && actual is not null
        && string.Equals(claimed.TrimEnd('/'), actual.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
