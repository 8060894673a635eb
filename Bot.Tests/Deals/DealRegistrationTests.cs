using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Deals;

[Collection(AzuriteCollection.Name)]
public sealed class DealRegistrationTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync(storage);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Adding_the_bot_registers_the_channel_as_a_deal_and_greets_it_once()
    {
        // Teams announces an installation twice: installationUpdate and conversationUpdate.
        Assert.Equal(HttpStatusCode.OK, (await _bot.SendAsync(Activities.InstallationUpdate(_bot.ServiceUrl, "add"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl))).StatusCode);

        var deals = await _bot.RowsAsync("Deals");
        var deal = Assert.Single(deals);
        Assert.Equal(Activities.ChannelId, deal.GetString("ChannelId"));
        Assert.Equal(Activities.TeamId, deal.GetString("TeamId"));
        Assert.Equal("00000000-0000-0000-0000-000000000031", deal.GetString("AadGroupId"));
        Assert.Equal(Activities.Tenant, deal.GetString("TenantId"));
        Assert.Equal(_bot.ServiceUrl, deal.GetString("ServiceUrl"));
        Assert.Equal(Activities.ChannelId, deal.GetString("ConversationId"));
        Assert.True(deal.GetBoolean("IsActive"));

        // The greeting leaves after the turn: wait for it, then make sure no second one follows.
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("CityDealBot is toegevoegd", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var greeting = Assert.Single(_bot.Connector.SentActivities);
        Assert.Contains("CityDealBot is toegevoegd", FakeConnector.Json(greeting), StringComparison.Ordinal);
        var post = Assert.Single(_bot.Connector.Calls, c => c.Method == "POST");
        Assert.Equal($"/v3/conversations/{Activities.ChannelId}/activities", post.Path);

        var member = Assert.Single(await _bot.RowsAsync("DealMembers"));
        Assert.Equal("aad-anne", member.RowKey);
        Assert.Equal("dealmaker", member.GetString("Role"));
    }

    [Fact]
    public async Task Removing_the_bot_marks_the_deal_inactive_without_deleting_it()
    {
        await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, (await _bot.SendAsync(Activities.BotRemovedFromTeam(_bot.ServiceUrl))).StatusCode);

        var deal = Assert.Single(await _bot.RowsAsync("Deals"));
        Assert.False(deal.GetBoolean("IsActive"));
        Assert.NotNull(deal.GetDateTimeOffset("RemovedAt"));
        Assert.Single(await _bot.RowsAsync("DealMembers"));
    }

    [Fact]
    public async Task Re_adding_the_bot_wakes_the_deal_and_greets_again()
    {
        await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));
        await _bot.SendAsync(Activities.BotRemovedFromTeam(_bot.ServiceUrl));
        await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));

        Assert.True(Assert.Single(await _bot.RowsAsync("Deals")).GetBoolean("IsActive"));
        // Greetings leave after the turn: wait for the second, then make sure no third follows.
        await _bot.Connector.WaitForActivityAsync(_ => _bot.Connector.SentActivities.Count >= 2);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, _bot.Connector.SentActivities.Count);
    }

    [Theory]
    [InlineData("help", "en-US", "What CityDealBot does for your deal")]
    [InlineData("hulp", "nl-NL", "Wat CityDealBot voor je deal doet")]
    [InlineData("HULP", "en-GB", "What CityDealBot does for your deal")]
    public async Task Help_with_a_mention_in_the_channel_answers_with_the_help_card(string command, string locale, string title)
    {
        await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));
        var message = Activities.ChannelMessage(_bot.ServiceUrl, command, locale);
        Assert.Equal(HttpStatusCode.OK, (await _bot.SendAsync(message)).StatusCode);

        var reply = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(title, StringComparison.Ordinal));
        Assert.Equal(message["id"]!.GetValue<string>(), reply["replyToId"]!.GetValue<string>());
        var card = reply["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        Assert.Contains("City Deal Klimaatadaptatie", card.ToJsonString(), StringComparison.Ordinal);
        var replyCall = _bot.Connector.Calls.Last(c => c.Method == "POST");
        Assert.EndsWith("/activities/" + message["id"]!.GetValue<string>(), replyCall.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_in_personal_chat_answers_and_the_bot_remembers_the_user()
    {
        var message = Activities.PersonalMessage(_bot.ServiceUrl, "help", "en-US");
        Assert.Equal(HttpStatusCode.OK, (await _bot.SendAsync(message)).StatusCode);

        var reply = await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("What CityDealBot does", StringComparison.Ordinal));
        Assert.Contains("Type a command in this chat", FakeConnector.Json(reply), StringComparison.Ordinal);

        var person = Assert.Single(await _bot.RowsAsync("People"));
        Assert.Equal(Activities.Tenant, person.PartitionKey);
        Assert.Equal("aad-anne", person.RowKey);
        Assert.Equal("Anne de Vries", person.GetString("Name"));
        Assert.Equal("29:anne", person.GetString("UserId"));
        Assert.Equal("a:personal-aad-anne", person.GetString("PersonalConversationId"));
        Assert.Equal("en-US", person.GetString("Locale"));
    }

    [Fact]
    public async Task A_message_in_an_unannounced_channel_registers_that_channel_without_a_greeting()
    {
        await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, "hulp", channelId: "19:projecten@thread.tacv2"));

        var deal = Assert.Single(await _bot.RowsAsync("Deals"));
        Assert.Equal("19:projecten@thread.tacv2", deal.GetString("ChannelId"));
        // The help reply leaves after the turn: wait for it, then make sure no greeting came with it.
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Wat CityDealBot voor je deal doet", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var only = Assert.Single(_bot.Connector.SentActivities);
        Assert.DoesNotContain("is toegevoegd", FakeConnector.Json(only), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-NL", "Ik ken de opdracht 'frobnicate' niet")]
    [InlineData("en-US", "I don't know the command 'frobnicate'")]
    public async Task An_unknown_command_gets_a_clear_message_in_the_users_language(string locale, string expected)
    {
        await _bot.SendAsync(Activities.PersonalMessage(_bot.ServiceUrl, "frobnicate now", locale));
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mention_without_a_command_is_answered_not_ignored()
    {
        var message = Activities.ChannelMessage(_bot.ServiceUrl, string.Empty);
        await _bot.SendAsync(message);
        await _bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Ik heb geen opdracht ontvangen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unhandled_invoke_gets_501()
    {
        var response = await _bot.SendAsync(Activities.Invoke(_bot.ServiceUrl, "composeExtension/query", new JsonObject()));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task A_card_action_with_an_unknown_verb_gets_an_error_card_in_the_body()
    {
        var value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "no.such.verb", ["data"] = new JsonObject() } };
        var response = await _bot.SendAsync(Activities.Invoke(_bot.ServiceUrl, "adaptiveCard/action", value, "en-US"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains("no longer recognise", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await _bot.RowsAsync("Deals"));
        Assert.Empty(await _bot.RowsAsync("People"));
    }

    [Fact]
    public async Task An_invoke_that_is_not_an_execute_action_gets_a_400_sub_status()
    {
        var value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Submit" } };
        var response = await _bot.SendAsync(Activities.Invoke(_bot.ServiceUrl, "adaptiveCard/action", value));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
    }
}
