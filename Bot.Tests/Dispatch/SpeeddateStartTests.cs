using System.Diagnostics;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Connector;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using CityDealBot.Tests.Speeddates;

namespace CityDealBot.Tests.Dispatch;

/// <summary>
/// Pressing Start or Next answers the organiser from what the bot knows; the round's channel post and everyone's
/// personal message leave afterwards through the dispatcher. The fake Connector takes 1.5 s per call, so an answer
/// that waited for even one of those calls would be late.
/// </summary>
// Judged on the wall clock: run alone, as the other pacing tests do, so the suite's own load does not bunch the calls.
[Collection(WallClockCollection.Name)]
public sealed class SpeeddateStartTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly TimeSpan SlowTeams = TimeSpan.FromSeconds(1.5);

    private static readonly (string Id, string Aad, string Name)[] People =
        [.. Enumerable.Range(0, 8).Select(i => i == 0 ? ("29:anne", "aad-anne", "Anne de Vries") : ($"29:p{i}", $"aad-p{i}", $"Persoon {i}"))];

    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await _bot.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Start_and_next_answer_the_organiser_before_the_rounds_messages_have_left()
    {
        var session = await SpeeddateTurns.OpenAsync(_bot, "speeddate 2 5");
        foreach (var person in People)
        {
            await PressAsync("speeddate.join", session, person);
        }

        // Sign-up card updates of the joins have left; from now on Teams is slow.
        await _bot.Connector.WaitForQuietAsync();
        _bot.Connector.Latency = () => SlowTeams;
        var clock = Stopwatch.StartNew();
        var control = await PressAsync("speeddate.start", session, People[0]);
        var answeredIn = clock.Elapsed;
        Assert.Contains("Ronde 1 van 2 loopt", control, StringComparison.Ordinal);
        Assert.True(answeredIn < SlowTeams, $"Start was answered after {answeredIn.TotalMilliseconds:F0} ms");
        Assert.DoesNotContain(_bot.Connector.DeliveredActivities, a => FakeConnector.Json(a).Contains("Ronde 1 van 2: tafel", StringComparison.Ordinal));

        // Everything follows: the round in the channel and one personal message per participant.
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Speeddate ronde 1 van 2", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var personal = await CountAsync("Ronde 1 van 2: tafel", People.Length);
        Assert.Equal(People.Length, personal);

        clock.Restart();
        control = await PressAsync("speeddate.next", session, People[0]);
        answeredIn = clock.Elapsed;
        Assert.Contains("Ronde 2 van 2 loopt", control, StringComparison.Ordinal);
        Assert.True(answeredIn < SlowTeams, $"Next was answered after {answeredIn.TotalMilliseconds:F0} ms");
        Assert.Equal(People.Length, await CountAsync("Ronde 2 van 2: tafel", People.Length));
        // Each message once: the dispatcher claimed every one in the ledger.
        Assert.Equal(People.Length, await CountAsync("Ronde 1 van 2: tafel", People.Length));
    }

    private async Task<int> CountAsync(string text, int expected)
    {
        var deadline = Stopwatch.StartNew();
        int count;
        while ((count = _bot.Connector.DeliveredActivities.Count(a => FakeConnector.Json(a).Contains(text, StringComparison.Ordinal))) < expected
            && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        return count;
    }

    private Task<string> PressAsync(string verb, string session, (string Id, string Aad, string Name) user) =>
        _bot.PressAsync(verb, SpeeddateTurns.Session(session), user);
}
