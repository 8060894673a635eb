using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Deals;
using CityDealBot.Elections.Lobby;
using CityDealBot.Storage;
using CityDealBot.Teams;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CityDealBot.DutchTime;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

/// <summary>
/// Two bot instances against one Azurite run the lobby dispatcher through a simulated year for 30 deals.
/// Every due reminder must be delivered exactly once, also when one instance crashes between claim and send.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LobbyDispatcherYearTests(AzuriteFixture storage)
{
    private const string Tenant = "tenant-agenda-stad";
    private const int DealCount = 30;

    [Fact]
    public async Task Two_instances_deliver_every_reminder_of_a_year_exactly_once_despite_a_crash()
    {
        var time = new FakeTimeProvider(AmsterdamTime.ToInstant(new DateOnly(2026, 12, 1), new TimeOnly(10, 0)));
        var sends = new ConcurrentBag<(string Instance, string Deal, string Recipient, string Election, string Moment)>();
        var prefix = AzuriteFixture.NewTablePrefix();
        var crashOnce = new CrashOnce();
        await using var a = Instance("a", prefix, time, sends, crashOnce);
        await using var b = Instance("b", prefix, time, sends, crashOnce: null);
        await SeedDealsAsync(a.Services);

        var loaded = await a.Services.GetRequiredService<LobbyDeals>().LoadActiveAsync(default);
        Assert.Equal(DealCount, loaded.Count);
        var calendar = await a.Services.GetRequiredService<LobbyCalendarSource>().GetAsync(default);

        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        var crashes = 0;
        for (var day = new DateOnly(2026, 12, 1); day < new DateOnly(2027, 12, 1); day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Monday or DayOfWeek.Thursday))
            {
                continue;
            }

            time.SetUtcNow(AmsterdamTime.ToInstant(day, new TimeOnly(10, 0)));
            foreach (var delivery in LobbyDispatch.DueAt(time.GetUtcNow(), loaded.Select(l => l.Lobby), calendar, [], DeliveryPolicy.Default))
            {
                expectedKeys.Add(delivery.Key);
            }

            var results = await Task.WhenAll(RunAsync(a), RunAsync(b));
            crashes += results.Count(r => !r);
        }

        Assert.Equal(1, crashes);
        Assert.True(expectedKeys.Count > 100, $"a year of 30 deals has many moments, got {expectedKeys.Count}");

        var ledger = await new TableServiceClient(storage.ConnectionString).GetTableClient(prefix + DeliveryLedger.Table)
            .QueryAsync<DeliveryRecord>().ToListAsync();
        var sentKeys = ledger.Where(r => r.State == DeliveryStates.Sent).Select(r => TableKey.Decode(r.RowKey)).ToList();
        Assert.Equal(sentKeys.Count, sentKeys.Distinct().Count());
        Assert.Equal(expectedKeys.Order(), sentKeys.Order());
        Assert.DoesNotContain(ledger, r => r.State != DeliveryStates.Sent);
        Assert.Contains(ledger, r => r.Attempts == 2);

        // One card per deal, recipient and moment: none twice.
        var duplicates = sends.GroupBy(s => (s.Deal, s.Recipient, s.Election, s.Moment)).Where(g => g.Count() > 1).ToList();
        Assert.Empty(duplicates);
        Assert.Contains(sends, s => s.Instance == "a");
        Assert.Contains(sends, s => s.Instance == "b");
        Assert.Contains(sends, s => s.Recipient == LobbyRecipients.Channel);
    }

    private static async Task<bool> RunAsync(BotFactory instance)
    {
        try
        {
            using var scope = instance.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<LobbyReminderDispatcher>().RunOnceAsync(default);
            return true;
        }
        catch (SimulatedCrashException)
        {
            return false;
        }
    }

    private BotFactory Instance(string name, string prefix, TimeProvider time, ConcurrentBag<(string, string, string, string, string)> sends, CrashOnce? crashOnce) =>
        new(storage,
            new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" },
            services =>
            {
                services.AddSingleton(time);
                services.AddSingleton<ILobbyReminderSender>(new RecordingSender(name, sends, crashOnce));
            },
            prefix);

    private static async Task SeedDealsAsync(IServiceProvider services)
    {
        var directory = services.GetRequiredService<DealDirectory>();
        var store = services.GetRequiredService<LobbyStore>();
        var governments = GovernmentDirectory.Shipped;
        string[] municipalities = ["Utrecht", "Rotterdam", "Eindhoven", "Groningen", "Zwolle", "Leeuwarden", "Maastricht", "Almere"];
        for (var i = 0; i < DealCount; i++)
        {
            var channelId = $"19:deal-{i}@thread.tacv2";
            await directory.RegisterAsync(new DealRecord
            {
                ChannelId = channelId,
                TenantId = Tenant,
                TeamName = $"City Deal {i}",
                ServiceUrl = "https://smba.trafficmanager.net/emea/",
                ConversationId = channelId,
                InstalledAt = DateTimeOffset.UnixEpoch,
                Language = i % 2 == 0 ? "nl" : "en",
            }, default);
            var dealmaker = new TeamsUser($"29:dm-{i}", $"Dealmaker {i}", $"aad-dm-{i}", Tenant);
            await directory.GrantRoleIfNewAsync(channelId, dealmaker, DealRoles.Dealmaker, null, default);
            await directory.RememberPersonAsync(dealmaker, "28:bot", i % 2 == 0 ? "nl-NL" : "en-GB", "https://smba.trafficmanager.net/emea/", null, default);

            List<Government> chosen =
            [
                new(GovernmentKind.Municipality, municipalities[i % municipalities.Length]),
                governments.Provinces[i % governments.Provinces.Count].Government,
                governments.WaterBoards[i % governments.WaterBoards.Count].Government,
            ];
            if (i % 4 == 0)
            {
                chosen.Add(governments.Ministries[i % governments.Ministries.Count].Government);
            }

            await store.SaveSettingsAsync(DealDirectory.DealKey(channelId), chosen, postInChannel: i % 3 == 0, "seed", default);
        }
    }

    private sealed class SimulatedCrashException : Exception;

    /// <summary>The first send of instance a dies: the claim stays, nothing is sent, nothing is marked.</summary>
    private sealed class CrashOnce
    {
        private int _crashed;

        public bool ShouldCrash() => Interlocked.Exchange(ref _crashed, 1) == 0;
    }

    private sealed class RecordingSender(string instance, ConcurrentBag<(string, string, string, string, string)> sends, CrashOnce? crashOnce) : ILobbyReminderSender
    {
        public Task SendAsync(DealRecord deal, LobbyRecipient recipient, AdaptiveCard card, CancellationToken ct)
        {
            if (crashOnce?.ShouldCrash() == true)
            {
                throw new SimulatedCrashException();
            }

            var data = FindMomentData(card.ToJsonObject())!;
            sends.Add((instance, deal.PartitionKey, recipient.Id, data["election"]!.GetValue<string>(), data["moment"]!.GetValue<string>()));
            return Task.CompletedTask;
        }

        private static JsonObject? FindMomentData(JsonNode node) => node switch
        {
            JsonObject obj when obj["moment"] is not null && obj["election"] is not null => obj,
            JsonObject obj => obj.Select(p => p.Value is null ? null : FindMomentData(p.Value)).FirstOrDefault(r => r is not null),
            JsonArray array => array.Select(n => n is null ? null : FindMomentData(n)).FirstOrDefault(r => r is not null),
            _ => null,
        };
    }
}
