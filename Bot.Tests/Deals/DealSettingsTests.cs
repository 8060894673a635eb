using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Deals;

[Collection(AzuriteCollection.Name)]
public sealed class DealSettingsTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync()
    {
        _deal = await PulseHarness.StartAsync(storage);
        foreach (var (name, email) in new[] { ("anne", "anne@utrecht.nl"), ("bert", "bert@minbzk.nl"), ("carla", "carla@voorbeeldbedrijf.nl") })
        {
            Bot.Connector.Members.Add(new JsonObject { ["id"] = "29:" + name, ["aadObjectId"] = "aad-" + name, ["name"] = name, ["email"] = email });
        }
    }

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    private async Task<string?> RoleAsync(string aad)
    {
        var rows = await Bot.RowsAsync("DealMembers");
        return rows.FirstOrDefault(r => r.RowKey == aad)?.GetString("Role");
    }

    [Fact]
    public async Task A_dealmaker_opens_the_settings_with_the_known_members()
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, "settings", "en-US"));
        var reply = await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Settings of City Deal Klimaatadaptatie", StringComparison.Ordinal));
        var people = PulseHarness.Walk(reply).OfType<JsonObject>().Single(o => o["id"]?.GetValue<string>() == "person")["choices"]!.AsArray();
        Assert.Equal(["aad-anne", "aad-bert", "aad-carla"], people.Select(p => p!["value"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("instellingen", "nl-NL", "Alleen dealmakers van deze deal kunnen de instellingen wijzigen")]
    [InlineData("settings", "en-US", "Only this deal's dealmakers can change its settings")]
    public async Task Others_may_not_open_the_settings(string command, string locale, string expected)
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, command, locale, userId: "29:bert", aad: "aad-bert", name: "bert"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dealmaker_makes_someone_organiser_who_can_then_start_a_pulse()
    {
        var reply = await _deal.ExecuteAsync("deal.settings.role", new JsonObject { ["person"] = "aad-bert", ["role"] = "organiser" }, "anne");
        Assert.Contains("bert is nu Organisator", FakeConnector.Json(reply), StringComparison.Ordinal);
        Assert.Equal("organiser", await RoleAsync("aad-bert"));

        await _deal.StartPulseAsync(userId: "29:bert", aad: "aad-bert");
        Assert.Single(await Bot.RowsAsync("PulseRounds"));
    }

    [Fact]
    public async Task Roles_change_only_by_a_dealmaker_for_known_people_and_the_last_dealmaker_stays()
    {
        var byPartner = await _deal.ExecuteAsync("deal.settings.role", new JsonObject { ["person"] = "aad-bert", ["role"] = "dealmaker" }, "bert");
        Assert.Contains("Alleen dealmakers", FakeConnector.Json(byPartner), StringComparison.Ordinal);
        Assert.Null(await RoleAsync("aad-bert"));

        var stranger = await _deal.ExecuteAsync("deal.settings.role", new JsonObject { ["person"] = "aad-mallory", ["role"] = "dealmaker" }, "anne");
        Assert.Contains("Kies een persoon uit de lijst", FakeConnector.Json(stranger), StringComparison.Ordinal);
        var badRole = await _deal.ExecuteAsync("deal.settings.role", new JsonObject { ["person"] = "aad-bert", ["role"] = "admin" }, "anne");
        Assert.Contains("Kies een persoon uit de lijst", FakeConnector.Json(badRole), StringComparison.Ordinal);

        var last = await _deal.ExecuteAsync("deal.settings.role", new JsonObject { ["person"] = "aad-anne", ["role"] = "partner" }, "anne", "en-US");
        Assert.Contains("A deal keeps at least one dealmaker", FakeConnector.Json(last), StringComparison.Ordinal);
        Assert.Equal("dealmaker", await RoleAsync("aad-anne"));
        Assert.Single(await Bot.RowsAsync("DealMembers"));
    }

    [Fact]
    public async Task A_dealmaker_maps_a_domain_and_a_person_sees_and_corrects_their_organisation()
    {
        var saved = await _deal.ExecuteAsync("deal.settings.domain", new JsonObject { ["domain"] = " VoorbeeldBedrijf.nl ", ["organisation"] = "Voorbeeld BV", ["type"] = "Company" }, "anne");
        Assert.Contains("voorbeeldbedrijf.nl hoort nu bij Voorbeeld BV", FakeConnector.Json(saved), StringComparison.Ordinal);
        var row = Assert.Single(await Bot.RowsAsync("DealOrganisations"));
        Assert.Equal(("voorbeeldbedrijf.nl", "Company"), (row.RowKey, row.GetString("Type")));

        var invalid = await _deal.ExecuteAsync("deal.settings.domain", new JsonObject { ["domain"] = "geen domein", ["organisation"] = "X" }, "anne");
        Assert.Contains("'geen domein' is geen geldig e-maildomein", FakeConnector.Json(invalid), StringComparison.Ordinal);

        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, "organisation", "en-US", userId: "29:carla", aad: "aad-carla", name: "carla"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("You currently belong to: Voorbeeld BV (Company)", StringComparison.Ordinal));

        var corrected = await _deal.ExecuteAsync("person.organisation", new JsonObject { ["organisation"] = "TNO", ["type"] = "KnowledgeInstitute" }, "carla", "en-US");
        Assert.Contains("You entered yourself: TNO (Knowledge institute)", FakeConnector.Json(corrected), StringComparison.Ordinal);
        var own = Assert.Single(await Bot.RowsAsync("PersonOrganisations"));
        Assert.Equal("aad-carla", own.PartitionKey);

        var cleared = await _deal.ExecuteAsync("person.organisation", new JsonObject { ["organisation"] = "" }, "carla", "en-US");
        Assert.Contains("You currently belong to: Voorbeeld BV", FakeConnector.Json(cleared), StringComparison.Ordinal);
        Assert.Empty(await Bot.RowsAsync("PersonOrganisations"));

        var removed = await _deal.ExecuteAsync("deal.settings.domain", new JsonObject { ["domain"] = "voorbeeldbedrijf.nl", ["organisation"] = "" }, "anne");
        Assert.Contains("De koppeling voor voorbeeldbedrijf.nl is verwijderd", FakeConnector.Json(removed), StringComparison.Ordinal);
        Assert.Empty(await Bot.RowsAsync("DealOrganisations"));
    }

    [Fact]
    public async Task Built_in_domains_name_public_organisations()
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, "organisatie", userId: "29:bert", aad: "aad-bert", name: "bert"));
        var reply = await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Je hoort nu bij", StringComparison.Ordinal));
        Assert.Contains("(Ministerie)", FakeConnector.Json(reply), StringComparison.Ordinal);
    }
}
