using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Connector;
using CityDealBot.Teams;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CityDealBot.Tests.Connector;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private FakeConnector _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_throttled_send_is_retried_after_the_servers_retry_after()
    {
        _fake.FailNext(429, retryAfter: "1");
        var client = Create();
        var started = DateTime.UtcNow;

        var response = await client.SendToConversationAsync(_fake.ServiceUrl, "a:1", Activity.CreateMessage("hoi"), default);

        Assert.NotNull(response.Id);
        Assert.Equal(2, _fake.Calls.Count);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 must be honoured");
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_failures_are_retried(int status)
    {
        _fake.FailNext(status, times: 2);
        var response = await Create().SendToConversationAsync(_fake.ServiceUrl, "a:1", Activity.CreateMessage("hoi"), default);
        Assert.NotNull(response.Id);
        Assert.Equal(3, _fake.Calls.Count);
    }

    [Fact]
    public async Task Retries_are_bounded()
    {
        _fake.FailNext(503, times: 10);
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Create(maxRetries: 3).SendToConversationAsync(_fake.ServiceUrl, "a:1", Activity.CreateMessage("hoi"), default));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(4, _fake.Calls.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    public async Task Permanent_failures_are_not_retried(int status)
    {
        _fake.FailNext(status);
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Create().SendToConversationAsync(_fake.ServiceUrl, "a:1", Activity.CreateMessage("hoi"), default));
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal("Throttled", error.ErrorCode);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public void Retry_delays_honour_retry_after_up_to_the_cap_and_grow_with_jitter_otherwise()
    {
        var options = new ConnectorOptions { BaseRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(10) };
        var handler = new ConnectorRetryHandler(Options.Create(options), TimeProvider.System);
        using var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), handler.RetryDelay(throttled, 0, options));
        throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromSeconds(10), handler.RetryDelay(throttled, 0, options));

        using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt), 10));
            var delays = Enumerable.Range(0, 50).Select(_ => handler.RetryDelay(unavailable, attempt, options)).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 1, "delays are jittered");
        }
    }

    [Fact]
    public async Task Replies_update_and_delete_use_the_connector_routes()
    {
        var client = Create();
        await client.ReplyToActivityAsync(_fake.ServiceUrl, "19:c@thread.tacv2;messageid=1", "1", Activity.CreateMessage("a"), default);
        await client.UpdateActivityAsync(_fake.ServiceUrl, "a:1", "act-9", Activity.CreateMessage("b"), default);
        await client.DeleteActivityAsync(_fake.ServiceUrl, "a:1", "act-9", default);
        var created = await client.CreateConversationAsync(_fake.ServiceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = "28:bot" },
            Members = [new ChannelAccount { Id = "29:anne" }],
            TenantId = "t1",
        }, default);

        Assert.Equal(
            ["POST /v3/conversations/19:c@thread.tacv2;messageid=1/activities/1", "PUT /v3/conversations/a:1/activities/act-9",
             "DELETE /v3/conversations/a:1/activities/act-9", "POST /v3/conversations"],
            _fake.Calls.Select(c => $"{c.Method} {c.Path}"));
        Assert.Equal("1", _fake.Calls[0].Body!["replyToId"]!.GetValue<string>());
        Assert.Equal("act-9", _fake.Calls[1].Body!["id"]!.GetValue<string>());
        Assert.Null(_fake.Calls[0].Body!["serviceUrl"]);
        Assert.StartsWith("a:", created.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_roster_is_read_page_by_page_and_guests_are_recognised()
    {
        _fake.PageSize = 2;
        foreach (var (id, name, email, tenant, role) in new[]
        {
            ("29:1", "Anne de Vries", "anne@utrecht.nl", "t1", "user"),
            ("29:2", "Bram Jansen", "bram@minbzk.nl", "t2", "user"),
            ("29:3", "Chantal Bakker", "c@zuid-holland.nl", "t1", "guest"),
            ("29:4", "Daan Visser", "daan@hdsr.nl", "t1", "user"),
            ("29:5", "Eva Smit", "eva@tno.nl", "t1", "user"),
        })
        {
            _fake.Members.Add(new JsonObject { ["id"] = id, ["name"] = name, ["email"] = email, ["tenantId"] = tenant, ["userRole"] = role, ["aadObjectId"] = "aad" + id });
        }

        var members = await new TeamRoster(Create()).GetMembersAsync(_fake.ServiceUrl, "19:team@thread.tacv2", "t1", default);

        Assert.Equal(5, members.Count);
        Assert.Equal(3, _fake.Calls.Count);
        Assert.Equal(["Bram Jansen", "Chantal Bakker"], members.Where(m => m.IsGuest).Select(m => m.Name));
        Assert.Equal("anne@utrecht.nl", members[0].Address);
    }

    [Fact]
    public async Task The_token_goes_only_to_trusted_service_hosts()
    {
        var options = Options.Create(new ConnectorOptions { MicrosoftAppId = "app", MicrosoftAppTenantId = "t" });
        var trusted = new TrustedServiceUrls(options);
        var client = Create(tokens: new FixedBotToken("secret-token"), trusted: trusted);

        await client.SendToConversationAsync(_fake.ServiceUrl, "a:1", Activity.CreateMessage("1"), default);
        trusted.Trust(_fake.ServiceUrl);
        await client.SendToConversationAsync(_fake.ServiceUrl, "a:1", Activity.CreateMessage("2"), default);

        Assert.Null(_fake.Calls[0].Authorization);
        Assert.Equal("Bearer secret-token", _fake.Calls[1].Authorization);
        Assert.False(trusted.IsTrusted(new Uri("http://smba.trafficmanager.net/emea/")));
        Assert.True(trusted.IsTrusted(new Uri("https://smba.trafficmanager.net/emea/")));
    }

    private ConnectorClient Create(int maxRetries = 4, IBotTokenProvider? tokens = null, TrustedServiceUrls? trusted = null)
    {
        var options = Options.Create(new ConnectorOptions { MaxRetries = maxRetries, BaseRetryDelay = TimeSpan.FromMilliseconds(5) });
        var retry = new ConnectorRetryHandler(options, TimeProvider.System)
        {
            InnerHandler = new BotTokenHandler(tokens ?? new NoBotToken(), trusted ?? new TrustedServiceUrls(options)) { InnerHandler = new HttpClientHandler() },
        };
        return new ConnectorClient(new HttpClient(retry));
    }

}
