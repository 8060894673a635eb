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
        // A fast sweep posts the results and the guide as soon as the pulse has closed.
        _session = await PlaygroundSession.StartAsync(storage, new Dictionary<string, string?> { ["Pulse:SweepEvery"] = "00:00:01" });
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
    public async Task Start_answer_change_see_results_from_the_threshold_and_get_the_conversation_guide_at_the_close()
    {
        try
        {
            var page = _session.Page;
            await _session.OpenConversationAsync("General");
            // Opening the channel installs the bot there; on a busy machine that can take a while.
            await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("CityDealBot (has been added|is toegevoegd)"))).ToBeVisibleAsync();
            await WaitForAsync(async () => (await RowsAsync("DealMembers")).Count == 1);

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "pulse");
            // The published questionnaire: its instruction line and all fourteen statements, in the user's language.
            await Assertions.Expect(page.GetByText(MidtermReviewTemplate.Instruction.En)).ToBeVisibleAsync();
            Assert.Equal(14, Statements.Count);
            foreach (var statement in Statements)
            {
                await Assertions.Expect(page.GetByText(statement.Text.En, new() { Exact = true })).ToBeVisibleAsync();
            }

            // Anne answers on the card itself: a 4 on every statement, and a remark.
            var fours = page.Locator("input[type=radio][value='4']");
            await Assertions.Expect(fours).ToHaveCountAsync(Statements.Count);
            for (var i = 0; i < Statements.Count; i++)
            {
                await fours.Nth(i).CheckAsync(new() { Force = true });
            }

            await page.GetByRole(AriaRole.Textbox).Last.FillAsync("Meer tijd voor kennisdeling");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByText("Your answers are saved", new() { Exact = false })).ToBeVisibleAsync();

            var round = Assert.Single(await RowsAsync("PulseRounds"));
            Assert.Equal(MidtermReviewTemplate.TemplateId, round.GetString("TemplateId"));
            var serviceUrl = Assert.Single(await RowsAsync("Deals")).GetString("ServiceUrl");
            string[] colleagues = ["1", "2", "3"];
            foreach (var n in colleagues)
            {
                await AnswerAsync(serviceUrl, round.RowKey, n, _ => 2);
            }

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "results");
            await Assertions.Expect(page.GetByText("Not shown: 4 responses", new() { Exact = false })).ToBeVisibleAsync();

            // Colleagues 1–4 score measurability 2, safeguarding the result 2 or 3, the partners' composition 1 (two
            // of them) or 5 (the other two), the rest 4; Bram's second answer replaces his first. With Anne's 4s:
            // measurability 2.4 and safeguarding the result 2.8 are the lowest means, the composition (1–5) the widest range.
            foreach (var n in new[] { "1", "2", "3", "4" })
            {
                var number = int.Parse(n, System.Globalization.CultureInfo.InvariantCulture);
                await AnswerAsync(serviceUrl, round.RowKey, n, indicator => indicator switch
                {
                    MidtermReviewTemplate.Indicators.Measurability => 2,
                    MidtermReviewTemplate.Indicators.ResultsSafeguarding => 2 + (number % 2 == 0 ? 1 : 0),
                    MidtermReviewTemplate.Indicators.PartnerComposition => number <= 2 ? 1 : 5,
                    _ => 4,
                });
            }

            var responses = await RowsAsync("PulseResponses");
            Assert.Equal(5, responses.Count);
            Assert.Equal(2, responses.Single(r => r.RowKey.EndsWith("21", StringComparison.Ordinal)).GetInt32("Submissions"));

            await _session.PostInChannelMentioningBotAsync("CityDealBot", "results");
            await Assertions.Expect(page.GetByText("Lowest–highest")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("2.4", new() { Exact = true }).First).ToBeVisibleAsync();

            var chart = page.Locator("img[src*='/pulse/charts/']").Last;
            await Assertions.Expect(chart).ToBeVisibleAsync();
            var src = await chart.GetAttributeAsync("src");
            using var image = await _bot.GetAsync(new Uri(src!));
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
            await WaitForAsync(async () => await chart.EvaluateAsync<int>("img => img.naturalWidth") > 0);
            Assert.Contains("Measurability of the result: mean 2.4", await chart.GetAttributeAsync("alt"), StringComparison.Ordinal);

            // The close: the round's closing time is moved to a minute ago in storage, as if the week had passed;
            // the sweep then posts the results and sends Anne, the dealmaker, the guide.
            round["ClosesAt"] = DateTimeOffset.UtcNow.AddMinutes(-1);
            await storage.Table(_session.Bot.TablePrefix, "PulseRounds").UpdateEntityAsync(round, Azure.ETag.All, TableUpdateMode.Merge);
            await WaitForAsync(async () => Assert.Single(await RowsAsync("PulseRounds")).GetBoolean("IsFinished") == true, seconds: 60);

            await _session.OpenConversationAsync("Personal Chat");
            await Assertions.Expect(page.GetByText("Follow-up conversation: City Deal Klimaatadaptatie").Last).ToBeVisibleAsync();
            // The numbered headings render as a list; their order on screen is the guide's order.
            var tops = new List<float>();
            foreach (var (indicator, why) in new[]
            {
                ("Measurability of the result", "Lowest mean"),
                ("Safeguarding the result", "Second-lowest mean"),
                ("Composition of the partners", "Widest spread between the answers"),
            })
            {
                var heading = page.GetByText(indicator, new() { Exact = true }).Last;
                await Assertions.Expect(heading).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByText(why, new() { Exact = true }).Last).ToBeVisibleAsync();
                tops.Add((await heading.BoundingBoxAsync())!.Y);
            }

            Assert.Equal(tops.Order(), tops);
            await Assertions.Expect(page.GetByText("• Clarity of input").Last).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("5 responses; results are shown from 5.").Last).ToBeVisibleAsync();

            // The button opens the CoP planning card for this deal, titled for the conversation.
            await page.GetByRole(AriaRole.Button, new() { Name = "Plan the conversation" }).Last.ClickAsync();
            await Assertions.Expect(page.GetByText("The planning form is in a new message", new() { Exact = false }).Last).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Plan a CoP session for", new() { Exact = false }).Last).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Title").Last).ToHaveValueAsync("Follow-up conversation City Deal Klimaatadaptatie");
        }
        catch
        {
            await _session.ScreenshotAsync(nameof(Start_answer_change_see_results_from_the_threshold_and_get_the_conversation_guide_at_the_close));
            throw;
        }
    }

    private static IReadOnlyList<ScaleQuestion> Statements { get; } = [.. MidtermReviewTemplate.Template.ScaleQuestions];

    /// <summary>The invoke Teams sends when a Playground user (user-id-N from the configuration) presses Submit.</summary>
    private async Task AnswerAsync(string? serviceUrl, string pulseId, string n, Func<string, int> scoreOfIndicator)
    {
        var data = new JsonObject { ["pulseId"] = pulseId };
        foreach (var statement in Statements)
        {
            data[statement.Id] = scoreOfIndicator(statement.IndicatorId).ToString(System.Globalization.CultureInfo.InvariantCulture);
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

    private static async Task WaitForAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time");
            await Task.Delay(200);
        }
    }
}
