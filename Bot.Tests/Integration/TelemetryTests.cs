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
        var spans = new LockedList<Activity>();
        var metrics = new List<Metric>();
        await using var bot = await BotHarness.StartAsync(storage, null, services => services.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(spans))
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));

        var message = Activities.PersonalMessage(bot.ServiceUrl, "help geheime-tekst-123", "en-US");
        (await bot.SendAsync(message)).EnsureSuccessStatusCode();
        // The reply leaves after the turn; its Connector call is one of the spans looked for.
        await bot.Connector.WaitForActivityAsync(a => a["replyToId"]?.GetValue<string>() == message["id"]!.GetValue<string>());
        bot.Factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        bot.Factory.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var turn = Assert.Single(spans, s => s.DisplayName == "turn message");
        Assert.Equal(message["conversation"]!["id"]!.GetValue<string>(), turn.GetTagItem("citydealbot.conversation.id"));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains("geheime-tekst", StringComparison.Ordinal) == true);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full")?.ToString()?.StartsWith(bot.ServiceUrl, StringComparison.Ordinal) == true);
        Assert.Contains(metrics, m => m.Name == "citydealbot.activities.received");
    }
}

/// <summary>The exporter adds spans from whichever thread ends them, background replies included; reads take a copy.</summary>
internal sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        lock (_items)
        {
            return _items.ToList().GetEnumerator();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
