using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CityDealBot.Tests.EndToEnd;

/// <summary>
/// Anne plans a CoP session in General on the card in the browser (local mode: an .ics instead of Graph); Bram
/// answers "I'm coming" through an invoke posted straight to the bot (the Playground has one signed-in user);
/// Anne answers "Maybe" on the card and sees the attendance with both answers and Bram's name.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed partial class CopSessionEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    // A colleague from the Playground's team configuration (tools/playground/.m365agentsplayground.yml).
    private static readonly (string Id, string Aad, string Name) Bram = ("user-id-1", "00000000-0000-0000-0000-0000000000021", "Bram Jansen");

    private PlaygroundSession _session = null!;

    public async Task InitializeAsync() => _session = await PlaygroundSession.StartAsync(storage, new Dictionary<string, string?>
    {
        ["Elections:RunDispatcher"] = "false",
        ["CopSessions:ReminderSweepEvery"] = "00:00:00",
    });

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Plan_a_session_answer_as_two_people_and_see_the_attendance()
    {
        try
        {
            var page = _session.Page;
            await _session.OpenConversationAsync("General");
            await Assertions.Expect(page.GetByText(AddedGreeting())).ToBeVisibleAsync();
            await _session.PostInChannelMentioningBotAsync("CityDealBot", "cop plan");
            await page.GetByLabel("Title").Last.FillAsync("CoP Klimaat en data");
            await page.GetByRole(AriaRole.Button, new() { Name = "Plan and invite", Exact = true }).Last.ClickAsync();
            await WaitForAsync(async () => (await Rows("CopSessions")).Count == 1);
            await Assertions.Expect(page.GetByText("Coming: 0 · Maybe: 0 · Can't come: 0").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

            var deal = (await Rows("Deals")).Single();
            var sessionId = (await Rows("CopSessions")).Single().RowKey;
            (await _session.BotClient.PostAsJsonAsync("/api/messages", RsvpInvoke(deal, sessionId, "yes", Bram))).EnsureSuccessStatusCode();

            await page.GetByRole(AriaRole.Button, new() { Name = "Maybe", Exact = true }).Last.ClickAsync();
            await Assertions.Expect(page.GetByText("Coming: 1 · Maybe: 1 · Can't come: 0").Last).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(page.GetByText("I'm coming: Bram Jansen").Last).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Your answer: Maybe").Last).ToBeVisibleAsync();
            Assert.Equal(["maybe", "yes"], (await Rows("CopRsvps")).Select(r => r.GetString("Answer")).Order());
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(Plan_a_session_answer_as_two_people_and_see_the_attendance));
            throw;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // The table is created with its first row.
            }

            await Task.Delay(200);
        }

        Assert.Fail("storage did not reach the expected state in 20 s");
    }

    private async Task<List<TableEntity>> Rows(string table) =>
        await storage.Table(_session.Bot.TablePrefix, table).QueryAsync<TableEntity>().ToListAsync();

    private static JsonObject RsvpInvoke(TableEntity deal, string session, string answer, (string Id, string Aad, string Name) user)
    {
        var channelId = deal.GetString("ChannelId");
        var tenant = deal.GetString("TenantId");
        return new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "inv-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "msteams",
            ["serviceUrl"] = deal.GetString("ServiceUrl"),
            ["locale"] = "en-US",
            ["from"] = new JsonObject { ["id"] = user.Id, ["aadObjectId"] = user.Aad, ["name"] = user.Name },
            ["recipient"] = new JsonObject { ["id"] = deal.GetString("BotId"), ["name"] = "CityDealBot" },
            ["conversation"] = new JsonObject { ["id"] = channelId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = tenant },
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = tenant },
                ["team"] = new JsonObject { ["id"] = deal.GetString("TeamId") },
                ["channel"] = new JsonObject { ["id"] = channelId },
            },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = "cop.rsvp",
                    ["data"] = new JsonObject { ["deal"] = deal.PartitionKey, ["session"] = session, ["answer"] = answer },
                },
            },
        };
    }

    [GeneratedRegex("CityDealBot (has been added|is toegevoegd)")]
    private static partial Regex AddedGreeting();
}
