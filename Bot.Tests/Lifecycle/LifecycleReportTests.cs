using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.DutchTime;
using CityDealBot.Lifecycle;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Lifecycle;

/// <summary>
/// The progress report before a steering group, pre-filled from the features (a closed pulse, a lesson) and served
/// behind its signed link; and the personal welcome for someone who joins the deal's team.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LifecycleReportTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_steering_group_prompt_links_a_report_filled_with_the_pulse_results_and_the_periods_lessons()
    {
        var time = new FakeTimeProvider(AmsterdamTime.ToInstant(new DateOnly(2026, 1, 12), new TimeOnly(10, 0)));
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" }, s => s.AddSingleton<TimeProvider>(time));
        await LifecycleHarness.SetUpKrachtigeKernenAsync(bot.Client, bot.Connector, new DateOnly(2027, 4, 22), steeringMonths: "3,9");

        // A pulse closing on Friday 23 January 2026 with six respondents, above the privacy threshold.
        (await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "peiling 2026-01-23"))).EnsureSuccessStatusCode();
        var pulseCard = PulseHarness.Card(await bot.Connector.WaitForActivityAsync(a => PulseHarness.Card(a)?["refresh"] is not null))!;
        var pulseId = pulseCard["refresh"]!["action"]!["data"]!["pulseId"]!.GetValue<string>();
        for (var i = 0; i < 6; i++)
        {
            var data = new JsonObject { ["pulseId"] = pulseId };
            foreach (var id in PulseHarness.QuestionIds)
            {
                data[id] = (2 + (i % 3)).ToString(CultureInfo.InvariantCulture);
            }

            var answer = await bot.SendAsync(Activities.CardAction(bot.ServiceUrl, PulseAnswered.Verb, data, ($"29:p{i}", $"aad-p{i}", $"Partner {i}")));
            answer.EnsureSuccessStatusCode();
        }

        var lesson = await bot.SendAsync(Activities.CardAction(bot.ServiceUrl, RecordLesson.Verb,
            CityDealBot.Cards.Adaptive.CardActionData.Write(new RecordLesson("De stuurgroep las de stukken niet.", "Stuur een korte rapportage twee weken vooraf.", LessonThemes.Process, false, true)), LifecycleHarness.Anne));
        Assert.Contains("Les opgeslagen", await lesson.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // 1 March 2026 minus two weeks is Sunday 15 February: the prompt comes on Monday 16 February at 09:00.
        time.SetUtcNow(AmsterdamTime.ToInstant(new DateOnly(2026, 2, 16), new TimeOnly(9, 0)));
        // The 18-month prompt (due 22 October 2025, before the profile existed) still holds until the 12-month one: it comes too.
        Assert.Equal(4, await bot.Factory.Services.GetRequiredService<LifecycleDispatcher>().RunOnceAsync(default));
        var steering = LifecycleHarness.PersonalSends(bot.Connector).Select(s => s.Activity)
            .Where(a => LifecycleHarness.Heading(a).Contains("stuurgroep", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, steering.Count);
        var prompt = steering[0];
        Assert.Contains("maart", LifecycleHarness.Heading(prompt), StringComparison.Ordinal);
        var url = new Uri(prompt["attachments"]![0]!["content"]!["actions"]![0]!["url"]!.GetValue<string>());
        Assert.StartsWith("/lifecycle/reports/", url.AbsolutePath, StringComparison.Ordinal);

        var response = await bot.Client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Town Deal Krachtige Kernen</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Voortgangsrapportage voor de stuurgroep van maart 2026", html, StringComparison.Ordinal);
        Assert.Contains("Bram Jansen", html, StringComparison.Ordinal);
        Assert.Contains("Vormgeving van het proces: 3,0", html, StringComparison.Ordinal);
        Assert.Contains("6 reacties", html, StringComparison.Ordinal);
        Assert.Contains("De stuurgroep las de stukken niet.", html, StringComparison.Ordinal);
        Assert.Contains("Lobbymomenten", html, StringComparison.Ordinal);
        Assert.Contains("Deelname aan de Community of Practice", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aad-", html, StringComparison.Ordinal);

        var token = url.AbsolutePath["/lifecycle/reports/".Length..^".html".Length];
        var forged = (token[0] == 'A' ? "B" : "A") + token[1..];
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.Client.GetAsync($"/lifecycle/reports/{forged}.html")).StatusCode);
    }

    [Fact]
    public async Task Someone_who_joins_the_team_is_welcomed_once_in_person_with_the_profile()
    {
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        await LifecycleHarness.SetUpKrachtigeKernenAsync(bot.Client, bot.Connector, new DateOnly(2027, 4, 22));
        var joined = LifecycleHarness.InKrachtigeKernen(Activities.BotAddedToTeam(bot.ServiceUrl));
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:carla", ["aadObjectId"] = "aad-carla", ["name"] = "Carla Smit" });
        var before = LifecycleHarness.PersonalSends(bot.Connector).Count;
        (await bot.SendAsync(joined)).EnsureSuccessStatusCode();
        (await bot.SendAsync(joined)).EnsureSuccessStatusCode();

        var created = await bot.Connector.WaitForCallAsync(c => c.Method == "POST" && c.Path == "/v3/conversations" && c.Body!["members"]![0]!["id"]!.GetValue<string>() == "29:carla");
        var welcome = await bot.Connector.WaitForActivityAsync(a => LifecycleHarness.PersonalSends(bot.Connector).Skip(before).Any(s => ReferenceEquals(s.Activity, a)));
        Assert.Equal("Welkom bij Town Deal Krachtige Kernen", LifecycleHarness.Heading(welcome));
        var text = LifecycleHarness.CardText(welcome);
        Assert.Contains("Town Deal", text, StringComparison.Ordinal);
        Assert.Contains("Uitvoering (na het convenant)", text, StringComparison.Ordinal);
        Assert.Contains("22 april 2027", text, StringComparison.Ordinal);
        Assert.Contains("Bram Jansen", text, StringComparison.Ordinal);
        Assert.NotNull(created);
        Assert.Single(LifecycleHarness.PersonalSends(bot.Connector).Skip(before));
    }
}
