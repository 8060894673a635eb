using System.Collections.Concurrent;
using System.IO.Compression;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// With Application Insights' connection string set (as the Bicep deployment does), the bot exports its turns to
/// the ingestion endpoint named in it: here a loopback server that records what arrives.
/// </summary>
[Collection(Name)]
public sealed class AzureMonitorExportTests(AzuriteFixture storage)
{
    /// <summary>
    /// Alone, after the other collections: ASP.NET Core's request activities are process-wide, and a request span
    /// started while another test's host listens can reach this exporter unsampled, taking its turn span with it.
    /// </summary>
    public const string Name = "Azure Monitor export";

    [Fact]
    public async Task Turns_reach_Application_Insights_with_ids_and_without_their_text()
    {
        // Statsbeat (the SDK's own usage report) would go to a fixed Microsoft endpoint: off for this machine.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
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
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            [BotTelemetry.AzureMonitorConnectionStringKey] = connection,
            // Every trace, so the one turn is not sampled away among the storage calls.
            ["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1.0",
        });

        var message = Activities.PersonalMessage(bot.ServiceUrl, "help geheime-tekst-123", "en-US");
        (await bot.SendAsync(message)).EnsureSuccessStatusCode();
        var conversationId = message["conversation"]!["id"]!.GetValue<string>();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!received.Any(r => r.Contains("turn message", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no turn span reached the ingestion endpoint in 60 s; {received.Count} other posts arrived");
            await Task.Delay(250);
        }

        var turn = received.First(r => r.Contains("turn message", StringComparison.Ordinal));
        Assert.Contains(conversationId, turn, StringComparison.Ordinal);
        Assert.DoesNotContain(received, r => r.Contains("geheime-tekst", StringComparison.Ordinal));
    }
}

[CollectionDefinition(AzureMonitorExportTests.Name, DisableParallelization = true)]
public sealed class AzureMonitorExportCollection : ICollectionFixture<AzuriteFixture>;
