using CityDealBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CityDealBot.Tests.EndToEnd;

/// <summary>
/// A person in the Agents Playground adds the bot to a team, asks for help in the channel with an @mention and
/// in personal chat, and sees the cards; storage holds the deal and the person afterwards.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FoundationEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PlaygroundSession _session = null!;

    public async Task InitializeAsync() => _session = await PlaygroundSession.StartAsync(storage);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Help_in_the_channel_and_in_personal_chat()
    {
        try
        {
            var page = _session.Page;

            // Opening the team's channel installs the bot there: it greets the channel once.
            await _session.OpenConversationAsync("General");
            // The install activity's locale decides the greeting's language; the Playground does not always send one.
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("CityDealBot (has been added|is toegevoegd)"))).ToBeVisibleAsync();

            var deals = await storage.Table(_session.Bot.TablePrefix, "Deals").QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
            var deal = Assert.Single(deals);
            Assert.Equal("team-id", deal.GetString("ChannelId"));
            Assert.Equal("00000000-0000-0000-0000-000000000031", deal.GetString("AadGroupId"));
            Assert.Equal("City Deal Klimaatadaptatie", deal.GetString("TeamName"));
            Assert.True(deal.GetBoolean("IsActive"));

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "help");
            var channelHelp = page.GetByText("Mention me in a channel with @CityDealBot");
            await Assertions.Expect(channelHelp).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("What CityDealBot does for your deal")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("This overview of commands").Last).ToBeVisibleAsync();

            await _session.OpenConversationAsync("Personal Chat");
            await _session.SendInChatAsync("help");
            await Assertions.Expect(page.GetByText("Type a command in this chat, for example: help")).ToBeVisibleAsync();

            var people = await storage.Table(_session.Bot.TablePrefix, "People").QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
            var anne = Assert.Single(people, p => p.GetString("Name") == "Anne de Vries");
            Assert.Equal("00000000-0000-0000-0000-0000000000020", anne.RowKey);
            Assert.False(string.IsNullOrEmpty(anne.GetString("PersonalConversationId")));
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(Help_in_the_channel_and_in_personal_chat));
            throw;
        }
    }
}
