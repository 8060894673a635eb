using System.Text.Json.Nodes;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Pulse;

/// <summary>
/// When a pulse closes, the deal's dealmakers get the follow-up conversation guide in a personal chat, once; its
/// button opens the CoP planning card for this deal; trends never compare rounds of different questionnaires.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PulseFollowUpTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly string[] Partners = ["bert", "carla", "dirk", "eva", "fatima", "gijs"];

    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync() => _deal = await PulseHarness.StartAsync(storage);

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    /// <summary>
    /// Six partners: measurability 2 from everyone, safeguarding the result 2 or 3, the composition of the
    /// partners 1 from half and 5 from the other half, everything else 4.
    /// </summary>
    private async Task<string> ClosedPulseAsync()
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        for (var i = 0; i < Partners.Length; i++)
        {
            var data = new JsonObject { ["pulseId"] = pulseId };
            foreach (var statement in MidtermReviewTemplate.Template.ScaleQuestions)
            {
                data[statement.Id] = (statement.IndicatorId switch
                {
                    MidtermReviewTemplate.Indicators.Measurability => 2,
                    MidtermReviewTemplate.Indicators.ResultsSafeguarding => 2 + (i % 2),
                    MidtermReviewTemplate.Indicators.PartnerComposition => i < 3 ? 1 : 5,
                    _ => 4,
                }).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.Contains("Je antwoorden zijn opgeslagen", (await _deal.ExecuteAsync("pulse.answer", data, Partners[i])).ToJsonString(), StringComparison.Ordinal);
        }

        _deal.Time.Advance(TimeSpan.FromDays(7.5));
        var sweeper = _deal.Service<PulseSweeper>();
        await Task.WhenAll(sweeper.RunOnceAsync(CancellationToken.None), sweeper.RunOnceAsync(CancellationToken.None));
        await sweeper.RunOnceAsync(CancellationToken.None);
        return pulseId;
    }

    private List<ConnectorCall> Guides() =>
    [
        .. Bot.Connector.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal)
            && c.Body is not null && FakeConnector.Json(c.Body).Contains("Verdiepend gesprek: City Deal Klimaatadaptatie", StringComparison.Ordinal)),
    ];

    /// <summary>A button press in Anne's personal chat with the bot.</summary>
    private async Task<JsonNode> PressInPersonalChatAsync(string verb, JsonObject data, string user = "anne")
    {
        var activity = Activities.CardAction(Bot.ServiceUrl, verb, data, ("29:" + user, "aad-" + user, user));
        activity["conversation"] = new JsonObject { ["id"] = "a:personal-" + user, ["conversationType"] = "personal", ["tenantId"] = Activities.Tenant };
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Activities.Tenant } };
        var response = await Bot.SendAsync(activity);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!;
    }

    [Fact]
    public async Task Each_dealmaker_gets_the_guide_once_naming_the_two_lowest_and_the_widest_indicator()
    {
        var pulseId = await ClosedPulseAsync();

        var guide = FakeConnector.Json(Assert.Single(Guides()).Body!);
        var first = guide.IndexOf("1. Meetbaarheid van resultaat", StringComparison.Ordinal);
        var second = guide.IndexOf("2. Borging van resultaat", StringComparison.Ordinal);
        var third = guide.IndexOf("3. Samenstelling van de partners", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first && third > second, guide);
        Assert.Contains("Helderheid input", guide, StringComparison.Ordinal);
        Assert.Contains("Complementariteit van partners", guide, StringComparison.Ordinal);
        Assert.Contains("Grootste spreiding tussen de antwoorden", guide, StringComparison.Ordinal);
        Assert.Contains("6 reacties", guide, StringComparison.Ordinal);

        var ledger = await Bot.RowsAsync("Deliveries");
        Assert.Single(ledger, r => r.PartitionKey == PulseSweeper.GuidePartition(pulseId) && r.GetString("State") == "sent");
        Assert.True(Assert.Single(await Bot.RowsAsync("PulseRounds")).GetBoolean("IsFinished"));

        // Later sweeps send nothing again.
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        Assert.Single(Guides());
    }

    [Fact]
    public async Task The_guide_button_opens_the_planning_card_for_this_deal_and_the_session_is_announced_in_the_channel()
    {
        var pulseId = await ClosedPulseAsync();
        var data = new JsonObject { ["deal"] = Activities.ChannelId, ["pulseId"] = pulseId };

        var before = Bot.Connector.SentActivities.Count;
        var answer = FakeConnector.Json(await PressInPersonalChatAsync("pulse.guide.plan", data));
        Assert.Contains("Het planningsformulier staat in een nieuw bericht", answer, StringComparison.Ordinal);
        Assert.Contains("1. Meetbaarheid van resultaat", answer, StringComparison.Ordinal);

        var planPost = await Bot.Connector.WaitForActivityAsync(a => Bot.Connector.SentActivities.ToList().IndexOf(a) >= before && PulseHarness.Card(a) is not null);
        var plan = PulseHarness.Card(planPost)!;
        Assert.Equal("Verdiepend gesprek City Deal Klimaatadaptatie", PulseHarness.InputValue(plan, "title"));
        Assert.Equal("channel", PulseHarness.InputValue(plan, "invite"));
        Assert.Contains("Meetbaarheid van resultaat (laagste gemiddelde): Helderheid input", PulseHarness.InputValue(plan, "agenda"), StringComparison.Ordinal);
        var create = plan["actions"]![0]!;
        Assert.Equal("cop.create", create["verb"]!.GetValue<string>());
        Assert.Equal(Activities.ChannelId, create["data"]!["deal"]!.GetValue<string>());

        // Confirming from the personal chat announces the session in the deal's channel.
        var confirm = new JsonObject
        {
            ["deal"] = Activities.ChannelId, ["title"] = PulseHarness.InputValue(plan, "title"), ["date"] = PulseHarness.InputValue(plan, "date"),
            ["time"] = PulseHarness.InputValue(plan, "time"), ["duration"] = "90", ["mode"] = "online", ["invite"] = "channel",
            ["agenda"] = PulseHarness.InputValue(plan, "agenda"),
        };
        await PressInPersonalChatAsync("cop.create", confirm);
        await Bot.Connector.WaitForCallAsync(c => c.Method == "POST" && c.Path == $"/v3/conversations/{Activities.ChannelId}/activities"
            && c.Body is not null && FakeConnector.Json(c.Body).Contains("Verdiepend gesprek City Deal Klimaatadaptatie", StringComparison.Ordinal));

        // Someone without a role in the deal cannot plan it, even holding the button's data.
        var refused = FakeConnector.Json(await PressInPersonalChatAsync("pulse.guide.plan", data, user: "bert"));
        Assert.Contains("Alleen dealmakers en organisatoren", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_round_of_the_earlier_questionnaire_keeps_its_results_and_is_not_compared_with_the_new_one()
    {
        // A round that ran before the published questionnaire became the default, with its stored tally.
        var store = _deal.Service<PulseStore>();
        var old = await store.CreateRoundAsync(Activities.ChannelId, PulseHarness.Start.AddDays(3), "aad-anne", "nl", null, CancellationToken.None);
        old.TemplateId = LegacyPulseTemplate.TemplateId;
        await Bot.Table(PulseStore.RoundsTable).UpdateEntityAsync(old, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);
        var legacyScores = LegacyPulseTemplate.Template.ScaleQuestions.ToDictionary(q => q.Id, _ => 3);
        foreach (var partner in Partners[..5])
        {
            await store.SaveResponseAsync(old, "aad-" + partner, new PulseAnswerSet(legacyScores, new Dictionary<string, string>()), CancellationToken.None);
        }

        _deal.Time.Advance(TimeSpan.FromDays(4));
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        var tallies = await Bot.RowsAsync("PulseTallies");
        Assert.Equal([LegacyPulseTemplate.TemplateId], tallies.Select(t => t.PartitionKey));

        var (card, pulseId) = await _deal.StartPulseAsync();
        Assert.Contains("Scoop op een schaal van 1 tot 5", FakeConnector.Json(card), StringComparison.Ordinal);
        foreach (var partner in Partners[..5])
        {
            await _deal.AnswerAsync(pulseId, partner, 4);
        }

        _deal.Time.Advance(TimeSpan.FromDays(8));
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(
            [MidtermReviewTemplate.TemplateId, LegacyPulseTemplate.TemplateId],
            (await Bot.RowsAsync("PulseTallies")).Select(t => t.PartitionKey).Order(StringComparer.Ordinal));

        var results = Bot.Connector.SentActivities.Where(a => FakeConnector.Json(a).Contains("Peiling gesloten op", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, results.Count);
        // The old round's results keep its own questions; the new one says why it is not compared.
        Assert.Contains("Samenstelling van partners", FakeConnector.Json(results[0]), StringComparison.Ordinal);
        Assert.Contains("Niet vergeleken: de vorige peiling van deze deal gebruikte een andere vragenlijst", FakeConnector.Json(results[1]), StringComparison.Ordinal);
        Assert.DoesNotContain("Er is geen eerdere peiling", FakeConnector.Json(results[1]), StringComparison.Ordinal);
    }
}
