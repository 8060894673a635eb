using System.Text.Json.Nodes;
using CityDealBot.CopSessions;
using CityDealBot.Deals;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CityDealBot.Tests.Deals.ProgrammeAdministratorTests;
using static CityDealBot.Tests.Integration.Turns;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Dealmaker-only output reaches dealmakers alone, and a card action acts where it was pressed: the deal comes from
/// the conversation, not the payload, and a button "pressed" on another feature's card is refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CardProvenanceTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_audit_log_goes_to_the_dealmaker_in_person_and_the_channel_reads_only_a_note()
    {
        await using var bot = await BotHarness.StartAsync(storage);
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        // The greeting leaves after the turn: let it go first, so only the log's own posts count below.
        await bot.Connector.WaitForActivityAsync(_ => true);

        var before = bot.Connector.SentActivities.Count;
        await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "logboek"));
        var log = await Next(bot, before, a => Has(a, "Logboek van"));
        await Next(bot, before, a => Has(a, "Ik heb je dit persoonlijk gestuurd"));

        var opened = Assert.Single(bot.Connector.Calls, c => c.Method == "POST" && c.Path == "/v3/conversations");
        Assert.Equal("29:anne", opened.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.StartsWith("/v3/conversations/a:personal-", bot.Connector.Calls.Single(c => ReferenceEquals(c.Body, log)).Path, StringComparison.Ordinal);
        Assert.Contains("installeerde de bot", FakeConnector.Json(log), StringComparison.Ordinal);
        var channel = ChannelPosts(bot, before);
        Assert.NotEmpty(channel);
        Assert.DoesNotContain(channel, a => Has(a, "Logboek van") || Has(a, "installeerde de bot") || Has(a, "Anne de Vries"));

        // The Action.Submit fallback of "older entries" in the channel: the page goes to the person as well.
        before = bot.Connector.SentActivities.Count;
        var submit = Activities.ChannelMessage(bot.ServiceUrl, string.Empty);
        submit.Remove("text");
        submit.Remove("entities");
        submit["value"] = new JsonObject { ["verb"] = "audit.more", ["cursor"] = "0000000000000000000-000000" };
        await bot.SendAsync(submit);
        await Next(bot, before, a => Has(a, "Ik heb je dit persoonlijk gestuurd"));
        Assert.DoesNotContain(ChannelPosts(bot, before), a => Has(a, "Logboek van"));

        // In the personal chat the card names its deal; the role is checked again, so a partner's forged press is refused.
        var dealKey = DealDirectory.DealKey(Activities.ChannelId);
        var page = await PressAsync(bot, "audit.more", new JsonObject { ["cursor"] = "9999999999999999999-ffffff", ["deal"] = dealKey }, Anne, personal: true);
        Assert.Contains("Logboek van City Deal Klimaatadaptatie (ouder)", FakeConnector.Json(page), StringComparison.Ordinal);
        var forged = await PressAsync(bot, "audit.more", new JsonObject { ["cursor"] = "9999999999999999999-ffffff", ["deal"] = dealKey }, Bert, personal: true);
        Assert.Contains("Alleen de dealmakers van deze deal", FakeConnector.Json(forged), StringComparison.Ordinal);
        Assert.DoesNotContain("installeerde", FakeConnector.Json(forged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_Teams_refuses_the_personal_chat_the_channel_is_told_without_the_log()
    {
        await using var bot = await BotHarness.StartAsync(storage);
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        // The greeting leaves after the turn: let it go, and refuse only the opening of a 1:1 chat, so the refusal meets
        // the audit log's way to the person and nothing else.
        await bot.Connector.WaitForActivityAsync(_ => true);
        await bot.Connector.WaitForQuietAsync();

        var before = bot.Connector.SentActivities.Count;
        bot.Connector.FailNext(403, c => c.IsOpeningPersonalChat);
        await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "audit log", "en-US"));
        await Next(bot, before, a => Has(a, "I could not send you a personal message"));
        Assert.DoesNotContain(bot.Connector.SentActivities.Skip(before), a => Has(a, "Audit log of") || Has(a, "installed the bot"));
    }

    [Fact]
    public async Task Remarks_and_the_CSV_link_never_become_a_channel_post()
    {
        await using var deal = await PulseHarness.StartAsync(storage);
        var bot = deal.Bot;
        var (_, pulseId) = await deal.StartPulseAsync();
        for (var i = 1; i <= 5; i++)
        {
            await deal.AnswerAsync(pulseId, "lid" + i, 3, remark: "geheime opmerking " + i);
        }

        var before = bot.Connector.SentActivities.Count;
        foreach (var verb in new[] { "pulse.remarks", "pulse.export" })
        {
            var submit = Activities.ChannelMessage(bot.ServiceUrl, string.Empty);
            submit.Remove("text");
            submit.Remove("entities");
            submit["value"] = new JsonObject { ["verb"] = verb, ["pulseId"] = pulseId };
            await bot.SendAsync(submit);
        }

        await Next(bot, before, a => Has(a, "persoonlijk"));
        var remarks = await deal.ExecuteAsync("pulse.remarks", new JsonObject { ["pulseId"] = pulseId }, "anne");
        Assert.Contains("geheime opmerking", FakeConnector.Json(remarks), StringComparison.Ordinal);
        var export = await deal.ExecuteAsync("pulse.export", new JsonObject { ["pulseId"] = pulseId }, "anne");
        Assert.Contains("/pulse/exports/", FakeConnector.Json(export), StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelPosts(bot, before), a => Has(a, "geheime opmerking") || Has(a, "/pulse/exports/"));
    }

    [Fact]
    public async Task A_CoP_answer_takes_the_deal_from_the_channel_not_from_the_card()
    {
        await using var bot = await BotHarness.StartAsync(storage);
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        await RegisterAsync(bot, DealB, "City Deal Wonen", Bert);
        var store = bot.Factory.Services.GetRequiredService<CopSessionStore>();
        var session = new CopSessionRecord
        {
            PartitionKey = DealDirectory.DealKey(DealB),
            RowKey = Guid.NewGuid().ToString("N"),
            Title = "Woonoverleg",
            StartsAt = DateTimeOffset.UtcNow.AddDays(20),
            DurationMinutes = 60,
            InviteScope = "channel",
            OrganiserKey = Bert.Aad,
            OrganiserId = Bert.Id,
            OrganiserName = Bert.Name,
        };
        await store.SaveAsync(session, default);
        var reference = new JsonObject { ["deal"] = session.PartitionKey, ["session"] = session.RowKey, ["answer"] = "yes" };

        // Deal A's channel, deal B's session in the payload: not found here.
        var elsewhere = await PressAsync(bot, "cop.rsvp", reference, Anne);
        Assert.Contains("Deze sessie ken ik niet (meer)", FakeConnector.Json(elsewhere), StringComparison.Ordinal);
        Assert.Empty(await bot.RowsAsync("CopRsvps"));

        // A personal chat has no deal: someone who neither organises, answered nor holds a role there cannot cancel it.
        var cancel = await PressAsync(bot, "cop.cancel", new JsonObject { ["deal"] = session.PartitionKey, ["session"] = session.RowKey }, Anne, personal: true);
        Assert.Contains("Deze sessie ken ik niet (meer)", FakeConnector.Json(cancel), StringComparison.Ordinal);
        Assert.False((await store.FindAsync(session.PartitionKey, session.RowKey, default))!.IsCancelled);

        // In its own channel the same press counts.
        var own = await PressAsync(bot, "cop.rsvp", reference, Anne, DealB);
        Assert.Contains("Woonoverleg", FakeConnector.Json(own), StringComparison.Ordinal);
        Assert.Equal("aad-anne", Assert.Single(await bot.RowsAsync("CopRsvps")).RowKey);

        // Having answered, the reminder's "I can't make it" from the personal chat works.
        var cannot = await PressAsync(bot, "cop.rsvp", new JsonObject { ["deal"] = session.PartitionKey, ["session"] = session.RowKey, ["answer"] = "no" }, Anne, personal: true);
        Assert.Contains("Woonoverleg", FakeConnector.Json(cannot), StringComparison.Ordinal);
        Assert.Equal("no", Assert.Single(await bot.RowsAsync("CopRsvps")).GetString("Answer"));
    }

    [Fact]
    public async Task A_lobby_card_in_a_channel_acts_on_that_channels_deal_only()
    {
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        // Anne is a dealmaker of both deals; a card in deal A's channel still cannot set deal B's governments.
        await RegisterAsync(bot, DealB, "City Deal Wonen", Anne);
        var settings = new JsonObject { ["deal"] = DealDirectory.DealKey(DealB), ["municipalities"] = "Utrecht", ["postInChannel"] = "false" };

        var elsewhere = await PressAsync(bot, "lobby.settings.save", settings, Anne);
        Assert.Contains("hoort niet bij deze deal", FakeConnector.Json(elsewhere), StringComparison.Ordinal);
        Assert.Empty(await bot.RowsAsync("LobbySettings"));

        var own = await PressAsync(bot, "lobby.settings.save", settings, Anne, DealB);
        Assert.Contains("Opgeslagen", FakeConnector.Json(own), StringComparison.Ordinal);
        Assert.Equal(DealDirectory.DealKey(DealB), Assert.Single(await bot.RowsAsync("LobbySettings")).PartitionKey);
    }

    [Fact]
    public async Task A_button_pressed_with_the_id_of_another_features_card_is_refused()
    {
        await using var deal = await PulseHarness.StartAsync(storage);
        var bot = deal.Bot;
        var (_, pulseId) = await deal.StartPulseAsync();
        var pulsePost = bot.Connector.SentActivities.Last(a => Has(a, "pulse.answer"));
        var pulseCardId = bot.Connector.IdOf(pulsePost);
        var before = bot.Connector.SentActivities.Count;
        await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "speeddate"));
        var signUp = await Next(bot, before, a => Has(a, "speeddate.join"));
        var signUpId = bot.Connector.IdOf(signUp);
        var session = PulseHarness.Walk(signUp).OfType<JsonObject>().First(o => o["session"] is JsonValue)["session"]!.GetValue<string>();

        // A speeddate join "on" the pulse card would replace that card with a sign-up card.
        var forged = await PressAsync(bot, "speeddate.join", new JsonObject { ["session"] = session }, Bert, replyToId: pulseCardId);
        Assert.Contains("Deze knop hoort niet bij dit bericht", FakeConnector.Json(forged), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Connector.Calls, c => c.Method == "PUT" && c.Path.EndsWith("/activities/" + pulseCardId, StringComparison.Ordinal));
        Assert.Empty(await bot.RowsAsync("SpeeddateParticipants"));

        var answer = await PressAsync(bot, "pulse.answer", Answers(pulseId), Bert, replyToId: signUpId, locale: "en-US");
        Assert.Contains("This button does not belong to this message", FakeConnector.Json(answer), StringComparison.Ordinal);
        Assert.Empty(await bot.RowsAsync("PulseResponses"));

        // On their own cards the same presses work.
        await PressAsync(bot, "speeddate.join", new JsonObject { ["session"] = session }, Bert, replyToId: signUpId);
        Assert.Single(await bot.RowsAsync("SpeeddateParticipants"));
        await bot.Connector.WaitForCallAsync(c => c.Method == "PUT" && c.Path.EndsWith("/activities/" + signUpId, StringComparison.Ordinal));
        await PressAsync(bot, "pulse.answer", Answers(pulseId), Bert, replyToId: pulseCardId);
        Assert.Single(await bot.RowsAsync("PulseResponses"));

        // The record names conversations by hash only: a personal chat's id would point at a person.
        var posted = await bot.RowsAsync("PostedCards");
        Assert.Contains(posted, r => r.RowKey == pulseCardId && r.GetString("Verbs").Split(' ').Contains("pulse.answer"));
        Assert.DoesNotContain(posted, r => r.PartitionKey.Contains("thread", StringComparison.Ordinal) || r.PartitionKey.Contains(':', StringComparison.Ordinal));
    }

    private static JsonObject Answers(string pulseId)
    {
        var data = new JsonObject { ["pulseId"] = pulseId };
        foreach (var id in PulseHarness.QuestionIds)
        {
            data[id] = "4";
        }

        return data;
    }
}
