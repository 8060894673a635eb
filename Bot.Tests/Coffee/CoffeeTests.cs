using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Coffee;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Coffee;

/// <summary>
/// Coffee across deals with two bot instances on one storage: people join (one pauses), Monday's round pairs the
/// others once and introduces them with three proposed half hours, a pair agrees on a time and gets an .ics, and
/// the follow-up question comes the day after.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoffeeTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly (string Id, string Aad, string Name)[] People =
    [
        ("29:anne", "aad-anne", "Anne de Vries"),
        ("29:bram", "aad-bram", "Bram Jansen"),
        ("29:chris", "aad-chris", "Chris Bakker"),
        ("29:dina", "aad-dina", "Dina Yilmaz"),
        ("29:eva", "aad-eva", "Eva Smit"),
    ];

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Elections:RunDispatcher"] = "false",
        ["Pulse:SweepEvery"] = "00:00:00",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
        ["Coffee:CheckEvery"] = "00:00:00",
    };

    // Monday 7 June 2027, 08:00 in Amsterdam: before the round.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 7, 6, 0, 0, TimeSpan.Zero));
    private TwoBotInstances _bots = null!;

    public async Task InitializeAsync()
    {
        _bots = await TwoBotInstances.StartAsync(storage, Settings, _time);
        await _bots.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bots.DisposeAsync();

    [Fact]
    public async Task Join_pair_agree_and_follow_up_once()
    {
        foreach (var person in People)
        {
            var saved = await InvokeAsync("coffee.save", new JsonObject { ["cadence"] = "Weekly", ["pause"] = person.Aad == "aad-eva" ? "2027-06-13" : "" }, person);
            Assert.Contains("Opgeslagen", saved, StringComparison.Ordinal);
        }

        Assert.Contains("pauzedatum klopt niet", await InvokeAsync("coffee.save", new JsonObject { ["pause"] = "2027-01-01" }, People[0]), StringComparison.Ordinal);
        Assert.Equal(0, await RunBothAsync());

        _time.SetUtcNow(new DateTimeOffset(2027, 6, 7, 7, 0, 0, TimeSpan.Zero)); // 09:00
        Assert.Equal(4, await RunBothAsync());
        Assert.Equal(0, await RunBothAsync());
        var groups = await _bots.RowsAsync("CoffeeGroups");
        Assert.Equal(2, groups.Count);
        var paired = groups.SelectMany(g => g.GetString("Members").Split(',')).Order().ToList();
        Assert.Equal(["aad-anne", "aad-bram", "aad-chris", "aad-dina"], paired);
        Assert.Equal(4, _bots.Connector.DeliveredActivities.Count(a => FakeConnector.Json(a).Contains("Koffie deze week", StringComparison.Ordinal)));

        var group = groups[0];
        var members = group.GetString("Members").Split(',');
        var first = People.Single(p => p.Aad == members[0]);
        var second = People.Single(p => p.Aad == members[1]);
        var outsider = People.First(p => !members.Contains(p.Aad));
        var reference = new JsonObject { ["week"] = group.PartitionKey, ["group"] = group.RowKey, ["slot"] = 1 };
        Assert.Contains("van iemand anders", await InvokeAsync("coffee.tick", reference, outsider), StringComparison.Ordinal);
        Assert.Contains("☑", await InvokeAsync("coffee.tick", reference, first), StringComparison.Ordinal);
        var agreed = await InvokeAsync("coffee.tick", reference, second);
        Assert.Contains("Afgesproken", agreed, StringComparison.Ordinal);

        var ics = System.Text.RegularExpressions.Regex.Match(agreed, "\"(http[^\"]*/coffee/ics/[^\"]+\\.ics)\"").Groups[1].Value;
        var file = await _bots.ClientA.GetAsync(new Uri(ics).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var calendar = Ical.Net.Calendar.Load(await file.Content.ReadAsStringAsync())!;
        var start = Assert.Single(calendar.Events).DtStart!.AsUtc;

        // The day after the agreed half hour, the pair gets the follow-up; the other pair only at the end of the week.
        _time.SetUtcNow(new DateTimeOffset(start, TimeSpan.Zero).AddDays(1));
        Assert.Equal(2, await RunBothAsync());
        _time.SetUtcNow(new DateTimeOffset(2027, 6, 12, 7, 0, 0, TimeSpan.Zero)); // Saturday 09:00
        Assert.Equal(2, await RunBothAsync());
        Assert.Equal(0, await RunBothAsync());

        var thanks = await InvokeAsync("coffee.met", new JsonObject { ["week"] = group.PartitionKey, ["group"] = group.RowKey, ["answer"] = "yes" }, first);
        Assert.Contains("genoteerd", thanks, StringComparison.Ordinal);
        var stored = (await _bots.RowsAsync("CoffeeGroups")).Single(g => g.RowKey == group.RowKey);
        Assert.Contains($"\"{first.Aad}\":\"yes\"", stored.GetString("Met"), StringComparison.Ordinal);

        // Leaving stops the next rounds.
        await InvokeAsync("coffee.leave", [], People[0]);
        var member = (await _bots.RowsAsync("CoffeeMembers")).Single(m => m.RowKey == "aad-anne");
        Assert.False(member.GetBoolean("IsActive"));
    }

    private Task<int> RunBothAsync() => _bots.RunOnBothAsync<CoffeeRounds>(r => r.RunOnceAsync(default));

    private Task<string> InvokeAsync(string verb, JsonObject data, (string Id, string Aad, string Name) user) =>
        _bots.PressAsync(_bots.ClientA, verb, data, user);
}

/// <summary>Coffee with Graph: proposals from both calendars, and the agreed half hour as an Outlook event with a Teams meeting.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoffeeWithGraphTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly (string Id, string Aad, string Name, string Email)[] People =
    [
        ("29:anne", "aad-anne", "Anne de Vries", "anne@utrecht.nl"),
        ("29:bram", "aad-bram", "Bram Jansen", "bram@utrecht.nl"),
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 7, 7, 0, 0, TimeSpan.Zero));
    private BotHarness _bot = null!;
    private CopSessions.FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await CopSessions.FakeGraph.StartAsync();
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            ["Coffee:CheckEvery"] = "00:00:00",
            ["Graph:BaseUrl"] = _graph.BaseUrl,
        }, s => s.AddSingleton<TimeProvider>(_time));
        await _bot.AddToTeamAsync(People);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Proposals_come_from_both_calendars_and_the_agreed_time_becomes_a_Teams_meeting()
    {
        // Bram is away all of Tuesday 8 June.
        _graph.Calendars["bram@utrecht.nl"] = [(new DateTime(2027, 6, 8, 6, 0, 0), new DateTime(2027, 6, 8, 16, 0, 0), "oof")];
        foreach (var person in People)
        {
            await InvokeAsync("coffee.save", new JsonObject { ["cadence"] = "Weekly" }, person);
        }

        Assert.Equal(2, await _bot.Factory.Services.GetRequiredService<CoffeeRounds>().RunOnceAsync(default));
        var schedule = Assert.Single(_graph.Calls, c => c.Path.EndsWith("/calendar/getSchedule", StringComparison.Ordinal));
        Assert.Equal(["anne@utrecht.nl", "bram@utrecht.nl"], schedule.Body!["Schedules"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        var group = Assert.Single(await _bot.RowsAsync("CoffeeGroups"));
        var starts = System.Text.Json.JsonSerializer.Deserialize<long[]>(group.GetString("Slots"))!.Select(DateTimeOffset.FromUnixTimeSeconds).ToList();
        Assert.Equal(3, starts.Count);
        Assert.DoesNotContain(starts, s => s.UtcDateTime.Date == new DateTime(2027, 6, 8));

        var reference = new JsonObject { ["week"] = group.PartitionKey, ["group"] = group.RowKey, ["slot"] = 0 };
        await InvokeAsync("coffee.tick", reference, People[0]);
        var agreed = await InvokeAsync("coffee.tick", reference, People[1]);
        Assert.Contains("meetup-join", agreed, StringComparison.Ordinal);
        var created = Assert.Single(_graph.Calls, c => c.Method == "POST" && c.Path.EndsWith("/events", StringComparison.Ordinal));
        Assert.Equal(group.RowKey, created.Body!["transactionId"]!.GetValue<string>());
        var attendee = Assert.Single(created.Body["attendees"]!.AsArray());
        Assert.EndsWith("@utrecht.nl", attendee!["emailAddress"]!["address"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull((await _bot.RowsAsync("CoffeeGroups")).Single().GetString("JoinUrl"));
    }

    private async Task<string> InvokeAsync(string verb, JsonObject data, (string Id, string Aad, string Name, string Email) user)
    {
        var invoke = Activities.CardAction(_bot.ServiceUrl, verb, data, (user.Id, user.Aad, user.Name));
        var response = await _bot.SendAsync(invoke);
        response.EnsureSuccessStatusCode();
        return FakeConnector.Json(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
