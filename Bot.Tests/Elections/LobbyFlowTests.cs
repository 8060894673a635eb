using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

/// <summary>A dealmaker sets the deal's governments in Teams and sees the lobby timeline; others may not change it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LobbyFlowTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string DealKey = Activities.ChannelId;
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string ProvinceKey(string name) =>
        GovernmentDirectory.Shipped.Provinces.Single(p => p.Government.Name == name).Government.Key;

    [Fact]
    public async Task A_dealmaker_sets_the_governments_and_sees_the_timeline()
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "verkiezingen instellen"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Verkiezingen voor City Deal Klimaatadaptatie", StringComparison.Ordinal));

        var body = await SaveSettingsAsync(new JsonObject
        {
            ["deal"] = DealKey,
            ["municipalities"] = "Utrecht, Amersfoort",
            ["provinces"] = ProvinceKey("Utrecht"),
            ["waterBoards"] = string.Empty,
            ["ministries"] = string.Empty,
            ["postInChannel"] = "true",
        });
        Assert.Contains("Opgeslagen: 3 overhe", FakeConnector.Json(body), StringComparison.Ordinal);
        var settings = Assert.Single(await _bot.RowsAsync("LobbySettings"));
        Assert.Contains("Amersfoort", settings.GetString("GovernmentsJson"), StringComparison.Ordinal);
        Assert.True(settings.GetBoolean("PostInChannel"));

        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "verkiezingen"));
        var timeline = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Lobbymomenten van City Deal Klimaatadaptatie", StringComparison.Ordinal));
        var text = FakeConnector.Json(timeline);
        Assert.Contains("Provinciale Statenverkiezing", text, StringComparison.Ordinal);
        Assert.Contains("Gemeente Amersfoort", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_card_comes_filled_in_from_the_partners_mail_domains()
    {
        (string Id, string Name, string Email)[] partners =
        [
            ("29:anne", "Anne de Vries", "anne.devries@utrecht.nl"),
            ("29:gijs", "Gijs Hendriks", "g.hendriks@breda.nl"),
            ("29:chantal", "Chantal Bakker", "c.bakker@zuid-holland.nl"),
            ("29:bram", "Bram Jansen", "bram.jansen@minbzk.nl"),
            ("29:eva", "Eva Smit", "eva.smit@tno.nl"),
        ];
        foreach (var p in partners)
        {
            _bot.Connector.Members.Add(new JsonObject { ["id"] = p.Id, ["name"] = p.Name, ["email"] = p.Email, ["aadObjectId"] = "aad-" + p.Id[3..], ["tenantId"] = Activities.Tenant });
        }

        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "verkiezingen instellen"));
        var reply = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Verkiezingen voor City Deal Klimaatadaptatie", StringComparison.Ordinal));

        var inputs = reply["attachments"]![0]!["content"]!["body"]!.AsArray()
            .Where(e => e!["id"] is not null)
            .ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>() ?? string.Empty);
        Assert.Equal("Utrecht, Breda", inputs["municipalities"]);
        Assert.Equal(ProvinceKey("Zuid-Holland"), inputs["provinces"]);
        Assert.Equal(string.Empty, inputs["waterBoards"]);
        Assert.Equal(new Government(GovernmentKind.Ministry, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "BZK").Key, inputs["ministries"]);

        // Saving the card as it came stores exactly those four governments.
        var body = await SaveSettingsAsync(new JsonObject
        {
            ["deal"] = DealKey,
            ["municipalities"] = inputs["municipalities"],
            ["provinces"] = inputs["provinces"],
            ["waterBoards"] = inputs["waterBoards"],
            ["ministries"] = inputs["ministries"],
        });
        Assert.Contains("Opgeslagen: 4 overhe", FakeConnector.Json(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_cannot_change_the_settings()
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "elections settings", "en-US", userId: "29:bram", aad: "aad-bram", name: "Bram Jansen"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Only this deal's dealmakers", StringComparison.Ordinal));

        var body = await SaveSettingsAsync(new JsonObject { ["deal"] = DealKey, ["municipalities"] = "Utrecht" }, user: ("29:bram", "aad-bram"));
        Assert.Contains("Alleen dealmakers van deze deal", FakeConnector.Json(body), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("LobbySettings"));
    }

    [Theory]
    [InlineData("provinces", "Province:NOPE")]
    [InlineData("ministries", "Ministry:EVIL")]
    [InlineData("municipalities", "12345")]
    public async Task Unknown_governments_are_refused_and_nothing_is_stored(string field, string value)
    {
        var body = await SaveSettingsAsync(new JsonObject { ["deal"] = DealKey, [field] = value });
        Assert.Contains("Er is niets opgeslagen", FakeConnector.Json(body), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("LobbySettings"));
    }

    [Fact]
    public async Task A_deal_id_of_another_deal_is_refused()
    {
        var body = await SaveSettingsAsync(new JsonObject { ["deal"] = "19:someone-else@thread.tacv2", ["municipalities"] = "Utrecht" });
        Assert.Contains("Er is niets opgeslagen", FakeConnector.Json(body), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("LobbySettings"));
    }

    [Fact]
    public async Task Ticking_a_moment_that_does_not_belong_to_the_deal_is_refused()
    {
        await SaveSettingsAsync(new JsonObject { ["deal"] = DealKey, ["municipalities"] = "Utrecht" });
        var value = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = "lobby.check",
                ["data"] = new JsonObject { ["deal"] = DealKey, ["election"] = "tweede_kamer-2099", ["moment"] = "six-months", ["item-0"] = "true" },
            },
        };
        var response = await _bot.SendAsync(Activities.Invoke(_bot.ServiceUrl, "adaptiveCard/action", value));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("hoort niet bij deze deal", FakeConnector.Json(body), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("LobbyProgress"));
    }

    [Fact]
    public async Task Outside_a_deal_the_command_shows_the_programme_view()
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "elections all", "en-US"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Agenda Stad: lobby moments of all deals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_administrators_may_change_the_calendar()
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "verkiezingen beheer"));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Alleen programmabeheerders van Agenda Stad", StringComparison.Ordinal));
    }

    private async Task<JsonNode> SaveSettingsAsync(JsonObject data, (string Id, string Aad)? user = null)
    {
        var invoke = Activities.Invoke(_bot.ServiceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "lobby.settings.save", ["data"] = data },
        });
        if (user is { } u)
        {
            invoke["from"] = new JsonObject { ["id"] = u.Id, ["aadObjectId"] = u.Aad, ["name"] = "Someone" };
        }

        var response = await _bot.SendAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
