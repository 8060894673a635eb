namespace CityDealBot.Graph;

public static class GraphRegistration
{
    /// <summary>Microsoft Graph for every feature that puts something in a calendar or asks for free/busy.</summary>
    public static WebApplicationBuilder AddGraph(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphOptions>().Bind(builder.Configuration.GetSection(GraphOptions.Section))
            .Validate(o => o.HasCredential || (string.IsNullOrWhiteSpace(o.ClientId) && string.IsNullOrWhiteSpace(o.ClientSecret) && !o.UseManagedIdentity),
                "Graph is half configured: give Graph:TenantId with a managed identity, or TenantId, ClientId and ClientSecret.")
            .ValidateOnStart();
        builder.Services.AddSingleton<GraphCredentialFactory>();
        builder.Services.AddSingleton<GraphGateway>();
        return builder;
    }
}
