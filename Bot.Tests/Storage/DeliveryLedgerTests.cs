using CityDealBot.Storage;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class DeliveryLedgerTests(AzuriteFixture storage)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Of_two_instances_claiming_the_same_delivery_exactly_one_wins()
    {
        var (a, b) = TwoInstances();
        var keys = Enumerable.Range(0, 40).Select(i => $"deal-{i}|tk2029|m-6w|aad-{i}").ToList();

        var claims = await Task.WhenAll(keys.SelectMany(k => new[]
        {
            a.TryClaimAsync("election|2026-11", k, "instance-a", default),
            b.TryClaimAsync("election|2026-11", k, "instance-b", default),
        }));

        Assert.Equal(keys.Count, claims.Count(c => c is not null));
        var records = await a.ListAsync("election|2026-11", default);
        Assert.Equal(keys.Order(), records.Select(r => TableKey.Decode(r.RowKey)).Order());
    }

    [Fact]
    public async Task A_sent_delivery_is_never_claimed_again()
    {
        var (a, b) = TwoInstances();
        var claim = await a.TryClaimAsync("pulse|2026-11", "p1|aad-1|r1", "a", default);
        await a.MarkSentAsync(claim!, default);
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Null(await b.TryClaimAsync("pulse|2026-11", "p1|aad-1|r1", "b", default));
        Assert.Equal(DeliveryStates.Sent, Assert.Single(await a.ListAsync("pulse|2026-11", default)).State);
    }

    [Fact]
    public async Task A_claim_abandoned_by_a_crash_is_taken_over_after_the_lease()
    {
        var (a, b) = TwoInstances();
        Assert.NotNull(await a.TryClaimAsync("pulse|2026-11", "p1|aad-2|r1", "a", default));
        // Instance a dies here: claimed, never sent.

        _time.Advance(DeliveryLedger.Lease - TimeSpan.FromSeconds(10));
        Assert.Null(await b.TryClaimAsync("pulse|2026-11", "p1|aad-2|r1", "b", default));

        _time.Advance(TimeSpan.FromSeconds(20));
        var takeover = await b.TryClaimAsync("pulse|2026-11", "p1|aad-2|r1", "b", default);
        Assert.NotNull(takeover);
        Assert.True(takeover.IsRetry);
        await b.MarkSentAsync(takeover, default);
        Assert.Equal("b", Assert.Single(await a.ListAsync("pulse|2026-11", default)).Holder);
    }

    [Fact]
    public async Task A_failed_send_is_retried_a_bounded_number_of_times()
    {
        var (a, _) = TwoInstances();
        for (var attempt = 1; attempt <= DeliveryLedger.MaxAttempts; attempt++)
        {
            var claim = await a.TryClaimAsync("pulse|2026-11", "p9|aad-3|r2", "a", default);
            Assert.NotNull(claim);
            await a.ReleaseAfterFailureAsync(claim, "connector answered 503", default);
        }

        Assert.Null(await a.TryClaimAsync("pulse|2026-11", "p9|aad-3|r2", "a", default));
        var record = Assert.Single(await a.ListAsync("pulse|2026-11", default));
        Assert.Equal(DeliveryStates.Failed, record.State);
        Assert.Equal("connector answered 503", record.LastError);
    }

    private (DeliveryLedger A, DeliveryLedger B) TwoInstances()
    {
        var options = Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix() });
        return (new DeliveryLedger(new StorageTables(options), _time), new DeliveryLedger(new StorageTables(options), _time));
    }
}
