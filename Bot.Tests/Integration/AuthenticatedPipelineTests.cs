using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Integration;

/// <summary>The bot with an app id: every request must carry a Bot Connector token, and replies carry the bot's.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuthenticatedPipelineTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string AppId = "9b1c3f7e-2a44-4d0b-8f6e-1c2d3e4f5a6b";
    private TestBotFrameworkLogin _login = null!;
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _login = await TestBotFrameworkLogin.StartAsync();
        _bot = await BotHarness.StartAsync(
            storage,
            new Dictionary<string, string?>
            {
                ["Connector:MicrosoftAppId"] = AppId,
                ["Connector:MicrosoftAppTenantId"] = "0f1e2d3c-0000-4000-8000-00000000abcd",
                ["Connector:OpenIdMetadataUrl"] = _login.MetadataUrl,
                ["Connector:MicrosoftAppPassword"] = "a-client-secret",
                ["Links:SigningKey"] = "a-link-signing-key-for-tests-0123456789abcdef",
            },
            services => services.AddSingleton<IBotTokenProvider>(new FixedBotToken("bot-token-for-tests")));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _login.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_request_is_handled_and_the_reply_carries_the_bot_token()
    {
        var response = await PostAsync(Activities.PersonalMessage(_bot.ServiceUrl, "help", "en-US"), _login.Mint(AppId, _bot.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("What CityDealBot does", StringComparison.Ordinal));
        Assert.Equal("Bearer bot-token-for-tests", _bot.Connector.Calls.Single().Authorization);
    }

    [Fact]
    public async Task An_unsigned_request_is_a_401_and_nothing_happens()
    {
        var response = await PostAsync(Activities.PersonalMessage(_bot.ServiceUrl, "help"), token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
        Assert.Empty(await _bot.RowsAsync("People"));
    }

    [Fact]
    public async Task A_token_for_another_service_url_is_a_401()
    {
        var response = await PostAsync(Activities.PersonalMessage(_bot.ServiceUrl, "help"), _login.Mint(AppId, "https://smba.trafficmanager.net/emea/"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    public async Task A_validly_signed_activity_from_a_channel_other_than_teams_is_refused_before_dispatch(string channelId)
    {
        var activity = Activities.PersonalMessage(_bot.ServiceUrl, "help");
        activity["channelId"] = channelId;

        var response = await PostAsync(activity, _login.Mint(AppId, _bot.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
        Assert.Empty(await _bot.RowsAsync("People"));
    }

    [Fact]
    public async Task A_token_for_another_bot_is_a_401()
    {
        var response = await PostAsync(Activities.PersonalMessage(_bot.ServiceUrl, "help"), _login.Mint("another-bot", _bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(System.Text.Json.Nodes.JsonObject activity, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _bot.Client.SendAsync(request);
    }

}
