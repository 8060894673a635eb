using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Cards;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

using CityDealBot.Storage;

namespace CityDealBot.Tests.Privacy;

/// <summary>The AVG rights in Teams: see and download everything stored about you, and have it forgotten.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivacyTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync()
    {
        _deal = await PulseHarness.StartAsync(storage);
        var (_, pulseId) = await _deal.StartPulseAsync();
        await _deal.AnswerAsync(pulseId, "bert", 4, remark: "Bert zijn opmerking over de wethouder");
        await _deal.AnswerAsync(pulseId, "carla", 2);
        await Bot.SendAsync(Activities.PersonalMessage(Bot.ServiceUrl, "help", userId: "29:bert", aad: "aad-bert", name: "Bert"));
    }

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    [Fact]
    public async Task My_data_lists_what_is_stored_and_the_download_holds_it()
    {
        await Bot.SendAsync(Activities.PersonalMessage(Bot.ServiceUrl, "my data", "en-US", userId: "29:bert", aad: "aad-bert", name: "Bert"));
        var reply = await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("What I keep about you", StringComparison.Ordinal));
        var text = FakeConnector.Json(reply);
        Assert.Contains("Answers to pulse checks", text, StringComparison.Ordinal);
        var url = PulseHarness.Walk(reply).OfType<JsonObject>().Single(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")["url"]!.GetValue<string>();

        var download = await Bot.Client.GetAsync(new Uri(url).PathAndQuery);
        download.EnsureSuccessStatusCode();
        var export = JsonNode.Parse(await download.Content.ReadAsStringAsync())!;
        Assert.Equal("aad-bert", export["person"]!.GetValue<string>());
        var answers = export["tables"]!["PulseResponses"]!.AsArray();
        Assert.Contains("Bert zijn opmerking", Assert.Single(answers)!.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(export["tables"]!["People"]!.AsArray());
        Assert.DoesNotContain("aad-carla", export.ToJsonString(), StringComparison.Ordinal);

        var tampered = url.Replace("/privacy/exports/", "/privacy/exports/x", StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await Bot.Client.GetAsync(new Uri(tampered).PathAndQuery)).StatusCode);
    }

    [Theory]
    [InlineData("mijn gegevens")]
    [InlineData("vergeet mij")]
    public async Task Privacy_commands_refuse_to_work_in_a_channel(string command)
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, command, userId: "29:bert", aad: "aad-bert", name: "Bert"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("alleen in een persoonlijke chat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forget_me_asks_first_then_deletes_the_person_and_keeps_published_results()
    {
        await Bot.SendAsync(Activities.PersonalMessage(Bot.ServiceUrl, "vergeet mij", userId: "29:bert", aad: "aad-bert", name: "Bert"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Alles over jou vergeten?", StringComparison.Ordinal));
        Assert.Contains(await Bot.RowsAsync("PulseResponses"), r => r.RowKey == "aad-bert");

        var invoke = Activities.Invoke(Bot.ServiceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "privacy.forget", ["data"] = new JsonObject { ["person"] = "aad-carla" } },
        });
        invoke["from"] = new JsonObject { ["id"] = "29:bert", ["aadObjectId"] = "aad-bert", ["name"] = "Bert" };
        invoke["conversation"] = new JsonObject { ["id"] = "a:personal-aad-bert", ["conversationType"] = "personal", ["tenantId"] = Activities.Tenant };
        invoke.Remove("channelData");
        var response = await Bot.SendAsync(invoke);
        Assert.Contains("Vergeten:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.DoesNotContain(await Bot.RowsAsync("PulseResponses"), r => r.RowKey == "aad-bert");
        Assert.DoesNotContain(await Bot.RowsAsync("People"), r => r.RowKey == "aad-bert");
        // Data on the card cannot point the deletion at someone else.
        Assert.Contains(await Bot.RowsAsync("PulseResponses"), r => r.RowKey == "aad-carla");
        var audit = Assert.Single(await Bot.RowsAsync("AuditLog"), r => r.GetString("Action") == "privacy.forget");
        Assert.DoesNotContain("aad-bert", System.Text.Json.JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public void My_data_card_in_Dutch() => Snapshot.Match(PrivacyCards.MyData(new MyDataView(Language.Dutch,
        [new Fact("Antwoorden op peilingen", "2"), new Fact("Rollen in deals", "1")], "https://bot.example.nl/privacy/exports/token.json")), "privacy.mydata.nl");

    [Fact]
    public void Forget_confirmation_in_English() => Snapshot.Match(PrivacyCards.ConfirmForget(Language.English), "privacy.forget.en");
}

/// <summary>Answers lose their link to people a set time after the pulse closed; the published aggregate stays.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerRetentionTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Answers_are_removed_after_the_retention_period_and_the_tally_stays()
    {
        await using var deal = await PulseHarness.StartAsync(storage, new Dictionary<string, string?> { ["Privacy:RetentionSweepEvery"] = "00:00:00" });
        var (_, pulseId) = await deal.StartPulseAsync();
        foreach (var user in new[] { "bert", "carla", "daan", "eva", "farid" })
        {
            await deal.AnswerAsync(pulseId, user, 3);
        }

        deal.Time.Advance(TimeSpan.FromDays(8));
        await deal.Service<CityDealBot.Pulse.PulseSweeper>().RunOnceAsync(default);
        var retention = deal.Service<CityDealBot.Pulse.AnswerRetention>();
        Assert.Equal(0, await retention.RunOnceAsync(default));
        Assert.Equal(5, (await deal.Bot.RowsAsync("PulseResponses")).Count);

        deal.Time.Advance(TimeSpan.FromDays(366));
        Assert.Equal(5, await retention.RunOnceAsync(default));
        Assert.Empty(await deal.Bot.RowsAsync("PulseResponses"));
        Assert.Single(await deal.Bot.RowsAsync("PulseTallies"));
        Assert.Equal(0, await retention.RunOnceAsync(default));
    }
}
