using System.Text.Json.Nodes;
using CityDealBot.Tests.CopSessions;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Speeddates;

/// <summary>
/// An online speeddate with Graph configured: each group of a round gets its own Teams meeting (createOrGet on the
/// organiser's behalf, one per session, round and table) and its members get the join link; when Graph refuses,
/// the groups get a chat link and the organiser is told which permission is missing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SpeeddateMeetingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly (string Id, string Aad, string Name, string Email)[] People =
    [
        ("29:anne", "aad-anne", "Anne de Vries", "anne@utrecht.nl"),
        ("29:bram", "aad-bram", "Bram Jansen", "bram@minbzk.nl"),
        ("29:chris", "aad-chris", "Chris Bakker", "chris@uu.nl"),
        ("29:dina", "aad-dina", "Dina Yilmaz", "dina@amersfoort.nl"),
    ];

    private BotHarness _bot = null!;
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            ["Graph:BaseUrl"] = _graph.BaseUrl,
        });
        await _bot.AddToTeamAsync(People);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Each_group_gets_its_own_meeting_and_its_members_the_join_link()
    {
        var session = await OpenAsync("speeddate 2 6 online");
        foreach (var person in People)
        {
            await PressAsync("speeddate.join", session, person);
        }

        var control = await PressAsync("speeddate.start", session, People[0]);
        Assert.DoesNotContain("Microsoft Graph", control, StringComparison.Ordinal);

        var calls = _graph.Calls.Where(c => c.Path == "/v1.0/users/aad-anne/onlineMeetings/createOrGet").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal([$"{session}-r1-t1", $"{session}-r1-t2"], calls.Select(c => c.Body!["externalId"]!.GetValue<string>()).Order());
        Assert.Contains("Speeddate ronde 1, tafel", calls[0].Body!["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        var start = DateTimeOffset.Parse(calls[0].Body!["startDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(calls[0].Body!["endDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(6), end - start);
        Assert.Equal(2, calls[0].Body!["participants"]!["attendees"]!.AsArray().Count);

        var personal = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ronde 1 van 2: tafel", StringComparison.Ordinal), People.Length);
        Assert.All(personal, a => Assert.Contains($"meetup-join/19%3ameeting_{session}-r1-t", FakeConnector.Json(a), StringComparison.Ordinal));
        Assert.DoesNotContain(personal, a => FakeConnector.Json(a).Contains("l/chat/0/0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_permission_the_groups_get_a_chat_link_and_the_organiser_is_told_why()
    {
        var session = await OpenAsync("speeddate 1 5 hybride");
        foreach (var person in People)
        {
            await PressAsync("speeddate.join", session, person);
        }

        _graph.FailNext(403, times: 2);
        var control = await PressAsync("speeddate.start", session, People[0]);
        Assert.Contains("OnlineMeetings.ReadWrite.All", control, StringComparison.Ordinal);
        var personal = await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ronde 1 van 1: tafel", StringComparison.Ordinal), People.Length);
        Assert.All(personal, a => Assert.Contains("l/chat/0/0", FakeConnector.Json(a), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_in_person_speeddate_makes_no_meetings()
    {
        var session = await OpenAsync("speeddate 1 5");
        foreach (var person in People)
        {
            await PressAsync("speeddate.join", session, person);
        }

        await PressAsync("speeddate.start", session, People[0]);
        await WaitForCountAsync(a => FakeConnector.Json(a).Contains("Ronde 1 van 1: tafel", StringComparison.Ordinal), People.Length);
        Assert.Empty(_graph.Calls);
    }

    private Task<string> OpenAsync(string command) => SpeeddateTurns.OpenAsync(_bot, command);

    private Task<string> PressAsync(string verb, string session, (string Id, string Aad, string Name, string Email) user) =>
        _bot.PressAsync(verb, SpeeddateTurns.Session(session), (user.Id, user.Aad, user.Name));

    private async Task<List<JsonObject>> WaitForCountAsync(Func<JsonObject, bool> predicate, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && _bot.Connector.SentActivities.Count(predicate) < count)
        {
            await Task.Delay(50);
        }

        var found = _bot.Connector.SentActivities.Where(predicate).ToList();
        Assert.Equal(count, found.Count);
        return found;
    }
}
