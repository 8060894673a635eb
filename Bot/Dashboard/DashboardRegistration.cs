using CityDealBot.Connector;
using CityDealBot.Operations;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CityDealBot.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The dashboard's own session: an HttpOnly cookie issued after a Teams token, the Entra sign-in or the local sign-in.</summary>
    public const string SessionScheme = "DashboardSession";

    /// <summary>A Teams SSO token (Entra ID access token for the bot's API), validated once when a session starts.</summary>
    public const string TeamsTokenScheme = "DashboardTeamsToken";

    /// <summary>OpenID Connect sign-in with Entra ID in a browser outside Teams.</summary>
    public const string EntraScheme = "DashboardEntra";

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .PostConfigure<IOptions<ConnectorOptions>, IOptions<SignedLinkOptions>>((o, connector, links) =>
            {
                o.TenantId ??= connector.Value.MicrosoftAppTenantId;
                o.ClientId ??= connector.Value.MicrosoftAppId;
                o.ClientSecret ??= connector.Value.MicrosoftAppPassword;
                o.PublicHost ??= links.Value.PublicBaseUrl?.Host;
            })
            .ValidateDataAnnotations()
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.SessionLifetime <= TimeSpan.FromHours(12), "Dashboard:SessionLifetime must be between 0 and 12 hours.")
            .Validate(o => Uri.TryCreate(o.Instance, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback), "Dashboard:Instance must be an https URL.")
            .ValidateOnStart();

        var localMode = string.IsNullOrWhiteSpace(configuration[$"{ConnectorOptions.Section}:{nameof(ConnectorOptions.MicrosoftAppId)}"]);
        var authentication = builder.Services.AddAuthentication()
            .AddCookie(SessionScheme, cookie =>
            {
                cookie.Cookie.Name = localMode ? "citydealbot-dashboard" : "__Host-citydealbot-dashboard";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.Path = "/";
                // Inside Teams the page is a cross-site frame: the cookie must be SameSite=None (and so Secure),
                // partitioned to the Teams site. In local mode the browser opens the page itself over http.
                cookie.Cookie.SecurePolicy = localMode ? CookieSecurePolicy.None : CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = localMode ? SameSiteMode.Lax : SameSiteMode.None;
                if (!localMode)
                {
                    cookie.Cookie.Extensions.Add("Partitioned");
                }

                cookie.SlidingExpiration = false;
                // Pages answer an unsigned visitor themselves (sign-in page or Entra challenge), never a redirect loop.
                cookie.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                cookie.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            })
            .AddJwtBearer(TeamsTokenScheme, _ => { });

        // The browser sign-in handles its callback path on every request, so it exists only where it can work:
        // outside local mode, with the tenant, app and public host known.
        var configured = configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        configured.TenantId ??= configuration[$"{ConnectorOptions.Section}:{nameof(ConnectorOptions.MicrosoftAppTenantId)}"];
        configured.ClientId ??= configuration[$"{ConnectorOptions.Section}:{nameof(ConnectorOptions.MicrosoftAppId)}"];
        configured.PublicHost ??= Uri.TryCreate(configuration[$"{SignedLinkOptions.Section}:{nameof(SignedLinkOptions.PublicBaseUrl)}"], UriKind.Absolute, out var publicBase) ? publicBase.Host : null;
        if (!localMode && configured.IsEntraConfigured)
        {
            authentication.AddOpenIdConnect(EntraScheme, _ => { });
        }

        builder.Services.AddOptions<CookieAuthenticationOptions>(SessionScheme)
            .Configure<IOptions<DashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = dashboard.Value.SessionLifetime);

        builder.Services.AddOptions<JwtBearerOptions>(TeamsTokenScheme).Configure<IOptions<DashboardOptions>>((jwt, dashboard) =>
        {
            var o = dashboard.Value;
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = !IsLoopback(o.Instance);
            jwt.MetadataAddress = o.Authority + "/.well-known/openid-configuration";
            jwt.TokenValidationParameters = TokenRules(o);
        });

        builder.Services.AddOptions<OpenIdConnectOptions>(EntraScheme).Configure<IOptions<DashboardOptions>>((oidc, dashboard) =>
        {
            var o = dashboard.Value;
            oidc.SignInScheme = SessionScheme;
            oidc.Authority = o.Authority;
            oidc.RequireHttpsMetadata = !IsLoopback(o.Instance);
            oidc.ClientId = o.ClientId;
            oidc.ClientSecret = o.ClientSecret;
            // With the app's secret: the authorisation code flow; without one (a managed identity), an ID token posted back.
            oidc.ResponseType = string.IsNullOrEmpty(o.ClientSecret) ? OpenIdConnectResponseType.IdToken : OpenIdConnectResponseType.Code;
            oidc.ResponseMode = OpenIdConnectResponseMode.FormPost;
            oidc.CallbackPath = "/dashboard/signin-oidc";
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.UseTokenLifetime = false;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            var rules = TokenRules(o);
            rules.ValidAudiences = [o.ClientId];
            oidc.TokenValidationParameters = rules;
        });

        builder.Services.AddSingleton<DashboardReader>();
        builder.Services.AddSingleton<DashboardAccess>();
        builder.Services.AddEndpoints(static app => app.MapDashboard());
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// What an Entra ID access token for the dashboard must be: issued by the configured tenant (v1 or v2 issuer),
    /// for the bot's API (its Application ID URI, or its client id as v2 tokens carry it), signed with a key from the
    /// tenant's published key set (RS256), within its lifetime (5 minutes' skew), and naming a person (<c>oid</c>).
    /// </summary>
    internal static Microsoft.IdentityModel.Tokens.TokenValidationParameters TokenRules(DashboardOptions o) => new()
    {
        ValidIssuers = [o.Authority, $"https://sts.windows.net/{o.TenantId}/"],
        ValidAudiences = [o.AppIdUri, o.ClientId],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = ["RS256"],
        ClockSkew = TimeSpan.FromMinutes(5),
        NameClaimType = "name",
    };

    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
