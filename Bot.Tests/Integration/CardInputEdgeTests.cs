using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Card payloads come from clients: ids that cannot be table keys, collections that would not fit in one table
/// property, and dates at the end of the calendar get a clear answer in the user's language, never a 500 or
/// "storage unavailable".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CardInputEdgeTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly (string Id, string Aad, string Name) Anne = ("29:anne", "aad-anne", "Anne de Vries");
    private static readonly Texts Dutch = Texts.For(Language.Dutch);
    private static readonly string DealKey = DealDirectory.DealKey(Activities.ChannelId);
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    public static TheoryData<string> BadIds => new()
    {
        "a/b",
        "a\\b",
        "a#b",
        "a?b",
        "a\u0001b",
        "a\nb",
        new string('x', 1100),
    };

    /// <summary>Each card action that reads an id from the payload, with the id under test put where it goes.</summary>
    private static IEnumerable<(string Verb, JsonObject Data, string NotFoundKey)> ActionsWith(string id) =>
    [
        (CoffeeTimeTicked.Verb, new() { ["week"] = id, ["group"] = "g1", ["slot"] = 0 }, "coffee.unknown"),
        (CoffeeTimeTicked.Verb, new() { ["week"] = "2027-06-07", ["group"] = id, ["slot"] = 0 }, "coffee.unknown"),
        (SendSpeeddateFeedback.Verb, new() { ["session"] = id, ["score"] = "4" }, "speeddate.unknown_session"),
        (JoinSpeeddate.Verb, new() { ["session"] = id }, "speeddate.unknown_session"),
        (LobbyMomentSnoozed.Verb, new() { ["deal"] = id, ["election"] = "gr-2030", ["moment"] = "m" }, "lobby.unknown_moment"),
        (AnswerCopSession.Verb, new() { ["deal"] = id, ["session"] = "s1", ["answer"] = "yes" }, "cop.unknown_session"),
        (AnswerCopSession.Verb, new() { ["deal"] = DealKey, ["session"] = id, ["answer"] = "yes" }, "cop.unknown_session"),
        (VoteCopTime.Verb, new() { ["deal"] = id, ["poll"] = "p1", ["slot"] = 0 }, "cop.poll.unknown"),
        (VoteCopTime.Verb, new() { ["deal"] = DealKey, ["poll"] = id, ["slot"] = 0 }, "cop.poll.unknown"),
        (PulseAnswered.Verb, new() { ["pulseId"] = id }, "pulse.error.unknown"),
    ];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task An_id_that_cannot_be_a_table_key_is_not_found(string id)
    {
        foreach (var (verb, data, notFound) in ActionsWith(id))
        {
            var reply = await ActAsync(verb, data);

            Assert.DoesNotContain(Dutch["error.storage_unavailable"], reply, StringComparison.Ordinal);
            Assert.DoesNotContain(Dutch["error.unexpected"], reply, StringComparison.Ordinal);
            Assert.True(reply.Contains(Dutch[notFound], StringComparison.Ordinal), $"{verb} with {Describe(id)}: {reply}");
        }
    }

    [Fact]
    public async Task Too_many_picked_invitees_are_refused_before_anything_is_stored()
    {
        var people = string.Join(';', Enumerable.Range(0, 2000).Select(i => $"persoon.met.een.lange.naam.{i}@gemeente-voorbeeld.nl"));
        Assert.True(people.Length * 2 > 64 * 1024, "more than one table property holds");

        var reply = await ActAsync(PlanCopSession.Verb, Picked(Plan("2027-06-10"), people));

        Assert.Contains(Dutch["cop.invalid.too_many_invitees"], reply, StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("CopSessions"));
    }

    [Fact]
    public async Task Just_under_the_invitee_limit_is_planned()
    {
        var people = string.Join(';', Enumerable.Range(0, CityDealBot.CopSessions.CopPlanner.MaxInvitees).Select(i => $"p{i}@utrecht.nl"));

        var reply = await ActAsync(PlanCopSession.Verb, Picked(Plan(DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), people));

        Assert.DoesNotContain("Dat kan ik niet plannen", reply, StringComparison.Ordinal);
        var row = Assert.Single(await _bot.RowsAsync("CopSessions"));
        Assert.Equal(CityDealBot.CopSessions.CopPlanner.MaxInvitees, row.GetString("Invitees").Split(';').Length);
    }

    [Fact]
    public async Task A_cop_session_in_the_year_9999_gets_a_validation_message()
    {
        var reply = await ActAsync(PlanCopSession.Verb, Plan("9999-12-31"));

        Assert.Contains(Dutch["cop.invalid.too_far"], reply, StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("CopSessions"));
    }

    [Fact]
    public async Task A_time_poll_from_the_year_9999_gets_a_validation_message()
    {
        var reply = await ActAsync(FindCopTime.Verb, new JsonObject { ["deal"] = DealKey, ["title"] = "Klimaat", ["from"] = "9999-12-30", ["weeks"] = "4" });

        Assert.Contains(Dutch["cop.invalid.too_far"], reply, StringComparison.Ordinal);
        Assert.DoesNotContain(Dutch["error.unexpected"], reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2200-01-01")]
    public async Task A_coffee_pause_until_the_far_future_gets_a_validation_message(string date)
    {
        var reply = await ActAsync(CoffeeSettingsSaved.Verb, new JsonObject { ["cadence"] = "Weekly", ["pause"] = date });

        Assert.Contains(Dutch["coffee.invalid_pause"], reply, StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("CoffeeMembers"));
    }

    [Fact]
    public async Task A_pulse_closing_in_the_year_9999_gets_a_validation_message()
    {
        var response = await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "peiling 9999-12-31"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(Dutch["pulse.error.close_too_far"], StringComparison.Ordinal));
    }

    private static JsonObject Plan(string date) => new()
    {
        ["deal"] = DealKey,
        ["title"] = "Klimaat en data",
        ["date"] = date,
        ["time"] = "15:00",
        ["duration"] = "90",
        ["mode"] = "online",
        ["invite"] = "channel",
        ["speeddate"] = "false",
    };

    private static JsonObject Picked(JsonObject plan, string people)
    {
        plan["invite"] = "picked";
        plan["people"] = people;
        return plan;
    }

    private async Task<string> ActAsync(string verb, JsonObject data)
    {
        var response = await _bot.SendAsync(Activities.CardAction(_bot.ServiceUrl, verb, data, Anne));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return FakeConnector.Json(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string Describe(string id) => id.Length > 20 ? $"{id.Length} characters" : System.Text.Json.JsonSerializer.Serialize(id);
}
