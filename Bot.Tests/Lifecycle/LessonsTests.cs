using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Lifecycle;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Lifecycle;

/// <summary>
/// Lessons recorded on the card in three deals (each its own team) and searched with <c>lessen</c>: Dutch matching
/// across deals, internal lessons only within their own deal, and a removed deal's lessons kept.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LessonsTests(AzuriteFixture storage)
{
    private sealed record Deal(string Channel, string Name);

    private static readonly Deal EnergiekeWijken = new("19:energiek@thread.tacv2", "City Deal Energieke Wijken");
    private static readonly Deal KrachtigeKernen = new("19:kernen@thread.tacv2", "Town Deal Krachtige Kernen");
    private static readonly Deal RuimteVoorLopen = new("19:lopen@thread.tacv2", "City Deal Ruimte voor Lopen");

    [Fact]
    public async Task Partners_betrokken_houden_finds_public_lessons_of_two_deals_and_never_another_deals_internal_lesson()
    {
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        await RecordAsync(bot, EnergiekeWijken, "Na een jaar haakten twee partners af; ze zagen hun eigen doel niet terug.",
            "Houd partners betrokken door hun eigen belang elk halfjaar te bespreken.", isPublic: true);
        await RecordAsync(bot, EnergiekeWijken, "Intern: de wethouder van een partnergemeente dreigde af te haken.",
            "Betrokken partners houden vraagt om bestuurlijk contact, niet alleen ambtelijk.", isPublic: false);
        await RecordAsync(bot, KrachtigeKernen, "De betrokkenheid van de partners zakte weg na de feestelijke start.",
            "Een vast ritme van werkbezoeken hield de partners aan boord.", isPublic: true, didNotWork: true);
        await RecordAsync(bot, RuimteVoorLopen, "Het budget voor de evaluatie bleek te klein.", "Begroot de evaluatie bij de start.", isPublic: true);

        var fromLopen = await SearchAsync(bot, RuimteVoorLopen, "partners betrokken houden");
        Assert.Contains("haakten twee partners af", fromLopen, StringComparison.Ordinal);
        Assert.Contains("De betrokkenheid van de partners", fromLopen, StringComparison.Ordinal);
        Assert.Contains(EnergiekeWijken.Name, fromLopen, StringComparison.Ordinal);
        Assert.Contains(KrachtigeKernen.Name, fromLopen, StringComparison.Ordinal);
        Assert.DoesNotContain("wethouder", fromLopen, StringComparison.Ordinal);
        Assert.DoesNotContain("budget", fromLopen, StringComparison.Ordinal);

        var fromKernen = await SearchAsync(bot, KrachtigeKernen, "partners betrokken houden");
        Assert.DoesNotContain("wethouder", fromKernen, StringComparison.Ordinal);
        var fromEnergiek = await SearchAsync(bot, EnergiekeWijken, "partners betrokken houden");
        Assert.Contains("wethouder", fromEnergiek, StringComparison.Ordinal);

        // The bot is removed from Energieke Wijken's team: its lessons stay findable.
        var removed = In(Activities.BotRemovedFromTeam(bot.ServiceUrl), EnergiekeWijken);
        (await bot.SendAsync(removed)).EnsureSuccessStatusCode();
        Assert.Contains(EnergiekeWijken.Name, await SearchAsync(bot, RuimteVoorLopen, "partners betrokken houden"), StringComparison.Ordinal);
        Assert.Contains("Houd partners betrokken", await SearchAsync(bot, RuimteVoorLopen, "Partnerbetrokkenheid vasthouden"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lesson_without_what_happened_is_refused_in_the_persons_language_and_nothing_is_stored()
    {
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        var answer = await PressAsync(bot, RuimteVoorLopen, new RecordLesson(What: "  ", Learned: "Iets geleerd", Theme: LessonThemes.Process, IsPublic: true), "en-GB");
        Assert.Contains("Describe what happened.", answer, StringComparison.Ordinal);
        Assert.Empty(await bot.RowsAsync(LessonStore.Table));
    }

    private static async Task RecordAsync(BotHarness bot, Deal deal, string what, string learned, bool isPublic, bool didNotWork = false)
    {
        var answer = await PressAsync(bot, deal, new RecordLesson(what, learned, LessonThemes.Process, isPublic, didNotWork));
        Assert.Contains("Les opgeslagen", answer, StringComparison.Ordinal);
    }

    private static async Task<string> PressAsync(BotHarness bot, Deal deal, RecordLesson lesson, string locale = "nl-NL")
    {
        (await bot.SendAsync(In(Activities.ChannelMessage(bot.ServiceUrl, "les", locale), deal))).EnsureSuccessStatusCode();
        var press = In(Activities.CardAction(bot.ServiceUrl, RecordLesson.Verb, CardActionData.Write(lesson), LifecycleHarness.Anne, locale), deal);
        var response = await bot.SendAsync(press);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> SearchAsync(BotHarness bot, Deal deal, string query)
    {
        var message = In(Activities.ChannelMessage(bot.ServiceUrl, "lessen " + query), deal);
        (await bot.SendAsync(message)).EnsureSuccessStatusCode();
        var id = message["id"]!.GetValue<string>();
        var reply = await bot.Connector.WaitForCallAsync(c => c.Method == "POST" && c.Path.EndsWith("/activities/" + id, StringComparison.Ordinal));
        return FakeConnector.Json(reply.Body!);
    }

    /// <summary>The activity as it comes from the deal's own team and channel.</summary>
    private static JsonObject In(JsonObject activity, Deal deal) => Activities.InTeam(activity, deal.Channel, deal.Name);
}
