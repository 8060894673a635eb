using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.Logging;

namespace CityDealBot.Tests.Fuzz;

/// <summary>
/// Mutates activities captured from the Agents Playground (Bot.Tests/Fuzz/Corpus) and posts them to the bot:
/// no 500, no unhandled exception, and every row written is whole.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ActivityFuzzTests(AzuriteFixture storage)
{
    private const int Cases = 10_000;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(3);
    private static readonly HttpStatusCode[] Allowed =
    [
        HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.UnsupportedMediaType, HttpStatusCode.NotImplemented,
    ];

    [Fact]
    public async Task Ten_thousand_mutated_playground_activities_never_break_the_bot()
    {
        var logs = new CapturingLoggerProvider();
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            // Thousands of replies into a handful of conversations: Teams' pacing would make this take hours.
            ["Connector:EnforceTeamsRateLimits"] = "false",
        }, logs: logs);
        var corpus = LoadCorpus(bot.ServiceUrl);
        var random = new Random(20261123);
        var cases = Enumerable.Range(0, Cases).Select(i => Mutate(corpus[i % corpus.Count], random, i)).ToList();
        var started = DateTime.UtcNow;
        var statuses = new List<(HttpStatusCode Status, string Body)>();

        foreach (var chunk in cases.Chunk(8))
        {
            Assert.True(DateTime.UtcNow - started < Budget, $"fuzzing ran over its {Budget} budget after {statuses.Count} cases");
            var responses = await Task.WhenAll(chunk.Select(body => bot.Client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"))));
            statuses.AddRange(responses.Select((r, i) => (r.StatusCode, chunk[i])));
        }

        Assert.Equal(Cases, statuses.Count);
        var unexpected = statuses.Where(s => !Allowed.Contains(s.Status)).Take(3).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected statuses:\n" + string.Join("\n", unexpected.Select(u => $"{u.Status}: {u.Body[..Math.Min(400, u.Body.Length)]}")));
        Assert.Contains(statuses, s => s.Status == HttpStatusCode.OK);
        Assert.Contains(statuses, s => s.Status == HttpStatusCode.BadRequest);

        var failures = logs.Logs.Where(l => l.Level >= LogLevel.Error).Take(3).ToList();
        Assert.True(failures.Count == 0, "Errors logged:\n" + string.Join("\n", failures.Select(f => $"{f.Message} {f.Exception}")));

        foreach (var deal in await Rows(bot, "Deals"))
        {
            Assert.False(string.IsNullOrEmpty(deal.GetString("ChannelId")));
            Assert.False(string.IsNullOrEmpty(deal.GetString("ServiceUrl")));
            Assert.False(string.IsNullOrEmpty(deal.GetString("ConversationId")));
        }

        foreach (var person in await Rows(bot, "People"))
        {
            Assert.False(string.IsNullOrEmpty(person.GetString("UserId")));
            Assert.NotNull(person.GetString("Name"));
        }
    }

    private static async Task<List<TableEntity>> Rows(BotHarness bot, string table) => await bot.RowsAsync(table);

    private static List<JsonObject> LoadCorpus(string serviceUrl)
    {
        var folder = Path.Combine(RepoPaths.Root, "Bot.Tests", "Fuzz", "Corpus");
        var corpus = Directory.GetFiles(folder, "*.json").Order().Select(f => (JsonObject)JsonNode.Parse(File.ReadAllText(f))!).ToList();
        Assert.True(corpus.Count >= 9, "the corpus holds the captured Playground activities");
        foreach (var activity in corpus)
        {
            activity["serviceUrl"] = serviceUrl;
        }

        return corpus;
    }

    private static readonly string[] Keys = ["type", "id", "text", "from", "recipient", "conversation", "channelData", "entities", "value", "name", "action", "membersAdded", "membersRemoved", "locale", "serviceUrl", "channelId", "replyToId", "attachments"];
    private static readonly string[] Types = ["message", "invoke", "conversationUpdate", "installationUpdate", "event", "messageReaction", "typing", "endOfConversation", "", "MESSAGE", "somethingNew"];
    private static readonly string[] Texts = ["hulp", "help", "verkiezingen", "elections all", "verkiezingen instellen", "verkiezingen beheer", "", "   ", "<at>CityDealBot</at>", "<at></at><at>", "\u0000\u0001", "ééé ☃ 𝄞", "help " + new string('x', 5000), "{\"verb\":\"x\"}"];
    private static readonly string[] Verbs = ["lobby.check", "lobby.done", "lobby.snooze", "lobby.confirm", "lobby.settings.save", "elections.override.save", "unknown", ""];

    private static string Mutate(JsonObject seed, Random random, int index)
    {
        var activity = (JsonObject)seed.DeepClone();
        activity["id"] = "fuzz-" + index;
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            var key = Keys[random.Next(Keys.Length)];
            switch (random.Next(10))
            {
                case 0:
                    activity.Remove(key);
                    break;
                case 1:
                    activity[key] = RandomValue(random);
                    break;
                case 2:
                    activity["type"] = Types[random.Next(Types.Length)];
                    break;
                case 3:
                    activity["text"] = Texts[random.Next(Texts.Length)];
                    break;
                case 4:
                    activity["type"] = "invoke";
                    activity["name"] = random.Next(3) == 0 ? "task/fetch" : "adaptiveCard/action";
                    activity["value"] = new JsonObject
                    {
                        ["action"] = new JsonObject
                        {
                            ["type"] = random.Next(4) == 0 ? "Action.Submit" : "Action.Execute",
                            ["verb"] = Verbs[random.Next(Verbs.Length)],
                            ["data"] = RandomData(random),
                        },
                    };
                    break;
                case 5:
                    activity["value"] = RandomData(random);
                    activity["value"]!["verb"] = Verbs[random.Next(Verbs.Length)];
                    break;
                case 6:
                    if (activity["conversation"] is JsonObject conversation)
                    {
                        conversation["conversationType"] = new[] { "personal", "channel", "groupChat", "weird", null }[random.Next(5)];
                        conversation["id"] = random.Next(2) == 0 ? "19:fuzz-" + random.Next(5) + "@thread.tacv2;messageid=1" : "a/b#c?d\\e";
                    }

                    break;
                case 7:
                    activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = activity["recipient"] is JsonObject recipient ? recipient["id"]?.DeepClone() : "x" });
                    break;
                case 8:
                    if (activity["from"] is JsonObject from)
                    {
                        from["aadObjectId"] = random.Next(2) == 0 ? null : "aad-" + random.Next(10);
                        from["id"] = random.Next(3) == 0 ? string.Empty : "29:fuzz-" + random.Next(10);
                    }

                    break;
                default:
                    activity["locale"] = new[] { "nl-NL", "en-US", "fr", "", "x-nonsense" }[random.Next(5)];
                    break;
            }
        }

        var json = activity.ToJsonString();
        return random.Next(25) switch
        {
            0 => json[..random.Next(json.Length)],
            1 => json.Insert(random.Next(json.Length), "\"},{"),
            2 => "[" + json + "]",
            _ => json,
        };
    }

    private static JsonNode? RandomValue(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => random.Next(),
        2 => new string('z', random.Next(1, 300)),
        3 => new JsonArray(1, "two", null),
        4 => new JsonObject { ["id"] = random.Next(3) == 0 ? null : "odd", ["nested"] = new JsonObject { ["deep"] = true } },
        5 => true,
        _ => "19:x@thread.tacv2",
    };

    private static JsonObject RandomData(Random random)
    {
        var data = new JsonObject();
        foreach (var key in new[] { "deal", "election", "moment", "item-0", "occurredOn", "municipalities", "provinces", "kind", "date", "source" })
        {
            if (random.Next(2) == 0)
            {
                data[key] = random.Next(4) switch
                {
                    0 => Activities.ChannelId,
                    1 => "2027-03-17",
                    2 => RandomValue(random),
                    _ => "true",
                };
            }
        }

        return data;
    }
}
