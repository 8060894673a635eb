using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Pulse;

[Collection(AzuriteCollection.Name)]
public sealed class PulseTeamsTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync() => _deal = await PulseHarness.StartAsync(storage);

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    [Fact]
    public async Task A_dealmaker_starts_a_pulse_that_is_posted_in_the_channel_and_stored()
    {
        foreach (var (id, aad) in new[] { ("29:anne", "aad-anne"), ("29:bert", "aad-bert") })
        {
            Bot.Connector.Members.Add(new JsonObject { ["id"] = id, ["aadObjectId"] = aad, ["name"] = id });
        }

        var (card, pulseId) = await _deal.StartPulseAsync();

        var post = Bot.Connector.Calls.Last(c => c.Method == "POST" && c.Body?.ToJsonString().Contains("pulse.answer", StringComparison.Ordinal) == true);
        Assert.Equal($"/v3/conversations/{Activities.ChannelId}/activities", post.Path);
        Assert.Equal("pulse.refresh", card["refresh"]!["action"]!["verb"]!.GetValue<string>());
        Assert.Equal(["29:anne", "29:bert"], card["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(PulseHarness.QuestionIds.Count, PulseHarness.Walk(card).OfType<JsonObject>().Count(o => o["type"]?.GetValue<string>() == "Input.ChoiceSet"));

        var round = Assert.Single(await Bot.RowsAsync("PulseRounds"));
        Assert.Equal(Activities.ChannelId, round.PartitionKey);
        Assert.Equal(pulseId, round.RowKey);
        // Default close: 7 days later at 17:00 Amsterdam (winter time, UTC+1).
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), round.GetDateTimeOffset("ClosesAt"));
        Assert.Equal("aad-anne", round.GetString("StartedBy"));
    }

    [Fact]
    public async Task A_close_date_argument_sets_the_close_at_five_in_the_afternoon()
    {
        await _deal.StartPulseAsync("2026-12-04");
        var round = Assert.Single(await Bot.RowsAsync("PulseRounds"));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero), round.GetDateTimeOffset("ClosesAt"));
    }

    [Theory]
    [InlineData("peiling", "nl-NL", "Alleen een dealmaker of organisator")]
    [InlineData("pulse", "en-US", "Only a dealmaker or organiser")]
    public async Task A_partner_may_not_start_a_pulse(string command, string locale, string expected)
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, command, locale, userId: "29:bert", aad: "aad-bert", name: "Bert"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(expected, StringComparison.Ordinal));
        Assert.Empty(await Bot.RowsAsync("PulseRounds"));
    }

    [Fact]
    public async Task An_organiser_may_start_a_pulse()
    {
        await Bot.Table("DealMembers").UpsertEntityAsync(new TableEntity(Activities.ChannelId, "aad-olga") { ["Role"] = "organiser", ["Name"] = "Olga" });
        await _deal.StartPulseAsync(userId: "29:olga", aad: "aad-olga");
        Assert.Single(await Bot.RowsAsync("PulseRounds"));
    }

    [Theory]
    [InlineData("peiling 4-12-2026", "Ik begrijp de sluitdatum '4-12-2026' niet")]
    [InlineData("peiling 2026-11-01", "ligt niet in de toekomst")]
    [InlineData("peiling 2027-06-01", "hooguit 90 dagen")]
    public async Task A_bad_close_date_is_explained_and_nothing_is_stored(string command, string expected)
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, command));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(expected, StringComparison.Ordinal));
        Assert.Empty(await Bot.RowsAsync("PulseRounds"));
    }

    [Fact]
    public async Task A_second_pulse_waits_until_the_first_has_closed()
    {
        await _deal.StartPulseAsync();
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, "pulse", "en-US"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("A pulse check is already open in this deal, until Monday 30 November 2026, 17:00", StringComparison.Ordinal));
        Assert.Single(await Bot.RowsAsync("PulseRounds"));

        _deal.Time.Advance(TimeSpan.FromDays(8));
        await _deal.StartPulseAsync();
        Assert.Equal(2, (await Bot.RowsAsync("PulseRounds")).Count);
    }

    [Fact]
    public async Task Several_people_answer_and_a_second_submit_updates_instead_of_duplicating()
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        var saved = await _deal.AnswerAsync(pulseId, "bert", 4, "Goede samenwerking");
        Assert.Contains("Je antwoorden zijn opgeslagen", saved.ToJsonString(), StringComparison.Ordinal);
        await _deal.AnswerAsync(pulseId, "carla", 2, locale: "en-US");
        _deal.Time.Advance(TimeSpan.FromHours(1));
        var updated = await _deal.AnswerAsync(pulseId, "bert", 5);

        var responses = await Bot.RowsAsync("PulseResponses");
        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(pulseId, r.PartitionKey));
        var bert = Assert.Single(responses, r => r.RowKey == "aad-bert");
        Assert.Equal(2, bert.GetInt32("Submissions"));
        Assert.Contains("\"process-design-1\":5", bert.GetString("Scores"), StringComparison.Ordinal);
        Assert.Null(bert.GetString("Remark"));
        Assert.Equal("5", PulseHarness.InputValue(updated, "process-design-1"));

    }

    [Fact]
    public async Task The_refresh_shows_each_user_only_their_own_answers()
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        await _deal.AnswerAsync(pulseId, "bert", 4);
        await _deal.AnswerAsync(pulseId, "carla", 2);

        var forBert = await _deal.ExecuteAsync("pulse.refresh", new JsonObject { ["pulseId"] = pulseId }, "bert");
        var forCarla = await _deal.ExecuteAsync("pulse.refresh", new JsonObject { ["pulseId"] = pulseId }, "carla", "en-US");
        var forDirk = await _deal.ExecuteAsync("pulse.refresh", new JsonObject { ["pulseId"] = pulseId }, "dirk");

        Assert.Equal("4", PulseHarness.InputValue(forBert, "results-1"));
        Assert.Equal("2", PulseHarness.InputValue(forCarla, "results-1"));
        Assert.Null(PulseHarness.InputValue(forDirk, "results-1"));
        Assert.Contains("Antwoorden bijwerken", forBert.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Update answers", forCarla.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Versturen", forDirk.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_close_the_refreshed_card_says_it_is_closed_and_answers_are_refused()
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        await _deal.AnswerAsync(pulseId, "bert", 4);
        _deal.Time.Advance(TimeSpan.FromDays(8));

        var refreshed = await _deal.ExecuteAsync("pulse.refresh", new JsonObject { ["pulseId"] = pulseId }, "bert");
        Assert.Contains("Gesloten sinds", refreshed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Input.ChoiceSet", refreshed.ToJsonString(), StringComparison.Ordinal);

        var refused = await _deal.AnswerAsync(pulseId, "bert", 1, locale: "en-US");
        Assert.Contains("This pulse check closed on", refused.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"process-design-1\":4", Assert.Single(await Bot.RowsAsync("PulseResponses")).GetString("Scores"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score", "nl-NL", "Score 7 bij")]
    [InlineData("score", "en-US", "Score 7 for")]
    [InlineData("unknown", "nl-NL", "Deze peiling hoort niet bij deze deal")]
    [InlineData("unknown", "en-US", "This pulse check is not part of this deal")]
    [InlineData("other-deal", "nl-NL", "Deze peiling hoort niet bij deze deal")]
    [InlineData("other-tenant", "en-US", "You are not part of this deal")]
    [InlineData("not-a-number", "nl-NL", "'vijf' is geen geldige score")]
    public async Task Bad_answers_get_an_error_in_the_users_language_and_nothing_is_stored(string problem, string locale, string expected)
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        JsonNode reply;
        switch (problem)
        {
            case "score":
                reply = await _deal.AnswerAsync(pulseId, "bert", 7, locale: locale);
                break;
            case "unknown":
                reply = await _deal.AnswerAsync("0000000000000000000-deadbeef", "bert", 3, locale: locale);
                break;
            case "other-deal":
                // A round of another deal, its id pasted into this deal's card.
                const string otherChannel = "19:andere-deal@thread.tacv2";
                await Bot.Table("DealMembers").UpsertEntityAsync(new TableEntity(otherChannel, "aad-anne") { ["Role"] = "dealmaker", ["Name"] = "Anne" });
                var (_, otherId) = await _deal.StartPulseAsync(channelId: otherChannel);
                reply = await _deal.AnswerAsync(otherId, "bert", 3, locale: locale);
                break;
            case "other-tenant":
                reply = await _deal.AnswerAsync(pulseId, "mallory", 3, locale: locale, tenant: "99999999-0000-0000-0000-000000000099");
                break;
            default:
                var data = new JsonObject { ["pulseId"] = pulseId };
                foreach (var id in PulseHarness.QuestionIds)
                {
                    data[id] = "3";
                }

                data["results-1"] = "vijf";
                reply = await _deal.ExecuteAsync("pulse.answer", data, "bert", locale);
                break;
        }

        Assert.Contains(expected, FakeConnector.Json(reply), StringComparison.Ordinal);
        Assert.Empty(await Bot.RowsAsync("PulseResponses"));
    }

    [Fact]
    public async Task A_submit_fallback_confirms_in_the_channel_without_showing_the_answers()
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        var message = Activities.ChannelMessage(Bot.ServiceUrl, string.Empty, userId: "29:bert", aad: "aad-bert", name: "Bert");
        message.Remove("text");
        message.Remove("entities");
        var value = new JsonObject { ["verb"] = "pulse.answer", ["pulseId"] = pulseId };
        foreach (var id in PulseHarness.QuestionIds)
        {
            value[id] = "3";
        }

        message["value"] = value;
        await Bot.SendAsync(message);

        var reply = await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Je antwoorden zijn opgeslagen.", StringComparison.Ordinal));
        Assert.DoesNotContain("Input.ChoiceSet", FakeConnector.Json(reply), StringComparison.Ordinal);
        Assert.Single(await Bot.RowsAsync("PulseResponses"));
    }
}
