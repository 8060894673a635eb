using System.Diagnostics;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CityDealBot.Tests.Integration;

/// <summary>Every turn is a trace with ids only, and the bot counts what it receives and sends.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_turn_is_traced_and_counted_without_its_text()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var bot = await BotHarness.StartAsync(storage, null, services => services.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(spans))
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));

        var message = Activities.PersonalMessage(bot.ServiceUrl, "help geheime-tekst-123", "en-US");
        (await bot.SendAsync(message)).EnsureSuccessStatusCode();
        bot.Factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        bot.Factory.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var turn = Assert.Single(spans, s => s.DisplayName == "turn message");
        Assert.Equal(message["conversation"]!["id"]!.GetValue<string>(), turn.GetTagItem("citydealbot.conversation.id"));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains("geheime-tekst", StringComparison.Ordinal) == true);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full")?.ToString()?.StartsWith(bot.ServiceUrl, StringComparison.Ordinal) == true);
        Assert.Contains(metrics, m => m.Name == "citydealbot.activities.received");
    }
}
