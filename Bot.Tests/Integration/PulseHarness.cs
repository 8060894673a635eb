using System.Text.Json.Nodes;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Integration;

/// <summary>A deal with the bot installed (Anne is its dealmaker), a fake clock, and helpers to run pulses.</summary>
public sealed class PulseHarness : IAsyncDisposable
{
    // Monday 23 November 2026, 10:00 in Amsterdam: a working day, so reminders can be due.
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private PulseHarness(BotHarness bot, FakeTimeProvider time)
    {
        Bot = bot;
        Time = time;
    }

    public BotHarness Bot { get; }

    public FakeTimeProvider Time { get; }

    public static IReadOnlyList<string> QuestionIds { get; } = [.. MidtermReviewTemplate.Template.ScaleQuestions.Select(q => q.Id)];

    public static async Task<PulseHarness> StartAsync(AzuriteFixture storage, IDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        var all = new Dictionary<string, string?> { ["Pulse:SweepEvery"] = "00:00:00" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var bot = await BotHarness.StartAsync(storage, all, services => services.AddSingleton<TimeProvider>(time));
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        return new PulseHarness(bot, time);
    }

    public T Service<T>()
        where T : notnull => Bot.Factory.Services.GetRequiredService<T>();

    /// <summary>Sends "peiling ..." as the given user and returns the posted pulse card and its id.</summary>
    public async Task<(JsonObject Card, string PulseId)> StartPulseAsync(string arguments = "", string userId = "29:anne", string aad = "aad-anne", string? channelId = null)
    {
        var before = Bot.Connector.SentActivities.Count;
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, ("peiling " + arguments).Trim(), userId: userId, aad: aad, channelId: channelId));
        var posted = await Bot.Connector.WaitForActivityAsync(a => Bot.Connector.SentActivities.ToList().IndexOf(a) >= before && Card(a)?["refresh"] is not null);
        var card = Card(posted)!;
        return (card, card["refresh"]!["action"]!["data"]!["pulseId"]!.GetValue<string>());
    }

    /// <summary>A user presses a card button (Action.Execute); returns the invoke response's card or message.</summary>
    public async Task<JsonNode> ExecuteAsync(string verb, JsonObject data, string user = "bert", string locale = "nl-NL", string? tenant = null, string? channelId = null)
    {
        var activity = Activities.Invoke(Bot.ServiceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = verb == "pulse.refresh" ? "automatic" : "manual",
        }, locale);
        activity["from"] = new JsonObject { ["id"] = "29:" + user, ["aadObjectId"] = "aad-" + user, ["name"] = user };
        if (tenant is not null)
        {
            activity["channelData"]!["tenant"]!["id"] = tenant;
            activity["conversation"]!["tenantId"] = tenant;
        }

        if (channelId is not null)
        {
            activity["channelData"]!["channel"]!["id"] = channelId;
            activity["conversation"]!["id"] = channelId + ";messageid=1";
        }

        var response = await Bot.SendAsync(activity);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body["value"]!;
    }

    public Task<JsonNode> AnswerAsync(string pulseId, string user, int score, string? remark = null, string locale = "nl-NL", string? tenant = null, string? channelId = null)
    {
        var data = new JsonObject { ["pulseId"] = pulseId };
        foreach (var id in QuestionIds)
        {
            data[id] = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (remark is not null)
        {
            data["remark"] = remark;
        }

        return ExecuteAsync("pulse.answer", data, user, locale, tenant, channelId);
    }

    public static JsonObject? Card(JsonObject activity) =>
        activity["attachments"] is JsonArray { Count: > 0 } attachments ? attachments[0]!["content"] as JsonObject : null;

    /// <summary>The value a choice set input holds in a card (the prefilled answer).</summary>
    public static string? InputValue(JsonNode card, string inputId) =>
        Walk(card).OfType<JsonObject>().FirstOrDefault(o => o["id"]?.GetValue<string>() == inputId)?["value"]?.GetValue<string>();

    public static IEnumerable<JsonNode> Walk(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.Where(c => c is not null))
        {
            foreach (var descendant in Walk(child!))
            {
                yield return descendant;
            }
        }
    }

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
