using Azure.Core;
using Azure.Identity;

namespace CityDealBot.Graph;

/// <summary>Makes the credential Graph signs in with; a test may put one of its own in its place.</summary>
public class GraphCredentialFactory
{
    public virtual TokenCredential Create(GraphOptions options) => options.UseManagedIdentity
        ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId))
        : new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
}
