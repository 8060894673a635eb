using System.Net.Http.Headers;
using System.Text;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityDealBot.Tests.Security;

/// <summary>Logs carry ids for tracing, never what people wrote and never secrets.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LoggingTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Message_text_tokens_and_secrets_never_reach_the_logs()
    {
        const string secretText = "geheim-antwoord-over-de-wethouder-7731";
        const string password = "client-secret-do-not-log-9942";
        var logs = new CapturingLoggerProvider();
        await using var login = await TestBotFrameworkLogin.StartAsync();
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Connector:MicrosoftAppId"] = "5d0c9a1b-0000-4000-8000-0000000000aa",
            ["Connector:MicrosoftAppTenantId"] = "0f1e2d3c-0000-4000-8000-00000000abcd",
            ["Connector:MicrosoftAppPassword"] = password,
            ["Connector:OpenIdMetadataUrl"] = login.MetadataUrl,
            ["Links:SigningKey"] = "a-link-signing-key-for-tests-0123456789abcdef",
        }, services => services.AddSingleton<CityDealBot.Connector.IBotTokenProvider>(new FixedBotToken("outbound-token-not-for-logs")), logs: logs);
        var token = login.Mint("5d0c9a1b-0000-4000-8000-0000000000aa", bot.ServiceUrl);

        foreach (var text in new[] { "help " + secretText, secretText })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = new StringContent(Activities.PersonalMessage(bot.ServiceUrl, text).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await bot.Client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        var all = logs.AllText();
        Assert.NotEmpty(logs.Logs);
        Assert.DoesNotContain(secretText, all, StringComparison.Ordinal);
        Assert.DoesNotContain(password, all, StringComparison.Ordinal);
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..40], all, StringComparison.Ordinal);
        Assert.DoesNotContain("outbound-token-not-for-logs", all, StringComparison.Ordinal);
        // The ids that make a turn traceable are there.
        Assert.Contains(logs.Logs, l => l.Scopes.Any(s => s is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.Any(p => p.Key == "ConversationId")));
        Assert.DoesNotContain(logs.Logs, l => l.Level >= LogLevel.Error);
    }
}
