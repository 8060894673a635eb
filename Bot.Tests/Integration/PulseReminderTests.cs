using System.Text.Json.Nodes;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public sealed class PulseReminderTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync()
    {
        _deal = await PulseHarness.StartAsync(storage);
        foreach (var name in new[] { "anne", "bert", "carla" })
        {
            Bot.Connector.Members.Add(new JsonObject { ["id"] = "29:" + name, ["aadObjectId"] = "aad-" + name, ["name"] = name, ["email"] = name + "@utrecht.nl" });
        }

        Bot.Connector.Members.Add(new JsonObject { ["id"] = Activities.BotId, ["name"] = "CityDealBot" });
    }

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    private List<ConnectorCall> Reminders() =>
        [.. Bot.Connector.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal))];

    private Task<int> SweepAtAsync(DateTimeOffset amsterdamWallClock)
    {
        _deal.Time.SetUtcNow(amsterdamWallClock.ToUniversalTime());
        return _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
    }

    // Closes Friday 4 December 17:00: reminders planned Tuesday 1 and Thursday 3 December at 16:30.
    private static DateTimeOffset Amsterdam(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Non_responders_get_each_reminder_once_and_responders_none()
    {
        var (_, pulseId) = await _deal.StartPulseAsync("2026-12-04");
        await _deal.AnswerAsync(pulseId, "anne", 4);

        await SweepAtAsync(Amsterdam(1, 16, 0));
        Assert.Empty(Reminders());

        await SweepAtAsync(Amsterdam(1, 16, 40));
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        var first = Reminders();
        Assert.Equal(2, first.Count);
        var opened = Bot.Connector.Calls.Where(c => c.Path == "/v3/conversations" && c.Method == "POST").Select(c => c.Body!["members"]![0]!["id"]!.GetValue<string>()).Order();
        Assert.Equal(["29:bert", "29:carla"], opened);
        Assert.All(first, r => Assert.Contains("Herinnering: peiling in City Deal Klimaatadaptatie", FakeConnector.Json(r.Body!), StringComparison.Ordinal));

        // Bert answers in between: only Carla gets the second reminder.
        await _deal.AnswerAsync(pulseId, "bert", 3);
        await SweepAtAsync(Amsterdam(3, 16, 45));
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(3, Reminders().Count);

        var ledger = await Bot.RowsAsync("Deliveries");
        Assert.Equal(3, ledger.Count(r => r.GetString("State") == "sent"));
        Assert.Contains(ledger, r => r.RowKey == $"pulse-reminder:{pulseId}:aad-carla:2");
    }

    [Fact]
    public async Task Nothing_is_sent_outside_working_hours_or_after_the_close()
    {
        await _deal.StartPulseAsync("2026-12-04");

        await SweepAtAsync(Amsterdam(1, 18, 30));
        await SweepAtAsync(Amsterdam(2, 7, 45));
        Assert.Empty(Reminders());

        await SweepAtAsync(Amsterdam(5, 11, 0));
        Assert.Empty(Reminders());
    }

    [Fact]
    public async Task A_failed_send_is_retried_on_the_next_sweep()
    {
        await _deal.StartPulseAsync("2026-12-04");
        // Teams refuses to open the first 1:1 chat, with a status that is not worth retrying at once (a 5xx would park the
        // reminder in the outbox instead): the reminder is released for the next sweep. What the start left to send goes
        // first, and only the opening of a chat is refused, so the refusal meets a reminder and nothing else.
        await Bot.Connector.WaitForQuietAsync();
        Bot.Connector.FailNext(403, c => c.IsOpeningPersonalChat);
        await SweepAtAsync(Amsterdam(1, 16, 40));
        var afterFirst = Reminders().Count;
        Assert.True(afterFirst < 3);

        _deal.Time.Advance(TimeSpan.FromMinutes(1));
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(3, Reminders().Count);
    }
}
