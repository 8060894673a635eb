using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CityDealBot.Tests.Integration;

/// <summary>When the bot cannot get its own token (Entra unreachable), Teams gets a 200, not a 500 to retry.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboundFailureTests(AzuriteFixture storage)
{
    [Fact]
    public async Task An_unreachable_token_authority_is_logged_and_does_not_fail_the_request()
    {
        const string appId = "1b2c3d4e-0000-4000-8000-0000000000bb";
        var logs = new CapturingLoggerProvider();
        await using var login = await TestBotFrameworkLogin.StartAsync();
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Connector:MicrosoftAppId"] = appId,
            ["Connector:MicrosoftAppTenantId"] = "0f1e2d3c-0000-4000-8000-00000000abcd",
            ["Connector:MicrosoftAppPassword"] = "secret",
            ["Connector:AuthorityHost"] = "https://127.0.0.1:1",
            ["Connector:OpenIdMetadataUrl"] = login.MetadataUrl,
            ["Links:SigningKey"] = "a-link-signing-key-for-tests-0123456789abcdef",
        }, services: null, logs: logs);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Activities.PersonalMessage(bot.ServiceUrl, "help").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", login.Mint(appId, bot.ServiceUrl));
        var response = await bot.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, logs.AllText());
        // The reply leaves after the request was answered; its failure is logged by the sender.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!logs.Logs.Any(l => l.Level == LogLevel.Error && l.Category.EndsWith("ReplySender", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "No failed reply was logged. " + logs.AllText());
            await Task.Delay(50);
        }

        Assert.DoesNotContain(bot.Connector.Calls, c => c.Authorization is not null);
    }
}
