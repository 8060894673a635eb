using System.Net;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Connector;

/// <summary>
/// The OpenID metadata client, built as the bot builds it, goes through the standard resilience handler: a
/// transient failure is tried again, a refusal is not.
/// </summary>
public class SigningKeysResilienceTests
{
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, 2, HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.InternalServerError, 2, HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NotFound, 1, HttpStatusCode.NotFound)]
    public async Task A_transient_failure_is_tried_again_and_a_refusal_is_not(HttpStatusCode first, int expectedRequests, HttpStatusCode expectedStatus)
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/metadata", () =>
            Interlocked.Increment(ref requests) == 1 ? Results.StatusCode((int)first) : Results.Text("{}", "application/json")));
        var services = new ServiceCollection();
        services.AddHttpClient(BotSigningKeys.HttpClientName).AddSigningKeysResilience();
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(BotSigningKeys.HttpClientName);

        using var response = await http.GetAsync(new Uri(server.BaseUrl + "metadata"));

        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Equal(expectedRequests, requests);
    }
}
