using System.Collections.Concurrent;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Connector;

/// <summary>
/// Tests that judge real arrival times or answer latencies: run alone, so a busy machine (or the CPU-heavy pairing
/// tests beside them) does not bunch their requests. Those that need storage get their own Azurite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Wall clock";
}

[Collection(WallClockCollection.Name)]
public sealed class RateLimitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    // Seven fit in a second, spread 150 ms apart (1.05 s / 7) rather than in one burst.
    [Theory]
    [InlineData(7, 0.9)]
    [InlineData(8, 1.05)]
    [InlineData(9, 2.1)]
    [InlineData(15, 3.0)]
    [InlineData(16, 3.15)]
    public async Task One_conversation_gets_at_most_seven_per_second_and_eight_per_two_seconds(int sends, double expectedLastAtSeconds)
    {
        var limiter = new ConnectorRateLimiter(_time);
        var times = await SendAllAsync(limiter, Enumerable.Repeat("a:1", sends));
        Assert.InRange((times[^1] - times[0]).TotalSeconds, expectedLastAtSeconds, expectedLastAtSeconds + 0.05);
        AssertWithinTeamsLimits(times.Select(t => ("a:1", t)));
    }

    [Fact]
    public async Task Sixty_per_thirty_seconds_holds_for_one_conversation()
    {
        var limiter = new ConnectorRateLimiter(_time);
        var times = await SendAllAsync(limiter, Enumerable.Repeat("19:channel@thread.tacv2", 61));
        Assert.True(times[60] - times[0] >= TimeSpan.FromSeconds(30));
        AssertWithinTeamsLimits(times.Select(t => ("19:channel@thread.tacv2", t)));
    }

    [Fact]
    public async Task Fifty_per_second_holds_across_conversations_of_one_tenant()
    {
        var limiter = new ConnectorRateLimiter(_time);
        var conversations = Enumerable.Range(0, 120).Select(i => "a:" + i).ToList();
        var times = await SendAllAsync(limiter, conversations);
        Assert.InRange((times[100] - times[0]).TotalSeconds, 2.1, 2.15);
        AssertWithinTeamsLimits(conversations.Zip(times));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations/a%3A1/activities", "a:1")]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations/19%3Ac%40thread.tacv2%3Bmessageid%3D17/activities/17", "19:c@thread.tacv2")]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations", null)]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations/a%3A1/pagedmembers?pageSize=100", "a:1")]
    public void Calls_count_against_their_conversation(string url, string? conversation) =>
        Assert.Equal(conversation, ConnectorRateLimitHandler.ConversationOf(new Uri(url)));

    [Fact]
    public async Task A_burst_through_the_real_client_stays_inside_teams_limits()
    {
        await using var fake = await FakeConnector.StartAsync();
        fake.Limits = new TeamsLimitLedger();
        var options = Options.Create(new ConnectorOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(5) });
        var trusted = new TrustedServiceUrls(options);
        var client = new ConnectorClient(new HttpClient(new ConnectorRetryHandler(options, TimeProvider.System)
        {
            InnerHandler = new BotTokenHandler(new NoBotToken(), trusted)
            {
                InnerHandler = new ConnectorRateLimitHandler(new ConnectorRateLimiter(TimeProvider.System), options, TimeProvider.System)
                {
                    InnerHandler = ConnectorRateLimiter.CreateSocketsHandler(),
                },
            },
        }));

        // The fake's first request pays for its own start-up, which would bunch the first arrivals: warm it up.
        await client.SendToConversationAsync(fake.ServiceUrl, "a:warm-up", Activity.CreateMessage("hoi"), default);
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        // 120 personal messages and 20 posts into one channel, all at once.
        var sends = Enumerable.Range(0, 120).Select(i => client.SendToConversationAsync(fake.ServiceUrl, "a:person-" + i, Activity.CreateMessage("hoi"), default))
            .Concat(Enumerable.Range(0, 20).Select(_ => client.SendToConversationAsync(fake.ServiceUrl, "19:deal@thread.tacv2", Activity.CreateMessage("post"), default)));
        var results = await Task.WhenAll(sends);

        Assert.Equal(140, results.Length);
        Assert.All(results, r => Assert.NotNull(r.Id));
        Assert.Equal(0, fake.Limits.Rejected);
        Assert.Equal(141, fake.Limits.Accepted);
    }

    private Task<List<DateTimeOffset>> SendAllAsync(ConnectorRateLimiter limiter, IEnumerable<string> conversations)
    {
        var times = new List<DateTimeOffset>();
        foreach (var conversation in conversations)
        {
            while (limiter.TryAcquire("smba.trafficmanager.net", conversation) is { } wait)
            {
                _time.Advance(wait);
            }

            times.Add(_time.GetUtcNow());
        }

        return Task.FromResult(times);
    }

    private static void AssertWithinTeamsLimits(IEnumerable<(string Conversation, DateTimeOffset At)> sends)
    {
        var ledger = new TeamsLimitLedger();
        var start = sends.First().At;
        foreach (var (conversation, at) in sends)
        {
            Assert.True(ledger.TryRecord(conversation, at - start), $"send at {at:O} breaks a Teams limit");
        }
    }
}
