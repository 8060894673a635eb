using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Http.Json;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// With Application Insights' connection string set (as the Bicep deployment does), the bot exports its turns to
/// the ingestion endpoint named in it: here a loopback server that records what arrives.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureMonitorExportTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Turns_reach_Application_Insights_with_ids_and_without_their_text()
    {
        var received = new ConcurrentQueue<string>();
        await using var ingestion = await LoopbackServer.StartAsync(app => app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            Stream body = request.Body;
            if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(request.Body, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(body);
            received.Enqueue(await reader.ReadToEndAsync());
            return Results.Json(new { itemsReceived = 1, itemsAccepted = 1, errors = Array.Empty<object>() });
        }));
        var connection = $"InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint={ingestion.BaseUrl};LiveEndpoint={ingestion.BaseUrl}";
        await using var connector = await FakeConnector.StartAsync();

        // The bot as it runs in App Service: its own process with the connection string in its environment, so no
        // other test's listeners in this process take part in sampling its turns.
        var port = RepoPaths.FreePort();
        await using var bot = BotProcess.Start(port, new Dictionary<string, string>
        {
            [BotTelemetry.AzureMonitorConnectionStringKey] = connection,
            // Statsbeat (the SDK's own usage report) would go to a fixed Microsoft endpoint: off for this machine.
            ["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true",
            ["Storage__ConnectionString"] = storage.ConnectionString,
            ["Storage__TablePrefix"] = AzuriteFixture.NewTablePrefix(),
            ["Jobs__Enabled"] = "false",
        });
        await RepoPaths.WaitForPortAsync(port, TimeSpan.FromSeconds(60), bot.Process);

        // The shipped sampler keeps a few traces a second, and start-up's storage calls spend the first seconds'
        // share: a message every two seconds until one turn is exported (each carries the same secret text).
        using var teams = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var conversationIds = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var nextMessage = DateTime.UtcNow;
        while (!received.Any(r => r.Contains("turn message", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no turn span reached the ingestion endpoint in 90 s after {conversationIds.Count} messages; {received.Count} other posts arrived");
            if (DateTime.UtcNow >= nextMessage)
            {
                var message = Activities.PersonalMessage(connector.ServiceUrl, "help geheime-tekst-123", "en-US");
                conversationIds.Add(message["conversation"]!["id"]!.GetValue<string>());
                (await teams.PostAsJsonAsync("/api/messages", message)).EnsureSuccessStatusCode();
                nextMessage = DateTime.UtcNow.AddSeconds(2);
            }

            await Task.Delay(250);
        }

        var turn = received.First(r => r.Contains("turn message", StringComparison.Ordinal));
        Assert.Contains(conversationIds, id => turn.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(received, r => r.Contains("geheime-tekst", StringComparison.Ordinal));
    }
}
