using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// Plays login.botframework.com: serves OpenID metadata and a key set with endorsements from loopback, and
/// mints tokens signed with those keys (or with keys it does not publish).
/// </summary>
public sealed class TestBotFrameworkLogin : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string TeamsKeyId = "teams-key";
    public const string OtherChannelKeyId = "webchat-key";
    public const string UnendorsedKeyId = "bare-key";
    public const string UnpublishedKeyId = "rogue-key";

    /// <summary>The channels the Teams key is endorsed for, like the real service's shared keys.</summary>
    public static readonly string[] SharedKeyEndorsements = ["msteams", "skype", "webchat", "directline", "emulator"];

    // Shared: generating RSA keys is slow, and tests never change them.
    private static readonly Dictionary<string, RsaSecurityKey> Keys = new()
    {
        [TeamsKeyId] = NewKey(TeamsKeyId),
        [OtherChannelKeyId] = NewKey(OtherChannelKeyId),
        [UnendorsedKeyId] = NewKey(UnendorsedKeyId),
        [UnpublishedKeyId] = NewKey(UnpublishedKeyId),
    };

    private LoopbackServer? _server;

    public string MetadataUrl => _server!.BaseUrl + "v1/.well-known/openidconfiguration";

    public int MetadataRequests { get; private set; }

    public static async Task<TestBotFrameworkLogin> StartAsync()
    {
        var login = new TestBotFrameworkLogin();
        login._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) =>
            {
                login.MetadataRequests++;
                return Results.Json(new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = login._server!.BaseUrl + "v1/.well-known/keys",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                });
            });
            app.MapGet("/v1/.well-known/keys", () => Results.Json(login.KeySet()));
        });
        return login;
    }

    /// <summary>A token as the Bot Connector would send it to the bot with app id <paramref name="audience"/>.</summary>
    public string Mint(
        string audience,
        string serviceUrl,
        string keyId = TeamsKeyId,
        string issuer = Issuer,
        DateTime? expires = null,
        DateTime? notBefore = null,
        string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = (notBefore ?? now.AddMinutes(-1)).AddSeconds(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl, ["appid"] = "channel-app" },
            SigningCredentials = new SigningCredentials(Keys[keyId], algorithm),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg</c> none) with otherwise valid claims.</summary>
    public static string MintUnsigned(string audience, string serviceUrl)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = B64($$"""{"alg":"none","typ":"JWT","kid":"{{TeamsKeyId}}"}""");
        var payload = B64($$"""{"iss":"{{Issuer}}","aud":"{{audience}}","exp":{{exp}},"serviceurl":"{{serviceUrl}}"}""");
        return $"{header}.{payload}.";
    }

    public async ValueTask DisposeAsync()
    {
        // Tests may take the service down early (an outage); disposing again is then a no-op.
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync();
        }
    }

    private JsonObject KeySet()
    {
        var keys = new JsonArray();
        foreach (var (kid, key) in Keys.Where(k => k.Key != UnpublishedKeyId))
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            var entry = new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = jwk.N,
                ["e"] = jwk.E,
            };
            if (kid == TeamsKeyId)
            {
                // As at login.botframework.com: one key signs for Teams and for the channels whose clients choose their own ids.
                entry["endorsements"] = new JsonArray([.. SharedKeyEndorsements.Select(c => JsonValue.Create(c))]);
            }
            else if (kid == OtherChannelKeyId)
            {
                entry["endorsements"] = new JsonArray("webchat");
            }

            keys.Add(entry);
        }

        return new JsonObject { ["keys"] = keys };
    }

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };
}
