using System.Net;
using System.Net.Http.Headers;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Dashboard;

/// <summary>
/// The dashboard of a deployed bot (an app id, so no local mode): a Teams SSO token, checked against a loopback
/// Entra ID's metadata and keys, starts a session; tokens for another audience or tenant, signed with an unknown
/// key, or expired are refused; a browser without a session is sent to Entra ID's sign-in.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardSignInTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string AppId = "5f0c8a51-3d9e-4b27-9a61-2c7d4e8f1a3b";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string OtherTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private const string PublicHost = "citydealbot.example.nl";
    private const string AdministratorId = "0000b000-0000-4000-8000-0000000000ad";
    private const string Audience = $"api://{PublicHost}/{AppId}";

    private TestEntraLogin _entra = null!;
    private TestBotFrameworkLogin _botLogin = null!;
    private BotFactory _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _entra = await TestEntraLogin.StartAsync(Tenant);
        _botLogin = await TestBotFrameworkLogin.StartAsync();
        _bot = new BotFactory(storage, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Connector:MicrosoftAppId"] = AppId,
            ["Connector:MicrosoftAppTenantId"] = Tenant,
            ["Connector:MicrosoftAppPassword"] = "a-client-secret",
            ["Connector:OpenIdMetadataUrl"] = _botLogin.MetadataUrl,
            ["Links:SigningKey"] = "a-link-signing-key-for-tests-0123456789abcdef",
            ["Links:PublicBaseUrl"] = $"https://{PublicHost}/",
            ["Dashboard:Instance"] = _entra.Instance,
            ["Programme:Administrators:0"] = AdministratorId,
        });
        _bot.StartOnLoopback().Dispose();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _bot.BaseAddress };
        await new DashboardSeed(storage.ConnectionString, _bot.TablePrefix, Tenant).SeedAsync(deals: 2, rounds: 2);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _botLogin.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task A_Teams_token_for_the_bot_starts_a_secure_session_that_opens_the_programme_view()
    {
        var response = await StartSessionAsync(_entra.Mint(Audience, AdministratorId, "Petra Programma"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-citydealbot-dashboard=", cookie, StringComparison.Ordinal);
        foreach (var attribute in new[] { "path=/", "secure", "samesite=none", "httponly", "partitioned" })
        {
            Assert.Contains(attribute, cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()));
        }

        var page = await GetAsync("/dashboard/programme", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(DashboardSeed.NameOf(0), html, StringComparison.Ordinal);
        Assert.Contains(DashboardSeed.NameOf(1), html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partners_session_gets_403_for_another_deal_and_the_programme_with_no_data()
    {
        var cookie = (await StartSessionAsync(_entra.Mint(Audience, DashboardSeed.PartnerOf(0), "Pim Partner"))).Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var own = await GetAsync("/dashboard/deal?channel=" + Uri.EscapeDataString(DashboardSeed.ChannelOf(0)), cookie);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains(DashboardSeed.NameOf(0), await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var path in new[] { "/dashboard/deal?channel=" + Uri.EscapeDataString(DashboardSeed.ChannelOf(1)), "/dashboard/programme" })
        {
            var refused = await GetAsync(path, cookie);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.DoesNotContain(DashboardSeed.NameOf(1), html, StringComparison.Ordinal);
            Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> RefusedTokens() => new()
    {
        "another audience",
        "the bare Graph audience",
        "another tenant",
        "an unknown signing key",
        "an expired token",
        "no person",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_token_that_is_not_for_this_bot_in_this_tenant_is_refused(string kind)
    {
        var token = kind switch
        {
            "another audience" => _entra.Mint("api://other.example.nl/0a1b2c3d-0000-4000-8000-000000000001", AdministratorId, "Petra"),
            "the bare Graph audience" => _entra.Mint("https://graph.microsoft.com", AdministratorId, "Petra"),
            "another tenant" => _entra.Mint(Audience, AdministratorId, "Petra", tenantId: OtherTenant),
            "an unknown signing key" => _entra.Mint(Audience, AdministratorId, "Petra", keyId: TestEntraLogin.UnpublishedKeyId),
            "an expired token" => _entra.Mint(Audience, AdministratorId, "Petra", expires: DateTime.UtcNow.AddMinutes(-10)),
            "no person" => _entra.Mint(Audience, string.Empty, "Petra"),
            _ => "not.a.token",
        };

        var response = await StartSessionAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_Entra_ID_sign_in_for_this_app()
    {
        var page = await GetAsync("/dashboard/programme", cookie: null);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/dashboard/signin?returnUrl=", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardSeed.NameOf(0), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var signIn = await GetAsync(page.Headers.Location.OriginalString, cookie: null);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authorize = signIn.Headers.Location!.AbsoluteUri;
        Assert.StartsWith(_entra.AuthorizeEndpoint + "?", authorize, StringComparison.Ordinal);
        Assert.Contains("client_id=" + AppId, authorize, StringComparison.Ordinal);
        Assert.Contains("response_mode=form_post", authorize, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(_bot.BaseAddress.GetLeftPart(UriPartial.Authority) + "/dashboard/signin-oidc"), authorize, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_sign_in_does_not_exist_outside_local_mode()
    {
        var post = await _http.PostAsync("/dashboard/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = AdministratorId, ["returnUrl"] = "/dashboard/programme" }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.False(post.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/dashboard/teams?view=programme", "data-view=\"programme\"")]
    [InlineData("/dashboard/teams?view=deal&lang=en", "data-view=\"deal\"")]
    [InlineData("/dashboard/teams/configure", "data-configure=\"deal\"")]
    public async Task The_tab_pages_load_the_Teams_SDK_from_the_bot_itself(string path, string marker)
    {
        var page = await GetAsync(path, cookie: null);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(marker, html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/dashboard/assets/teams-js.min.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html.Split("<body>")[0], StringComparison.Ordinal);

        var sdk = await GetAsync("/dashboard/assets/teams-js.min.js", cookie: null);
        Assert.Equal(HttpStatusCode.OK, sdk.StatusCode);
        Assert.Equal("text/javascript", sdk.Content.Headers.ContentType!.MediaType);
        var script = await sdk.Content.ReadAsStringAsync();
        Assert.Contains("microsoftTeams", script, StringComparison.Ordinal);
        Assert.Contains("getAuthToken", script, StringComparison.Ordinal);
        Assert.Contains("getAuthToken", await (await GetAsync("/dashboard/assets/dashboard-teams.js", cookie: null)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/dashboard/assets/appsettings.json", cookie: null)).StatusCode);
    }

    private async Task<HttpResponseMessage> StartSessionAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            // The session cookie is Secure: the test sends it itself over the loopback's plain HTTP.
            request.Headers.Add("Cookie", cookie);
        }

        return await _http.SendAsync(request);
    }
}
