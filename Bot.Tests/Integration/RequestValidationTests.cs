using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public sealed class RequestValidationTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync(storage);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Malformed_json_is_a_400()
    {
        var response = await _bot.Client.PostAsync("/api/messages", new StringContent("{\"type\": \"message\",", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_415()
    {
        var response = await _bot.Client.PostAsync("/api/messages", new StringContent("type=message", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_a_413()
    {
        var activity = Activities.PersonalMessage(_bot.ServiceUrl, new string('x', 300 * 1024));
        var response = await _bot.SendAsync(activity);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("serviceUrl")]
    [InlineData("channelId")]
    [InlineData("conversation")]
    public async Task A_missing_required_field_is_a_400(string field)
    {
        var activity = Activities.PersonalMessage(_bot.ServiceUrl, "help");
        activity.Remove(field);
        var response = await _bot.SendAsync(activity);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Fact]
    public async Task An_unknown_activity_type_is_accepted_and_ignored()
    {
        var activity = Activities.PersonalMessage(_bot.ServiceUrl, "help");
        activity["type"] = "somethingNew";
        var response = await _bot.SendAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Fact]
    public async Task A_token_in_local_mode_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Activities.PersonalMessage(_bot.ServiceUrl, "help").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.e30.");
        var response = await _bot.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_bot.Connector.Calls);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _bot.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _bot.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Only_post_is_allowed_on_the_messages_endpoint()
    {
        var response = await _bot.Client.GetAsync("/api/messages");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Json_null_body_is_a_400()
    {
        var response = await _bot.Client.PostAsync("/api/messages", new StringContent("null", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        _ = JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }
}
