using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Storage;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Proactive messages the Connector keeps refusing (503 after the client's own retries) wait in the Azurite outbox
/// queue and are sent once when it recovers, also with two instances draining; after the last attempt they go to
/// the poison queue; with the queue down as well, the delivery ledger keeps them (never a silent loss).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProactiveOutboxTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Partition = "test-outbox";
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Elections:RunDispatcher"] = "false",
        ["Pulse:SweepEvery"] = "00:00:00",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
        ["Outbox:DrainEvery"] = "00:00:00",
        ["Outbox:FirstBackoff"] = "00:00:01",
        ["Outbox:MaxDequeues"] = "3",
        ["Connector:MaxRetries"] = "2",
    };

    private FakeConnector _connector = null!;
    private BotFactory _a = null!;
    private BotFactory _b = null!;
    private PersonRecord _person = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        var prefix = AzuriteFixture.NewTablePrefix();
        _a = new BotFactory(storage, Settings, tablePrefix: prefix);
        _b = new BotFactory(storage, Settings, tablePrefix: prefix);
        _a.StartOnLoopback().Dispose();
        _b.StartOnLoopback().Dispose();
        _person = new PersonRecord
        {
            PartitionKey = TableKey.Encode(Activities.Tenant),
            RowKey = TableKey.Encode("aad-anne"),
            UserId = "29:anne",
            Name = "Anne de Vries",
            ServiceUrl = _connector.ServiceUrl,
            BotId = Activities.BotId,
            Locale = "nl-NL",
        };
        await _a.Services.GetRequiredService<DealDirectory>().SavePersonalConversationAsync(_person, "a:personal-anne", default);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_message_parked_while_the_Connector_is_down_is_sent_once_when_it_recovers()
    {
        _connector.FailNext(503, retryAfter: "0", times: 1000);
        Assert.Equal(DeliveryOutcome.Queued, await DeliverAsync("k1", "Herinnering voor Anne"));
        Assert.Equal(DeliveryStates.Queued, await StateAsync("k1"));
        Assert.Equal(1, (await Outbox().GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // Still down: the drain tries, fails and leaves it waiting (hidden for the first backoff, 1 s here).
        await WaitForVisibleAsync();
        Assert.Equal(0, await DrainBothAsync());
        Assert.Equal(DeliveryStates.Queued, await StateAsync("k1"));

        _connector.Recover();
        await WaitForVisibleAsync();
        Assert.Equal(1, await DrainBothAsync());
        Assert.Equal(0, await DrainBothAsync());
        Assert.Single(Sent("Herinnering voor Anne"));
        Assert.Equal(DeliveryStates.Sent, await StateAsync("k1"));
        Assert.Equal(0, (await Outbox().GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_goes_to_the_poison_queue_and_the_ledger_says_failed()
    {
        _connector.FailNext(503, retryAfter: "0", times: 10_000);
        Assert.Equal(DeliveryOutcome.Queued, await DeliverAsync("k2", "Nooit aangekomen"));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await WaitForVisibleAsync();
            Assert.Equal(0, await DrainBothAsync());
        }

        var poison = storage.Queue(_a.TablePrefix, ProactiveOutbox.PoisonQueue);
        var parked = Assert.Single((await poison.PeekMessagesAsync(10)).Value);
        var note = JsonNode.Parse(parked.MessageText)!;
        Assert.Equal(3, note["attempts"]!.GetValue<int>());
        Assert.Contains("503", note["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(DeliveryStates.Failed, await StateAsync("k2"));
        Assert.Equal(0, (await Outbox().GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(Sent("Nooit aangekomen"));
    }

    [Fact]
    public async Task With_the_queue_down_too_the_ledger_keeps_the_delivery_for_a_later_sweep()
    {
        _connector.FailNext(503, retryAfter: "0", times: 1000);
        await storage.StopQueuesAsync();
        try
        {
            Assert.Equal(DeliveryOutcome.Released, await DeliverAsync("k3", "Later alsnog"));
        }
        finally
        {
            await storage.StartQueuesAsync();
        }

        var entry = (await _a.Services.GetRequiredService<DeliveryLedger>().FindAsync(Partition, "k3", default))!;
        Assert.Equal(DeliveryStates.Claimed, entry.State);
        Assert.Contains("503", entry.LastError, StringComparison.Ordinal);
        // Released means the lease has run out: the next sweep may claim it again.
        _connector.Recover();
        Assert.NotNull(await _b.Services.GetRequiredService<DeliveryLedger>().TryClaimAsync(Partition, "k3", "b", default));
    }

    [Fact]
    public async Task A_parked_message_for_a_person_who_is_forgotten_meanwhile_is_dropped_not_sent_or_poisoned()
    {
        _connector.FailNext(503, retryAfter: "0", times: 10_000);
        Assert.Equal(DeliveryOutcome.Queued, await DeliverAsync("k4", "Herinnering voor Anne de Vries"));
        var forgotten = await _a.Services.GetRequiredService<CityDealBot.Privacy.PersonalData>().ForgetAsync(Activities.Tenant, "aad-anne", "29:anne", "Anne de Vries", default);
        Assert.NotNull(forgotten.Removed);
        _connector.Recover();

        // Whether the forget saw the message or it was still hidden for its back-off, it never reaches anyone.
        await WaitForVisibleAsync();
        Assert.Equal(0, await DrainBothAsync());
        Assert.Empty(Sent("Herinnering voor Anne de Vries"));
        Assert.Equal(0, (await Outbox().GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await storage.Queue(_a.TablePrefix, ProactiveOutbox.PoisonQueue).PeekMessagesAsync(10)).Value);
    }

    private async Task<DeliveryOutcome> DeliverAsync(string key, string text)
    {
        var ledger = _a.Services.GetRequiredService<DeliveryLedger>();
        var claim = (await ledger.TryClaimAsync(Partition, key, "a", default))!;
        var card = NoticeCards.Notice(new NoticeCardView(Language.Dutch, NoticeKind.Information, "Test", text));
        return await _a.Services.GetRequiredService<ProactiveOutbox>().DeliverToPersonAsync(claim, _person, card, default);
    }

    /// <summary>Waits until the outbox shows a message again (after its backoff), at most 10 s.</summary>
    private async Task WaitForVisibleAsync()
    {
        for (var waited = 0; waited < 100 && (await Outbox().PeekMessagesAsync(1)).Value.Length == 0; waited++)
        {
            await Task.Delay(100);
        }
    }

    private async Task<int> DrainBothAsync()
    {
        var counts = await Task.WhenAll(
            _a.Services.GetRequiredService<ProactiveOutbox>().DrainOnceAsync(default),
            _b.Services.GetRequiredService<ProactiveOutbox>().DrainOnceAsync(default));
        return counts.Sum();
    }

    private async Task<string?> StateAsync(string key) =>
        (await _a.Services.GetRequiredService<DeliveryLedger>().FindAsync(Partition, key, default))?.State;

    private Azure.Storage.Queues.QueueClient Outbox() => storage.Queue(_a.TablePrefix, ProactiveOutbox.OutboxQueue);

    private List<JsonObject> Sent(string text) =>
        [.. _connector.DeliveredActivities.Where(a => FakeConnector.Json(a).Contains(text, StringComparison.Ordinal))];
}
