using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// Plays Entra ID (login.microsoftonline.com) for one tenant: serves the tenant's v2.0 OpenID metadata and key set
/// from loopback and mints access tokens as Teams single sign-on hands them to a tab: signed with the published
/// key, or with a key it does not publish, for any audience, tenant and lifetime a test asks for.
/// </summary>
public sealed class TestEntraLogin : IAsyncDisposable
{
    public const string PublishedKeyId = "entra-key";
    public const string UnpublishedKeyId = "unknown-key";

    private static readonly Dictionary<string, RsaSecurityKey> Keys = new()
    {
        [PublishedKeyId] = new(RSA.Create(2048)) { KeyId = PublishedKeyId },
        [UnpublishedKeyId] = new(RSA.Create(2048)) { KeyId = UnpublishedKeyId },
    };

    private LoopbackServer? _server;

    private TestEntraLogin(string tenantId) => TenantId = tenantId;

    public string TenantId { get; }

    /// <summary>What the bot's <c>Dashboard:Instance</c> is set to (the fake's base address, no trailing slash).</summary>
    public string Instance => _server!.BaseUrl.TrimEnd('/');

    public string AuthorizeEndpoint => $"{Instance}/{TenantId}/oauth2/v2.0/authorize";

    public static async Task<TestEntraLogin> StartAsync(string tenantId)
    {
        var login = new TestEntraLogin(tenantId);
        login._server = await LoopbackServer.StartAsync(app =>
        {
            // Only the one tenant exists: another tenant's metadata is a 400, as Entra answers an unknown tenant.
            app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => tenant != tenantId
                ? Results.BadRequest()
                : Results.Json(new JsonObject
                {
                    ["issuer"] = login.IssuerOf(tenantId),
                    ["authorization_endpoint"] = login.AuthorizeEndpoint,
                    ["token_endpoint"] = $"{login.Instance}/{tenantId}/oauth2/v2.0/token",
                    ["jwks_uri"] = $"{login.Instance}/{tenantId}/discovery/v2.0/keys",
                    ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                }));
            app.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(KeySet()));
        });
        return login;
    }

    public string IssuerOf(string tenantId) => $"{Instance}/{tenantId}/v2.0";

    /// <summary>An access token for <paramref name="audience"/> naming person <paramref name="objectId"/>.</summary>
    public string Mint(string audience, string objectId, string name, string? tenantId = null, string keyId = PublishedKeyId, DateTime? expires = null)
    {
        var tenant = tenantId ?? TenantId;
        var now = DateTime.UtcNow;
        var notBefore = expires is { } e && e < now ? e.AddHours(-1) : now.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerOf(tenant),
            Audience = audience,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["oid"] = objectId, ["tid"] = tenant, ["name"] = name, ["scp"] = "access_as_user", ["ver"] = "2.0" },
            SigningCredentials = new SigningCredentials(Keys[keyId], SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync();
        }
    }

    private static JsonObject KeySet()
    {
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(Keys[PublishedKeyId]);
        return new JsonObject { ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = PublishedKeyId, ["n"] = key.N, ["e"] = key.E }) };
    }
}
