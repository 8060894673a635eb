namespace CityDealBot.Operations;

/// <summary>
/// The HTTP endpoints of one feature (its files and downloads), declared in the feature's own <c>AddXxx</c>, so a
/// feature takes one line in Program.cs whether or not it serves HTTP.
/// </summary>
public sealed record FeatureEndpoints(Action<IEndpointRouteBuilder> Map);

public static class FeatureEndpointsRegistration
{
    public static IServiceCollection AddEndpoints(this IServiceCollection services, Action<IEndpointRouteBuilder> map) =>
        services.AddSingleton(new FeatureEndpoints(map));

    /// <summary>Maps every feature's endpoints, in the order the features were added.</summary>
    public static WebApplication MapFeatureEndpoints(this WebApplication app)
    {
        foreach (var endpoints in app.Services.GetServices<FeatureEndpoints>())
        {
            endpoints.Map(app);
        }

        return app;
    }
}
