using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace CityDealBot.Connector;

/// <summary>Supplies the bearer token for calls to the Connector; null in local mode.</summary>
public interface IBotTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken ct);
}

/// <summary>
/// Client-credentials token from Entra ID (single-tenant authority) or a user-assigned managed identity.
/// MSAL keeps the token in its cache and renews it shortly before it expires.
/// </summary>
public sealed class MsalBotTokenProvider : IBotTokenProvider
{
    private readonly Func<CancellationToken, Task<string>> _acquire;

    public MsalBotTokenProvider(IOptions<ConnectorOptions> options)
    {
        var settings = options.Value;
        var appId = settings.MicrosoftAppId ?? throw new InvalidOperationException("MicrosoftAppId is required for tokens.");
        if (string.Equals(settings.MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase))
        {
            var identity = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(appId)).Build();
            var resource = settings.TokenScope.Replace("/.default", string.Empty, StringComparison.Ordinal);
            _acquire = async ct => (await identity.AcquireTokenForManagedIdentity(resource).ExecuteAsync(ct)).AccessToken;
        }
        else
        {
            var tenant = settings.MicrosoftAppTenantId
                ?? throw new InvalidOperationException("MicrosoftAppTenantId is required for a single-tenant bot.");
            var client = ConfidentialClientApplicationBuilder.Create(appId)
                .WithClientSecret(settings.MicrosoftAppPassword ?? throw new InvalidOperationException("MicrosoftAppPassword is required."))
                .WithAuthority($"{settings.AuthorityHost.TrimEnd('/')}/{tenant}")
                .Build();
            string[] scopes = [settings.TokenScope];
            _acquire = async ct => (await client.AcquireTokenForClient(scopes).ExecuteAsync(ct)).AccessToken;
        }
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct) => await _acquire(ct);
}

/// <summary>Local mode: the Playground's mocked Connector takes no token.</summary>
public sealed class NoBotToken : IBotTokenProvider
{
    public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(null);
}
