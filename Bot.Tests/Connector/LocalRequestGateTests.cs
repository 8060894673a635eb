using System.Net;
using System.Net.Http.Json;
using System.Text;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Connector;

/// <summary>
/// Local mode answers this machine's own tools, not web pages: a page can post cross-origin without a preflight only
/// with a "simple" content type, reaches 127.0.0.1 under its own name after DNS rebinding, and always sends Origin.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalRequestGateTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync() =>
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Testing:EnableHooks"] = "true" });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Theory]
    [InlineData("text/plain;x=+json")]
    [InlineData("text/plain")]
    [InlineData("application/json-patch+json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonx")]
    [InlineData("application/json; x=+json")]
    public async Task A_content_type_other_than_json_is_a_415_and_nothing_happens(string contentType)
    {
        var response = await PostAsync("/api/messages", contentType, host: null, origin: null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=\"UTF-8\"")]
    public async Task Json_with_or_without_a_charset_is_answered(string contentType)
    {
        var response = await PostAsync("/api/messages", contentType, host: null, origin: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("CityDealBot", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("evil.example:3978")]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.evil.example:3978")]
    [InlineData("localhost.evil.example")]
    public async Task A_rebound_host_name_is_refused(string host)
    {
        var response = await PostAsync("/api/messages", "application/json", host, origin: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Theory]
    [InlineData("localhost:3978")]
    [InlineData("127.0.0.1:3978")]
    [InlineData("[::1]:3978")]
    [InlineData("localhost")]
    public async Task Loopback_host_names_with_any_port_are_answered(string host)
    {
        var response = await PostAsync("/api/messages", "application/json", host, origin: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://127.0.0.1:3978")]
    [InlineData("null")]
    public async Task A_request_from_a_web_page_is_refused(string origin)
    {
        var response = await PostAsync("/api/messages", "application/json", host: null, origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Theory]
    [InlineData("/testing/clock?utc=2031-01-01T00:00:00Z")]
    [InlineData("/testing/jobs/LobbyReminderDispatcher")]
    [InlineData("/testing/jobs/CopReminderSweeper")]
    [InlineData("/testing/jobs/CoffeeRounds")]
    public async Task Every_testing_hook_refuses_a_body_less_post_a_web_page_and_a_rebound_host(string path)
    {
        using var bodyless = new HttpRequestMessage(HttpMethod.Post, path);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _bot.Client.SendAsync(bodyless)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync(path, "text/plain", null, null, "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(path, "application/json", null, "http://evil.example", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(path, "application/json", "evil.example:3978", null, "{}")).StatusCode);

        var clock = await _bot.Client.PostAsync("/testing/clock?utc=2020-01-01T00:00:00Z", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, clock.StatusCode);
        Assert.Contains("2020-01-01", await clock.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clock_hook_does_not_move_for_a_web_page()
    {
        var before = await (await _bot.Client.PostAsync("/testing/clock?utc=2020-06-01T00:00:00Z", JsonContent.Create(new { }))).Content.ReadAsStringAsync();
        Assert.Contains("2020-06-01", before, StringComparison.Ordinal);

        var refused = await PostAsync("/testing/clock?utc=2099-01-01T00:00:00Z", "text/plain;x=+json", null, "http://evil.example", "{}");

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        var after = await (await _bot.Client.PostAsync("/testing/clock?utc=2020-06-02T00:00:00Z", JsonContent.Create(new { }))).Content.ReadAsStringAsync();
        Assert.Contains("2020-06-02", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json;charset=utf-8", true)]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("text/plain;x=+json", false)]
    [InlineData("application/vnd.api+json", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_plain_json_counts_as_json(string? contentType, bool json) =>
        Assert.Equal(json, LocalRequestGate.IsJson(contentType));

    private async Task<HttpResponseMessage> PostAsync(string path, string contentType, string? host, string? origin, string? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? Activities.PersonalMessage(_bot.ServiceUrl, "help").ToJsonString())),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await _bot.Client.SendAsync(request);
    }
}
