using System.Net.Http.Json;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Playwright;
using CityDealBot.Elections;

namespace CityDealBot.Tests.EndToEnd;

/// <summary>
/// A dealmaker in the Agents Playground finds the deal's governments filled in from the partners' mail domains,
/// sets them, sees the lobby timeline, receives a reminder when the bot's clock reaches it (testing hook), and
/// ticks an action on the card.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ElectionsEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PlaygroundSession _session = null!;

    public async Task InitializeAsync() => _session = await PlaygroundSession.StartAsync(storage, new Dictionary<string, string?>
    {
        ["Testing:EnableHooks"] = "true",
        ["Elections:RunDispatcher"] = "false",
    });

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Set_governments_see_the_timeline_receive_a_reminder_and_tick_an_action()
    {
        try
        {
            var page = _session.Page;
            await _session.OpenConversationAsync("Personal Chat");
            await _session.SendInChatAsync("help");
            await Assertions.Expect(page.GetByText("Type a command in this chat, for example: help")).ToBeVisibleAsync();

            await _session.OpenConversationAsync("General");
            // The install activity's locale decides the greeting's language; the Playground does not always send one.
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("CityDealBot (has been added|is toegevoegd)"))).ToBeVisibleAsync();
            await _session.PostInChannelMentioningBotAsync("CityDealBot", "elections settings");
            var municipalities = page.GetByLabel("Municipalities (separated by commas)");
            await municipalities.FillAsync("Utrecht");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            // Besides Utrecht, the card pre-selects governments recognised from the partners' e-mail domains.
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex(@"Saved: \d+ government\(s\)"))).ToBeVisibleAsync();
            var settings = (await storage.Table(_session.Bot.TablePrefix, "LobbySettings").QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync()).Single();
            var governments = System.Text.Json.JsonSerializer.Deserialize<List<Government>>(settings.GetString("GovernmentsJson"), CityDealBot.Elections.Lobby.LobbyStore.Json)!;
            Assert.Contains(governments, g => g.Kind == GovernmentKind.Municipality && g.Name == "Utrecht");

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "elections");
            await Assertions.Expect(page.GetByText("Lobby moments of City Deal Klimaatadaptatie: the next 24 months")).ToBeVisibleAsync();

            // Move the bot's clock to the deal's first lobby moment and let it dispatch.
            var utrecht = new LobbyDeal("deal", "deal", governments, [new LobbyRecipient("r")]);
            var calendar = new DealLobbyCalendar(ElectionCalendar.WithShippedData(), LobbyTimeline.Standard);
            var first = calendar.Upcoming(utrecht, DateTimeOffset.UtcNow, [])[0];
            var at = DeliverySchedule.NextDeliveryInstant(DeliverySchedule.NominalInstant(first.DueDate, DeliveryWindow.OfficeHours), DeliveryWindow.OfficeHours);
            (await _session.BotClient.PostAsync($"/testing/clock?utc={Uri.EscapeDataString(at.ToString("O"))}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
            var dispatched = await (await _session.BotClient.PostAsync("/testing/jobs/LobbyReminderDispatcher", JsonContent.Create(new { }))).Content.ReadFromJsonAsync<DispatchResult>();
            Assert.True(dispatched!.Handled >= 1, "the dispatcher sent the due reminder");

            await _session.OpenConversationAsync("Personal Chat");
            await Assertions.Expect(page.GetByText("Lobby moment around the elections").Last).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(first.Moment.Title.En).Last).ToBeVisibleAsync();
            // The pre-filled governments can make several reminders due at once: tick and save on one card.
            var reminder = page.Locator(".ac-adaptiveCard").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Save ticks" }) }).Last;
            await reminder.GetByRole(AriaRole.Checkbox).First.CheckAsync();
            await reminder.GetByRole(AriaRole.Button, new() { Name = "Save ticks" }).ClickAsync();

            var progress = await WaitForProgressAsync();
            Assert.Equal("0", progress.GetString("Checked"));
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(Set_governments_see_the_timeline_receive_a_reminder_and_tick_an_action));
            throw;
        }
    }

    [Fact]
    public async Task The_settings_card_comes_filled_in_from_the_partners_mail_domains()
    {
        try
        {
            var page = _session.Page;
            await _session.OpenConversationAsync("General");
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("CityDealBot (has been added|is toegevoegd)"))).ToBeVisibleAsync();

            // The Playground's team has partners mailing from utrecht.nl, breda.nl, zuid-holland.nl and minbzk.nl
            // (tools/playground/.m365agentsplayground.yml); the dealmaker types nothing.
            await _session.PostInChannelMentioningBotAsync("CityDealBot", "elections settings");
            var municipalities = page.GetByLabel("Municipalities (separated by commas)");
            await Assertions.Expect(municipalities).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\bUtrecht\b.*\bBreda\b"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex(@"Saved: \d+ government\(s\)"))).ToBeVisibleAsync();

            var settings = (await storage.Table(_session.Bot.TablePrefix, "LobbySettings").QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync()).Single();
            var governments = System.Text.Json.JsonSerializer.Deserialize<List<Government>>(settings.GetString("GovernmentsJson"), CityDealBot.Elections.Lobby.LobbyStore.Json)!;
            Assert.Contains(governments, g => g.Kind == GovernmentKind.Municipality && g.Name == "Utrecht");
            Assert.Contains(governments, g => g.Kind == GovernmentKind.Municipality && g.Name == "Breda");
            Assert.Contains(governments, g => g.Kind == GovernmentKind.Province && g.Name == "Zuid-Holland");
            Assert.Contains(governments, g => g.Kind == GovernmentKind.Ministry && g.Code == "BZK");
            Assert.DoesNotContain(governments, g => g.Kind == GovernmentKind.Municipality && g.Name.Contains("Holland", StringComparison.Ordinal));
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(The_settings_card_comes_filled_in_from_the_partners_mail_domains));
            throw;
        }
    }

    private async Task<Azure.Data.Tables.TableEntity> WaitForProgressAsync()
    {
        var table = storage.Table(_session.Bot.TablePrefix, "LobbyProgress");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                var rows = await table.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
                if (rows.Count > 0 && !string.IsNullOrEmpty(rows[0].GetString("Checked")))
                {
                    return rows[0];
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // The table appears with the first tick.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The tick never reached storage.");
    }

    private sealed record DispatchResult(string Job, int Handled);
}
