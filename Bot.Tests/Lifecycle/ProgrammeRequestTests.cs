using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.DutchTime;
using CityDealBot.Lifecycle;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Lifecycle;

/// <summary>
/// A programme administrator asks three deals for good examples with a deadline: the question arrives in each deal's
/// channel, one deal answers on the card, the two others get exactly two reminders, and the CSV has every deal.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProgrammeRequestTests(AzuriteFixture storage)
{
    private const string Administrator = "5b0c3a52-6f1e-4a8e-9d43-1f7d2c9e8a11";

    private sealed record Deal(string Channel, string Name);

    private static readonly Deal[] Deals =
    [
        new("19:energiek@thread.tacv2", "City Deal Energieke Wijken"),
        new("19:kernen@thread.tacv2", "Town Deal Krachtige Kernen"),
        new("19:lopen@thread.tacv2", "City Deal Ruimte voor Lopen"),
    ];

    [Fact]
    public async Task A_request_reaches_every_deal_is_answered_on_the_card_reminds_twice_and_downloads_as_csv()
    {
        var time = new FakeTimeProvider(AmsterdamTime.ToInstant(new DateOnly(2026, 9, 1), new TimeOnly(10, 0)));
        var logs = new CapturingLoggerProvider();
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Programme:Administrators:0"] = Administrator,
        }, s => s.AddSingleton<TimeProvider>(time), logs);
        foreach (var deal in Deals)
        {
            (await bot.SendAsync(In(Activities.ChannelMessage(bot.ServiceUrl, "hulp"), deal))).EnsureSuccessStatusCode();
        }

        // Someone who is not an administrator is refused, and nothing is stored.
        var refused = await bot.SendAsync(Personal(Activities.CardAction(bot.ServiceUrl, SendProgrammeRequest.Verb,
            CardActionData.Write(new SendProgrammeRequest("Goede voorbeelden?", "2026-09-15")), LifecycleHarness.Anne)));
        Assert.Contains("Alleen programmabeheerders", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await bot.RowsAsync(ProgrammeRequestStore.RequestsTable));

        // Deadline Tuesday 15 September 2026: reminders on Tuesday 8 and Monday 14 September.
        var sent = await bot.SendAsync(Personal(Activities.CardAction(bot.ServiceUrl, SendProgrammeRequest.Verb,
            CardActionData.Write(new SendProgrammeRequest("Welke goede voorbeelden mogen in de Kamerbrief?", "2026-09-15")), ("29:admin", Administrator, "Koen Haer"))));
        var sentText = await sent.Content.ReadAsStringAsync();
        Assert.True(sentText.Contains("Verstuurd naar 3 deal(s).", StringComparison.Ordinal), string.Join("\n", logs.Logs.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(l => l.Message + " " + l.Exception)));
        foreach (var deal in Deals)
        {
            var post = await bot.Connector.WaitForCallAsync(c => c.Method == "POST" && c.Path.StartsWith($"/v3/conversations/{deal.Channel}/activities", StringComparison.Ordinal)
                && FakeConnector.Json(c.Body!).Contains("Vraag van Agenda Stad aan " + deal.Name, StringComparison.Ordinal));
            Assert.NotNull(post);
        }

        var requestId = Assert.Single(await bot.RowsAsync(ProgrammeRequestStore.RequestsTable)).RowKey;
        var answered = await bot.SendAsync(In(Activities.CardAction(bot.ServiceUrl, AnswerProgrammeRequest.Verb,
            CardActionData.Write(new AnswerProgrammeRequest(requestId, "=Het wijkenergieplan; 40 wijken volgden.")), LifecycleHarness.Anne), Deals[0]));
        Assert.Contains("Antwoord opgeslagen", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var delivery = bot.Factory.Services.GetRequiredService<ProgrammeRequestDelivery>();
        async Task<int> RemindersAtAsync(DateOnly day, int hour)
        {
            time.SetUtcNow(AmsterdamTime.ToInstant(day, new TimeOnly(hour, 0)));
            var before = LifecycleHarness.PersonalSends(bot.Connector).Count;
            await delivery.RunOnceAsync(default);
            await delivery.RunOnceAsync(default);
            return LifecycleHarness.PersonalSends(bot.Connector).Skip(before).Count(s => LifecycleHarness.Heading(s.Activity).StartsWith("Herinnering", StringComparison.Ordinal));
        }

        Assert.Equal(0, await RemindersAtAsync(new DateOnly(2026, 9, 7), 10));
        Assert.Equal(0, await RemindersAtAsync(new DateOnly(2026, 9, 8), 8));
        Assert.Equal(2, await RemindersAtAsync(new DateOnly(2026, 9, 8), 9)); // Anne is the dealmaker of the two that did not answer
        Assert.Equal(0, await RemindersAtAsync(new DateOnly(2026, 9, 10), 9));
        Assert.Equal(2, await RemindersAtAsync(new DateOnly(2026, 9, 14), 9));
        Assert.Equal(0, await RemindersAtAsync(new DateOnly(2026, 9, 15), 11));
        Assert.Equal(0, await RemindersAtAsync(new DateOnly(2026, 9, 16), 9));

        // The administrator's card links the CSV: every deal asked, the answer defused for spreadsheets.
        var form = await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "uitvraag", aad: Administrator, userId: "29:admin", name: "Koen Haer"));
        form.EnsureSuccessStatusCode();
        var card = await bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Antwoorden downloaden", StringComparison.Ordinal));
        Assert.Contains("1 van 3 deals antwoordden", FakeConnector.Json(card), StringComparison.Ordinal);
        var url = new Uri(PulseHarness.Walk(card).OfType<JsonObject>().First(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")["url"]!.GetValue<string>());
        var csv = await bot.Client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("City Deal Energieke Wijken;", text, StringComparison.Ordinal);
        Assert.Contains("Anne de Vries;\"'=Het wijkenergieplan; 40 wijken volgden.\"", text, StringComparison.Ordinal);
        Assert.Contains("Town Deal Krachtige Kernen;;;", text, StringComparison.Ordinal);
        Assert.Contains("City Deal Ruimte voor Lopen;;;", text, StringComparison.Ordinal);
    }

    private static JsonObject In(JsonObject activity, Deal deal) => Activities.InTeam(activity, deal.Channel, deal.Name);

    /// <summary>A card press in the person's 1:1 chat with the bot.</summary>
    private static JsonObject Personal(JsonObject activity) => Activities.InPersonalChat(activity);
}
