using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Pulse;

/// <summary>
/// Two bot instances share one storage, as two App Service instances do: 30 people answer a pulse twice each,
/// at the same time, through both instances; both run the reminder sweep at once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TwoInstancePulseTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Concurrent_answers_through_two_instances_are_kept_once_and_reminders_go_out_once()
    {
        await using var connector = await FakeConnector.StartAsync();
        var time = new FakeTimeProvider(PulseHarness.Start);
        var prefix = AzuriteFixture.NewTablePrefix();
        var settings = new Dictionary<string, string?> { ["Pulse:SweepEvery"] = "00:00:00", ["Elections:RunDispatcher"] = "false" };
        await using var a = new BotFactory(storage, settings, s => s.AddSingleton<TimeProvider>(time), prefix);
        await using var b = new BotFactory(storage, settings, s => s.AddSingleton<TimeProvider>(time), prefix);
        var clientA = a.StartOnLoopback();
        var clientB = b.StartOnLoopback();
        var people = Enumerable.Range(0, 50).Select(i => $"p{i:D2}").ToList();
        foreach (var person in people)
        {
            connector.Members.Add(new JsonObject { ["id"] = "29:" + person, ["aadObjectId"] = "aad-" + person, ["name"] = person, ["email"] = person + "@utrecht.nl" });
        }

        connector.PageSize = 100;
        (await clientA.PostAsJsonAsync("/api/messages", Activities.BotAddedToTeam(connector.ServiceUrl))).EnsureSuccessStatusCode();
        (await clientA.PostAsJsonAsync("/api/messages", Activities.ChannelMessage(connector.ServiceUrl, "peiling 2026-12-04"))).EnsureSuccessStatusCode();
        var card = PulseHarness.Card(await connector.WaitForActivityAsync(x => PulseHarness.Card(x)?["refresh"] is not null))!;
        var pulseId = PulseHarness.Walk(card).OfType<JsonObject>().First(o => o["pulseId"] is not null)["pulseId"]!.GetValue<string>();

        var answering = people.Take(30).ToList();
        var submits = answering.SelectMany((person, i) => new[]
        {
            SubmitAsync(i % 2 == 0 ? clientA : clientB, connector.ServiceUrl, pulseId, person, 2),
            SubmitAsync(i % 2 == 0 ? clientB : clientA, connector.ServiceUrl, pulseId, person, 4),
        });
        await Task.WhenAll(submits);

        var responses = await storage.Table(prefix, "PulseResponses").QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
        Assert.Equal(30, responses.Count);
        Assert.Equal(answering.Select(p => "aad-" + p).Order(), responses.Select(r => r.RowKey).Order());

        // Tuesday 1 December 16:45 in Amsterdam: the first reminder slot (16:30) has come; both instances sweep at once.
        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 16, 45, 0, TimeSpan.FromHours(1)).ToUniversalTime());
        await Task.WhenAll(a.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(default), b.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(default));

        var reminders = connector.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/a:personal-", StringComparison.Ordinal)).ToList();
        var created = connector.Calls.Where(c => c.Method == "POST" && c.Path == "/v3/conversations")
            .Select(c => c.Body!["members"]![0]!["id"]!.GetValue<string>()).ToList();
        // The 20 members of the roster who did not answer: each reminded once, by one of the two instances.
        Assert.Equal(20, reminders.Count);
        Assert.Equal(20, created.Distinct().Count());
        Assert.DoesNotContain(created, id => answering.Any(p => id == "29:" + p));
    }

    private static async Task SubmitAsync(HttpClient client, string serviceUrl, string pulseId, string person, int score)
    {
        var data = new JsonObject { ["pulseId"] = pulseId };
        foreach (var id in PulseHarness.QuestionIds)
        {
            data[id] = score.ToString(CultureInfo.InvariantCulture);
        }

        var invoke = Activities.Invoke(serviceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "pulse.answer", ["data"] = data },
        });
        invoke["from"] = new JsonObject { ["id"] = "29:" + person, ["aadObjectId"] = "aad-" + person, ["name"] = person };
        var response = await client.PostAsJsonAsync("/api/messages", invoke);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
    }
}
