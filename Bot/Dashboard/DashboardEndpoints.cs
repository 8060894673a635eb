using System.Reflection;
using System.Text;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Operations;
using CityDealBot.Pulse;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CityDealBot.Dashboard;

/// <summary>
/// The dashboard's HTTP surface. Pages answer a signed-in session only; without one, local mode shows its sign-in page
/// and a deployment sends the browser to Entra ID. Inside Teams the tab opens <c>/dashboard/teams</c>, which trades a
/// Teams SSO token for a session. Every page checks the viewer's role in the bot's tables on each request.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Teams and its hosts may frame the pages; nobody else.</summary>
    private const string FrameAncestors = "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://outlook.office.com";

    private static readonly Dictionary<string, string> AssetTypes = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["dashboard-teams.js"] = "text/javascript; charset=utf-8",
        ["teams-js.min.js"] = "text/javascript; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", (HttpContext http) => Results.Redirect("/dashboard/programme" + http.Request.QueryString));
        app.MapGet("/dashboard/programme", ProgrammeAsync);
        app.MapGet("/dashboard/deal", DealAsync);
        app.MapGet("/dashboard/teams", TeamsShell);
        app.MapGet("/dashboard/teams/configure", Configure);
        app.MapPost("/dashboard/session", StartSessionAsync);
        app.MapGet("/dashboard/signin", SignInPageAsync);
        app.MapPost("/dashboard/signin", LocalSignInAsync).DisableAntiforgery();
        app.MapPost("/dashboard/signout", SignOutAsync).DisableAntiforgery();
        app.MapGet("/dashboard/assets/{name}", Asset);
    }

    private static async Task<IResult> ProgrammeAsync(HttpContext http, DashboardAccess access, DashboardReader reader, IOptions<PulsePrivacyOptions> privacy, IOptions<ConnectorOptions> connector, IOptions<DashboardOptions> options, CancellationToken ct)
    {
        var texts = TextsFor(http.Request);
        var (viewer, refusal) = await ViewerOrSignInAsync(http, connector.Value, options.Value, texts);
        if (viewer is null)
        {
            return refusal!;
        }

        if (!access.SeesProgramme(viewer))
        {
            return Page(http, DashboardPages.Forbidden(texts, "forbidden.programme", viewer, Self(http)), StatusCodes.Status403Forbidden);
        }

        var filter = ProgrammeFilter.Parse(http.Request.Query["kind"].ToString(), http.Request.Query["phase"].ToString(), out var invalidFilter);
        var data = await reader.ProgrammeAsync(filter, ct);
        return Page(http, DashboardPages.Programme(data, texts, viewer, privacy.Value, Self(http), invalidFilter));
    }

    private static async Task<IResult> DealAsync(HttpContext http, string? channel, DashboardAccess access, DashboardReader reader, SignedLinks links, IOptions<ConnectorOptions> connector, IOptions<DashboardOptions> options, CancellationToken ct)
    {
        var texts = TextsFor(http.Request);
        var (viewer, refusal) = await ViewerOrSignInAsync(http, connector.Value, options.Value, texts);
        if (viewer is null)
        {
            return refusal!;
        }

        var allowed = string.IsNullOrWhiteSpace(channel) || channel.Length > 512 ? null : await access.DealAsync(viewer, channel, ct);
        if (allowed is null)
        {
            // The same answer whether the deal exists or not: a refusal tells nothing about other deals.
            return Page(http, DashboardPages.Forbidden(texts, "forbidden.deal", viewer, Self(http)), StatusCodes.Status403Forbidden);
        }

        var data = await reader.DealAsync(allowed.Deal, allowed.Role, ct, withInternalLessons: allowed.IsMember);
        var exportUrl = allowed.Role == PulseViewerRole.Dealmaker && data.Results.Latest is { } latest
            ? links.Url(PulseLinks.ExportRoute, allowed.Deal.ChannelId, latest.RoundId, texts.Code)
            : null;
        return Page(http, DashboardPages.Deal(data, texts, viewer, exportUrl, Self(http)));
    }

    private static IResult TeamsShell(HttpContext http, string? view)
    {
        var texts = TextsFor(http.Request);
        return Page(http, DashboardPages.TeamsShell(texts, view == "deal" ? "deal" : "programme"));
    }

    private static IResult Configure(HttpContext http) => Page(http, DashboardPages.Configure(TextsFor(http.Request)));

    /// <summary>POST with <c>Authorization: Bearer</c> a Teams SSO token: validated as an Entra ID access token, then a session cookie.</summary>
    private static async Task<IResult> StartSessionAsync(HttpContext http, IOptions<ConnectorOptions> connector, IOptions<DashboardOptions> options, ILogger<DashboardAccess> log)
    {
        if (connector.Value.IsLocalMode || !options.Value.IsEntraConfigured)
        {
            return Results.NotFound();
        }

        var result = await http.AuthenticateAsync(DashboardRegistration.TeamsTokenScheme);
        var viewer = result.Succeeded ? DashboardViewer.From(result.Principal) : null;
        if (viewer is null || !string.Equals(viewer.TenantId, options.Value.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            // The reason goes to the log (no token text), the caller learns only that it was refused.
            log.LogInformation("Dashboard: a Teams token was refused: {Reason}", result.Failure?.GetType().Name ?? (result.None ? "no token" : "no person or other tenant"));
            return Results.Json(new { error = "The token was refused." }, statusCode: StatusCodes.Status401Unauthorized);
        }

        await http.SignInAsync(DashboardRegistration.SessionScheme, viewer.ToPrincipal(DashboardRegistration.SessionScheme));
        return Results.NoContent();
    }

    private static async Task<IResult> SignInPageAsync(HttpContext http, string? returnUrl, IOptions<ConnectorOptions> connector, IOptions<DashboardOptions> options, IAuthenticationSchemeProvider schemes)
    {
        var texts = TextsFor(http.Request);
        var target = SafeReturnUrl(returnUrl);
        if (connector.Value.IsLocalMode)
        {
            if (!LocalRequestGate.IsLoopbackHost(http.Request.Host))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            return Page(http, DashboardPages.LocalSignIn(texts, LocalUsers.Read(options.Value.LocalUsersFile), target));
        }

        if (!options.Value.IsEntraConfigured || await schemes.GetSchemeAsync(DashboardRegistration.EntraScheme) is null)
        {
            return Page(http, DashboardPages.Message(texts, "app", "not.configured"), StatusCodes.Status503ServiceUnavailable);
        }

        await http.ChallengeAsync(DashboardRegistration.EntraScheme, new AuthenticationProperties { RedirectUri = target });
        return Results.Empty;
    }

    /// <summary>Local mode only, from loopback only, from the sign-in page itself: become one of the Playground's users.</summary>
    private static async Task<IResult> LocalSignInAsync(HttpContext http, IOptions<ConnectorOptions> connector, IOptions<DashboardOptions> options)
    {
        if (!connector.Value.IsLocalMode)
        {
            return Results.NotFound();
        }

        if (!LocalRequestGate.IsLoopbackHost(http.Request.Host) || !SameOrigin(http.Request))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = await http.Request.ReadFormAsync();
        var chosen = LocalUsers.Read(options.Value.LocalUsersFile).FirstOrDefault(u => u.ObjectId == form["user"].ToString());
        if (chosen is null)
        {
            return Page(http, DashboardPages.LocalSignIn(TextsFor(http.Request), LocalUsers.Read(options.Value.LocalUsersFile), SafeReturnUrl(form["returnUrl"])), StatusCodes.Status400BadRequest);
        }

        await http.SignInAsync(DashboardRegistration.SessionScheme, new DashboardViewer(chosen.ObjectId, chosen.Name, null).ToPrincipal(DashboardRegistration.SessionScheme));
        return Results.Redirect(SafeReturnUrl(form["returnUrl"]));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IOptions<ConnectorOptions> connector)
    {
        if (!SameOrigin(http.Request) || (connector.Value.IsLocalMode && !LocalRequestGate.IsLoopbackHost(http.Request.Host)))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        await http.SignOutAsync(DashboardRegistration.SessionScheme);
        return Results.Redirect("/dashboard/signin");
    }

    private static IResult Asset(string name)
    {
        if (!AssetTypes.TryGetValue(name, out var type)
            || Assembly.GetExecutingAssembly().GetManifestResourceStream("CityDealBot.Dashboard." + name) is not { } stream)
        {
            return Results.NotFound();
        }

        return Results.Stream(stream, type);
    }

    /// <summary>The viewer from the session, or the answer for someone without one.</summary>
    private static async Task<(DashboardViewer? Viewer, IResult? Refusal)> ViewerOrSignInAsync(HttpContext http, ConnectorOptions connector, DashboardOptions options, DashboardTexts texts)
    {
        if (connector.IsLocalMode && !LocalRequestGate.IsLoopbackHost(http.Request.Host))
        {
            // Local mode has no real sign-in: it answers only addresses of this machine (no DNS rebinding).
            return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
        }

        var session = await http.AuthenticateAsync(DashboardRegistration.SessionScheme);
        if (session.Succeeded && DashboardViewer.From(session.Principal) is { } viewer)
        {
            return (viewer, null);
        }

        var back = Uri.EscapeDataString(http.Request.Path + http.Request.QueryString);
        if (!connector.IsLocalMode && !options.IsEntraConfigured)
        {
            return (null, Page(http, DashboardPages.Message(texts, "app", "not.configured"), StatusCodes.Status503ServiceUnavailable));
        }

        return (null, Results.Redirect("/dashboard/signin?returnUrl=" + back + "&lang=" + texts.Code));
    }

    private static IResult Page(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.CacheControl] = "no-store";
        headers[HeaderNames.ContentSecurityPolicy] =
            $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self' https:; base-uri 'none'; frame-ancestors {FrameAncestors}";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>Dutch unless <c>?lang=en</c> (the Teams tab passes its locale this way).</summary>
    private static DashboardTexts TextsFor(HttpRequest request) => new(Languages.FromLocale(request.Query["lang"].ToString()));

    private static string Self(HttpContext http)
    {
        var query = http.Request.Query.Where(q => q.Key != "lang").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var rest = string.Join('&', query);
        return http.Request.Path + (rest.Length == 0 ? string.Empty : "?" + rest);
    }

    /// <summary>Only the dashboard's own pages are a place to return to (no open redirect).</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith("/dashboard/", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/dashboard/programme";

    /// <summary>A form post from a page of this host: browsers send <c>Origin</c> with every cross-site post.</summary>
    private static bool SameOrigin(HttpRequest request) =>
        !request.Headers.TryGetValue(HeaderNames.Origin, out var origin)
        || string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
