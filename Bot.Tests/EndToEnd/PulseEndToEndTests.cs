using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CityDealBot.Tests.EndToEnd;

/// <summary>
/// A pulse in the Agents Playground: Anne starts it in the channel and answers on the card; colleagues answer
/// through the same Action.Execute invokes Teams would send for them (the Playground has one user per window);
/// results stay hidden until five people answered, then the card shows the table and the radar image loads.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PulseEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string Channel = "team-id";

    private PlaygroundSession _session = null!;
    private HttpClient _bot = null!;

    public async Task InitializeAsync()
    {
        _session = await PlaygroundSession.StartAsync(storage);
        _bot = _session.Bot.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _bot.Dispose();
        await _session.DisposeAsync();
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        try
        {
            return await storage.Table(_session.Bot.TablePrefix, table).QueryAsync<TableEntity>().ToListAsync();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    [Fact]
    public async Task Start_answer_change_and_see_results_from_the_threshold()
    {
        try
        {
            var page = _session.Page;
            await _session.OpenConversationAsync("General");
            await WaitForAsync(async () => (await RowsAsync("DealMembers")).Count == 1);

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "pulse");
            await Assertions.Expect(page.GetByText("The deal has clear goals and a way of working that all partners know.")).ToBeVisibleAsync();

            // Anne answers on the card itself: a 4 on every statement, and a remark.
            var fours = page.Locator("input[type=radio][value='4']");
            await Assertions.Expect(fours).ToHaveCountAsync(PulseHarnessQuestions.Count);
            for (var i = 0; i < PulseHarnessQuestions.Count; i++)
            {
                await fours.Nth(i).CheckAsync(new() { Force = true });
            }

            await page.GetByRole(AriaRole.Textbox).Last.FillAsync("Meer tijd voor kennisdeling");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByText("Your answers are saved", new() { Exact = false })).ToBeVisibleAsync();

            var round = Assert.Single(await RowsAsync("PulseRounds"));
            var serviceUrl = Assert.Single(await RowsAsync("Deals")).GetString("ServiceUrl");
            string[] colleagues = ["1", "2", "3"];
            foreach (var n in colleagues)
            {
                await AnswerAsync(serviceUrl, round.RowKey, n, score: 2);
            }

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "results");
            await Assertions.Expect(page.GetByText("Not shown: 4 responses", new() { Exact = false })).ToBeVisibleAsync();

            // Bram changes his mind: still four responses, his now a 5.
            await AnswerAsync(serviceUrl, round.RowKey, "1", score: 5);
            var responses = await RowsAsync("PulseResponses");
            Assert.Equal(4, responses.Count);
            Assert.Equal(2, responses.Single(r => r.RowKey.EndsWith("21", StringComparison.Ordinal)).GetInt32("Submissions"));

            await AnswerAsync(serviceUrl, round.RowKey, "4", score: 3);
            await _session.PostInChannelMentioningBotAsync("CityDealBot", "results");
            await Assertions.Expect(page.GetByText("Lowest–highest")).ToBeVisibleAsync();
            // Anne 4, Bram 5, Chantal 2, Daan 2, Eva 3: mean 3.2 on every indicator.
            await Assertions.Expect(page.GetByText("3.2", new() { Exact = true }).First).ToBeVisibleAsync();

            var chart = page.Locator("img[src*='/pulse/charts/']").Last;
            await Assertions.Expect(chart).ToBeVisibleAsync();
            var src = await chart.GetAttributeAsync("src");
            using var image = await _bot.GetAsync(new Uri(src!));
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
            await WaitForAsync(async () => await chart.EvaluateAsync<int>("img => img.naturalWidth") > 0);
            Assert.False(string.IsNullOrEmpty(await chart.GetAttributeAsync("alt")));
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(Start_answer_change_and_see_results_from_the_threshold));
            throw;
        }
    }

    private static IReadOnlyList<string> PulseHarnessQuestions { get; } = [.. MidtermReviewTemplate.Template.ScaleQuestions.Select(q => q.Id)];

    /// <summary>The invoke Teams sends when a Playground user (user-id-N from the configuration) presses Submit.</summary>
    private async Task AnswerAsync(string? serviceUrl, string pulseId, string n, int score)
    {
        var data = new JsonObject { ["pulseId"] = pulseId };
        foreach (var id in PulseHarnessQuestions)
        {
            data[id] = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "inv-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["locale"] = "en-US",
            ["from"] = new JsonObject { ["id"] = "user-id-" + n, ["aadObjectId"] = "00000000-0000-0000-0000-000000000002" + n, ["name"] = "user " + n },
            ["recipient"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-00000000000011", ["name"] = "CityDealBot" },
            ["conversation"] = new JsonObject { ["id"] = Channel + ";messageid=1", ["conversationType"] = "channel", ["tenantId"] = Tenant },
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = Tenant },
                ["team"] = new JsonObject { ["id"] = Channel, ["name"] = "City Deal Klimaatadaptatie" },
                ["channel"] = new JsonObject { ["id"] = Channel, ["name"] = "General" },
            },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "pulse.answer", ["data"] = data },
                ["trigger"] = "manual",
            },
        };
        using var response = await _bot.PostAsJsonAsync("/api/messages", activity);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Your answers are saved", body, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time");
            await Task.Delay(200);
        }
    }
}
