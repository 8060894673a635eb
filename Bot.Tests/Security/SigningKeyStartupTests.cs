using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Security;

/// <summary>A bot that cannot sign links must not start: it would fail on the first results card instead.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SigningKeyStartupTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData("@Microsoft.KeyVault(VaultName=citydealbot-kv-abc123;SecretName=link-signing-key)", "unresolved Key Vault reference")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://citydealbot-kv-abc123.vault.azure.net/secrets/link-signing-key/)", "unresolved Key Vault reference")]
    [InlineData("0123456789abcdef0123456789abcde", "at least 32 bytes")]
    [InlineData("", "required outside local mode")]
    public async Task A_bad_link_signing_key_stops_the_start_with_a_clear_message(string key, string expected)
    {
        // Its own process, as App Service starts it: the start must end with the reason, not with a bot that fails
        // on the first results card.
        await using var bot = BotProcess.Start(RepoPaths.FreePort(), new Dictionary<string, string>
        {
            ["Connector__MicrosoftAppId"] = "7a1b2c3d-0000-4000-8000-00000000beef",
            ["Connector__MicrosoftAppTenantId"] = "0f1e2d3c-0000-4000-8000-00000000abcd",
            ["Connector__MicrosoftAppPassword"] = "a-client-secret",
            ["Links__SigningKey"] = key,
            ["Storage__ConnectionString"] = storage.ConnectionString,
            ["Storage__TablePrefix"] = AzuriteFixture.NewTablePrefix(),
            ["Jobs__Enabled"] = "false",
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bot.Process.WaitForExitAsync(timeout.Token);
        Assert.NotEqual(0, bot.Process.ExitCode);
        Assert.Contains(expected, bot.Output, StringComparison.Ordinal);
        Assert.Contains("Links:SigningKey", bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_32_bytes_starts()
    {
        using var bot = new BotFactory(storage, new Dictionary<string, string?>
        {
            ["Connector:MicrosoftAppId"] = "7a1b2c3d-0000-4000-8000-00000000beef",
            ["Connector:MicrosoftAppTenantId"] = "0f1e2d3c-0000-4000-8000-00000000abcd",
            ["Connector:MicrosoftAppPassword"] = "a-client-secret",
            ["Links:SigningKey"] = "0123456789abcdef0123456789abcdef",
        });

        using var client = bot.StartOnLoopback();
        Assert.NotNull(client.BaseAddress);
    }
}
