using CityDealBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CityDealBot.Tests.EndToEnd;

/// <summary>
/// In the Agents Playground the dealmaker who installed the bot sets the deal's profile, records a lesson on the card
/// and finds it with the lessons search.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class LifecycleEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PlaygroundSession _session = null!;

    public async Task InitializeAsync() => _session = await PlaygroundSession.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Set_the_profile_record_a_lesson_and_find_it()
    {
        try
        {
            var page = _session.Page;
            await _session.OpenConversationAsync("Personal Chat");
            await _session.SendInChatAsync("help");
            await Assertions.Expect(page.GetByText("Type a command in this chat, for example: help")).ToBeVisibleAsync();
            await _session.OpenConversationAsync("General");
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("CityDealBot (has been added|is toegevoegd)"))).ToBeVisibleAsync();

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "profile");
            await Assertions.Expect(page.GetByText("Profile of City Deal Klimaatadaptatie").Last).ToBeVisibleAsync();
            // Teams renders a compact choice set as a combobox: open it and pick the option.
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Kind of deal" }).Last.ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Town Deal" }).ClickAsync();
            await page.GetByLabel("Start date (signing)").Last.FillAsync("2025-04-22");
            await page.GetByLabel("End date").Last.FillAsync("2027-04-22");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).Last.ClickAsync();
            await Assertions.Expect(page.GetByText("Profile saved. The moments below have been planned again.").Last).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("22 April 2027: Closing the Town Deal")).Last).ToBeVisibleAsync();
            var profile = (await storage.Table(_session.Bot.TablePrefix, "DealProfiles").QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync()).Single();
            Assert.Equal("TownDeal", profile.GetString("Kind"));
            Assert.Equal("2027-04-22", profile.GetString("EndDate"));

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "lesson");
            await Assertions.Expect(page.GetByText("Record a lesson for City Deal Klimaatadaptatie").Last).ToBeVisibleAsync();
            await page.GetByLabel("What happened?").Last.FillAsync("Two partners dropped out after the first year.");
            await page.GetByLabel("What did we learn?").Last.FillAsync("Keep partners involved by discussing their own goals every half year.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save lesson" }).Last.ClickAsync();
            await Assertions.Expect(page.GetByText("Lesson saved. Thank you: this is how the deal's memory stays.").Last).ToBeVisibleAsync();

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "lessons keeping partners involved");
            await Assertions.Expect(page.GetByText("Lessons about 'keeping partners involved'").Last).ToBeVisibleAsync();
            var results = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Lessons about 'keeping partners involved'" }).Last;
            await Assertions.Expect(results.GetByText("Two partners dropped out after the first year.")).ToBeVisibleAsync();
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(Set_the_profile_record_a_lesson_and_find_it));
            throw;
        }
    }
}
