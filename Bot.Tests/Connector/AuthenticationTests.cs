using System.Net;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CityDealBot.Tests.Connector;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "5f0a7d3e-3b6b-4c55-9a43-0e0b4f1d2c77";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private TestBotFrameworkLogin _login = null!;

    public async Task InitializeAsync() => _login = await TestBotFrameworkLogin.StartAsync();

    public async Task DisposeAsync() => await _login.DisposeAsync();

    [Fact]
    public async Task A_token_from_the_connector_is_accepted()
    {
        var outcome = await Authenticate("Bearer " + _login.Mint(AppId, ServiceUrl));
        Assert.True(outcome.Succeeded, outcome.FailureReason);
    }

    [Fact]
    public async Task A_service_url_differing_only_in_the_trailing_slash_is_the_same()
    {
        var outcome = await Authenticate("Bearer " + _login.Mint(AppId, ServiceUrl.TrimEnd('/')));
        Assert.True(outcome.Succeeded, outcome.FailureReason);
    }

    public static TheoryData<string, Func<TestBotFrameworkLogin, string>> BadTokens => new()
    {
        { "expired", l => l.Mint(AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-10), notBefore: DateTime.UtcNow.AddHours(-1)) },
        { "not yet valid", l => l.Mint(AppId, ServiceUrl, notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddHours(1)) },
        { "wrong issuer", l => l.Mint(AppId, ServiceUrl, issuer: "https://sts.windows.net/evil/") },
        { "wrong audience", l => l.Mint("00000000-0000-0000-0000-000000000000", ServiceUrl) },
        { "unknown key", l => l.Mint(AppId, ServiceUrl, keyId: TestBotFrameworkLogin.UnpublishedKeyId) },
        { "key endorsed for another channel", l => l.Mint(AppId, ServiceUrl, keyId: TestBotFrameworkLogin.OtherChannelKeyId) },
        { "key without endorsements", l => l.Mint(AppId, ServiceUrl, keyId: TestBotFrameworkLogin.UnendorsedKeyId) },
        { "service url mismatch", l => l.Mint(AppId, "https://evil.example.com/") },
        { "alg none", _ => TestBotFrameworkLogin.MintUnsigned(AppId, ServiceUrl) },
        { "RS384 instead of RS256", l => l.Mint(AppId, ServiceUrl, algorithm: SecurityAlgorithms.RsaSha384) },
        { "tampered signature", l => Tamper(l.Mint(AppId, ServiceUrl)) },
        { "tampered payload", l => TamperPayload(l.Mint(AppId, ServiceUrl)) },
        { "not a jwt", _ => "hello" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_rejected(string why, Func<TestBotFrameworkLogin, string> token)
    {
        var outcome = await Authenticate("Bearer " + token(_login));
        Assert.False(outcome.Succeeded, why);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    [InlineData("bearer")]
    public async Task A_missing_or_foreign_authorization_header_is_rejected(string? header)
    {
        var outcome = await Authenticate(header);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task Clock_skew_of_up_to_five_minutes_is_tolerated()
    {
        var now = DateTime.UtcNow;
        var token = _login.Mint(AppId, ServiceUrl, notBefore: now.AddHours(-1), expires: now);
        Assert.True((await Authenticate("Bearer " + token, clock: now.AddMinutes(4))).Succeeded);
        Assert.False((await Authenticate("Bearer " + token, clock: now.AddMinutes(6))).Succeeded);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("emulator")]
    public async Task A_valid_token_for_a_channel_other_than_teams_is_refused(string channelId)
    {
        Assert.Contains(channelId, TestBotFrameworkLogin.SharedKeyEndorsements);
        var token = "Bearer " + _login.Mint(AppId, ServiceUrl);

        var outcome = await Authenticate(token, channelId: channelId);

        Assert.False(outcome.Succeeded);
        Assert.Contains("AllowedChannels", outcome.FailureReason, StringComparison.Ordinal);
        Assert.True((await Authenticate(token, channelId: "msteams")).Succeeded);
    }

    [Fact]
    public async Task A_channel_added_on_purpose_is_accepted()
    {
        var outcome = await Authenticate("Bearer " + _login.Mint(AppId, ServiceUrl), channelId: "webchat", allowedChannels: ["msteams", "webchat"]);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    public async Task Local_mode_refuses_channels_other_than_teams_too(string channelId)
    {
        var outcome = await Authenticate(null, appId: null, channelId: channelId);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task A_channel_other_than_the_endorsed_one_is_rejected()
    {
        var outcome = await Authenticate("Bearer " + _login.Mint(AppId, ServiceUrl, keyId: TestBotFrameworkLogin.OtherChannelKeyId), channelId: "msteams", allowedChannels: ["msteams", "webchat"]);
        Assert.False(outcome.Succeeded);
    }

    [Theory]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("::1", null, true)]
    [InlineData("10.1.2.3", null, false)]
    [InlineData("127.0.0.1", "Bearer abc", false)]
    public async Task Local_mode_accepts_only_tokenless_loopback_calls(string remote, string? header, bool accepted)
    {
        var outcome = await Authenticate(header, appId: null, remote: IPAddress.Parse(remote));
        Assert.Equal(accepted, outcome.Succeeded);
    }

    [Fact]
    public async Task Local_mode_rejects_a_caller_without_a_known_address()
    {
        var authenticator = Create(appId: null, DateTime.UtcNow);
        var outcome = await authenticator.AuthenticateAsync(null, Teams(), remoteAddress: null, default);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task When_the_key_service_goes_down_the_last_good_keys_work_for_five_days()
    {
        var start = DateTime.UtcNow;
        var settings = Options.Create(new ConnectorOptions { MicrosoftAppId = AppId, MicrosoftAppTenantId = "tenant", OpenIdMetadataUrl = _login.MetadataUrl });
        var clock = new FakeTimeProvider(new DateTimeOffset(start, TimeSpan.Zero));
        var keys = new BotSigningKeys(new SimpleHttpClientFactory(), settings, clock, NullLogger<BotSigningKeys>.Instance);
        var authenticator = new BotRequestAuthenticator(keys, new TrustedServiceUrls(settings), settings, clock);
        string TokenAt(DateTimeOffset now) => "Bearer " + _login.Mint(AppId, ServiceUrl, notBefore: now.UtcDateTime.AddMinutes(-1), expires: now.UtcDateTime.AddHours(1));

        Assert.True((await authenticator.AuthenticateAsync(TokenAt(clock.GetUtcNow()), Teams(), IPAddress.Loopback, default)).Succeeded);
        await _login.DisposeAsync();

        // Past the 12-hour refresh: the refresh fails, the keys fetched before still check tokens.
        clock.Advance(TimeSpan.FromHours(13));
        var stale = await authenticator.AuthenticateAsync(TokenAt(clock.GetUtcNow()), Teams(), IPAddress.Loopback, default);
        Assert.True(stale.Succeeded, stale.FailureReason);
        clock.Advance(BotSigningKeys.MaxStaleness - TimeSpan.FromHours(14));
        Assert.True((await authenticator.AuthenticateAsync(TokenAt(clock.GetUtcNow()), Teams(), IPAddress.Loopback, default)).Succeeded);

        // Bounded: five days after their fetch they are no longer trusted, and the sender is told to retry later.
        clock.Advance(TimeSpan.FromHours(2));
        var expired = await authenticator.AuthenticateAsync(TokenAt(clock.GetUtcNow()), Teams(), IPAddress.Loopback, default);
        Assert.False(expired.Succeeded);
        Assert.True(expired.CannotCheckNow);
    }

    [Fact]
    public async Task Without_any_keys_an_outage_means_try_again_later_not_an_error()
    {
        var settings = Options.Create(new ConnectorOptions { MicrosoftAppId = AppId, MicrosoftAppTenantId = "tenant", OpenIdMetadataUrl = _login.MetadataUrl });
        await _login.DisposeAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var keys = new BotSigningKeys(new SimpleHttpClientFactory(), settings, clock, NullLogger<BotSigningKeys>.Instance);
        var authenticator = new BotRequestAuthenticator(keys, new TrustedServiceUrls(settings), settings, clock);

        var outcome = await authenticator.AuthenticateAsync("Bearer " + _login.Mint(AppId, ServiceUrl), Teams(), IPAddress.Loopback, default);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.CannotCheckNow);
    }

    [Fact]
    public async Task Keys_are_fetched_once_and_then_cached()
    {
        var authenticator = Create(AppId, DateTime.UtcNow);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await authenticator.AuthenticateAsync("Bearer " + _login.Mint(AppId, ServiceUrl), Teams(), IPAddress.Loopback, default)).Succeeded);
        }

        Assert.Equal(1, _login.MetadataRequests);
    }

    private async Task<AuthenticationOutcome> Authenticate(
        string? header, string? appId = AppId, IPAddress? remote = null, DateTime? clock = null, string channelId = "msteams", string[]? allowedChannels = null)
    {
        var authenticator = Create(appId, clock ?? DateTime.UtcNow, allowedChannels);
        return await authenticator.AuthenticateAsync(header, Teams(channelId), remote ?? IPAddress.Loopback, default);
    }

    private BotRequestAuthenticator Create(string? appId, DateTime clock, string[]? allowedChannels = null)
    {
        var settings = new ConnectorOptions
        {
            MicrosoftAppId = appId,
            MicrosoftAppTenantId = "tenant",
            OpenIdMetadataUrl = _login.MetadataUrl,
        };
        if (allowedChannels is not null)
        {
            settings.AllowedChannels = allowedChannels;
        }

        var options = Options.Create(settings);
        var time = new FakeTimeProvider(new DateTimeOffset(clock, TimeSpan.Zero));
        var keys = new BotSigningKeys(new SimpleHttpClientFactory(), options, time, NullLogger<BotSigningKeys>.Instance);
        return new BotRequestAuthenticator(keys, new TrustedServiceUrls(options), options, time);
    }

    private static Activity Teams(string channelId = "msteams") => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = channelId,
        ServiceUrl = ServiceUrl,
        Conversation = new ConversationAccount { Id = "a:1" },
    };

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{parts[1]}.{new string(signature)}";
    }

    private static string TamperPayload(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("channel-app", "channel-apq", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private sealed class SimpleHttpClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
