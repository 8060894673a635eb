using System.Net;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Storage goes down while the bot runs: users are told their input was not stored (never a silent loss),
/// Teams gets no 500, and the bot works again once storage is back.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    // Its own Azurite: this test stops it, which must not disturb the shared one.
    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Users_are_told_when_storage_is_down_and_the_bot_recovers()
    {
        await using var bot = await BotHarness.StartAsync(_storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        Assert.Equal(HttpStatusCode.OK, (await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl))).StatusCode);

        await _storage.StopAsync();
        var response = await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "verkiezingen instellen"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Ik kan je invoer nu niet opslaan", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await bot.Client.GetAsync("/health/ready")).StatusCode);

        await _storage.RestartAsync();
        var again = await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "help", "en-US"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("What CityDealBot does", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Single(await bot.RowsAsync("People"));
    }
}
