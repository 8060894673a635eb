using CityDealBot.Operations;
using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Pulse;

[Collection(AzuriteCollection.Name)]
public sealed class PulseResultsTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly string[] Partners = ["bert", "carla", "dirk", "eva", "fatima", "gijs"];

    private PulseHarness _deal = null!;

    private BotHarness Bot => _deal.Bot;

    public async Task InitializeAsync() => _deal = await PulseHarness.StartAsync(storage);

    public async Task DisposeAsync() => await _deal.DisposeAsync();

    private async Task<string> PulseWithAnswersAsync(int respondents)
    {
        var (_, pulseId) = await _deal.StartPulseAsync();
        for (var i = 0; i < respondents; i++)
        {
            await _deal.AnswerAsync(pulseId, Partners[i], 1 + (i % 5), remark: i == 0 ? "Meer tijd voor kennisdeling" : i == 1 ? "Agenda eerder delen" : null);
        }

        return pulseId;
    }

    private async Task<JsonObject> ResultsCardAsync(string locale = "nl-NL")
    {
        var before = Bot.Connector.SentActivities.Count;
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, locale.StartsWith("en", StringComparison.Ordinal) ? "results" : "resultaten", locale));
        var reply = await Bot.Connector.WaitForActivityAsync(a => Bot.Connector.SentActivities.ToList().IndexOf(a) >= before);
        return PulseHarness.Card(reply)!;
    }

    private static string? ChartUrl(JsonNode card) =>
        PulseHarness.Walk(card).OfType<JsonObject>().FirstOrDefault(o => o["type"]?.GetValue<string>() == "Image")?["url"]?.GetValue<string>();

    [Fact]
    public async Task Results_are_withheld_below_the_threshold_with_an_explanation()
    {
        await PulseWithAnswersAsync(4);
        var card = await ResultsCardAsync();
        var json = FakeConnector.Json(card);

        Assert.Contains("Niet getoond: 4 reacties, er zijn er minstens 5 nodig", json, StringComparison.Ordinal);
        Assert.Null(ChartUrl(card));
        Assert.DoesNotContain("\"Table\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_show_from_five_respondents_with_a_table_and_a_chart_with_alt_text()
    {
        await PulseWithAnswersAsync(5);
        var card = await ResultsCardAsync("en-US");
        var json = FakeConnector.Json(card);

        var table = PulseHarness.Walk(card).OfType<JsonObject>().Single(o => o["type"]?.GetValue<string>() == "Table");
        var rows = table["rows"]!.AsArray();
        Assert.Equal(MidtermReviewTemplate.Template.Indicators.Count + 1, rows.Count);
        // Scores 1..5 once each: mean 3.0, range 1.0–5.0; only one deal, so no all-deals mean.
        var first = rows[1]!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(["Design of the process", "3.0", "1.0–5.0", "not shown", "not shown", "not shown", "not shown"], first);
        Assert.Contains("The all-deals mean appears once at least 3 deals", json, StringComparison.Ordinal);
        Assert.Contains("There is no earlier pulse of this deal", json, StringComparison.Ordinal);
        Assert.DoesNotContain("kennisdeling", json, StringComparison.Ordinal);

        var image = PulseHarness.Walk(card).OfType<JsonObject>().Single(o => o["type"]?.GetValue<string>() == "Image");
        Assert.False(string.IsNullOrWhiteSpace(image["altText"]!.GetValue<string>()));
        using var response = await Bot.Client.GetAsync(new Uri(ChartUrl(card)!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task The_chart_link_needs_a_valid_signature_for_an_existing_round_and_expires()
    {
        var pulseId = await PulseWithAnswersAsync(5);
        var url = ChartUrl(await ResultsCardAsync())!;
        var token = url[(url.LastIndexOf('/') + 1)..^".png".Length];
        var baseUrl = url[..(url.LastIndexOf('/') + 1)];

        async Task<HttpStatusCode> Status(string path) => (await Bot.Client.GetAsync(new Uri(path))).StatusCode;

        // Another signature, a payload for another round, and an export token used as a chart.
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.Forbidden, await Status(baseUrl + tampered + ".png"));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(baseUrl + "bm90LWEtdG9rZW4.c2ln.png"));
        var links = _deal.Service<SignedLinks>();
        var exportToken = links.Sign(new SignedLink(PulseLinks.Export, Activities.ChannelId, pulseId, "nl", _deal.Time.GetUtcNow().AddHours(1)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(baseUrl + exportToken + ".png"));
        var otherRound = links.Sign(new SignedLink(PulseLinks.Chart, Activities.ChannelId, "0000000000000000000-deadbeef", "nl", _deal.Time.GetUtcNow().AddHours(1)));
        Assert.Equal(HttpStatusCode.NotFound, await Status(baseUrl + otherRound + ".png"));
        var otherDeal = links.Sign(new SignedLink(PulseLinks.Chart, "19:andere@thread.tacv2", pulseId, "nl", _deal.Time.GetUtcNow().AddHours(1)));
        Assert.Equal(HttpStatusCode.NotFound, await Status(baseUrl + otherDeal + ".png"));

        Assert.Equal(HttpStatusCode.OK, await Status(url));
        _deal.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(url));
    }

    [Fact]
    public async Task A_link_signed_with_another_key_is_refused()
    {
        var pulseId = await PulseWithAnswersAsync(5);
        var url = ChartUrl(await ResultsCardAsync())!;
        await using var other = await PulseHarness.StartAsync(storage, new Dictionary<string, string?> { ["Links:SigningKey"] = "another-key-for-another-deployment-0123456789" });
        var foreign = other.Service<SignedLinks>().Sign(new SignedLink(PulseLinks.Chart, Activities.ChannelId, pulseId, "nl", _deal.Time.GetUtcNow().AddHours(1)));
        var response = await Bot.Client.GetAsync(new Uri(url[..(url.LastIndexOf('/') + 1)] + foreign + ".png"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Remarks_and_the_CSV_export_are_for_dealmakers_only()
    {
        var pulseId = await PulseWithAnswersAsync(5);
        var data = new JsonObject { ["pulseId"] = pulseId };

        var partnerRemarks = await _deal.ExecuteAsync("pulse.remarks", (JsonObject)data.DeepClone(), "bert");
        Assert.Contains("Alleen dealmakers van deze deal", FakeConnector.Json(partnerRemarks), StringComparison.Ordinal);
        var partnerExport = await _deal.ExecuteAsync("pulse.export", (JsonObject)data.DeepClone(), "bert", "en-US");
        Assert.Contains("Only this deal's dealmakers", FakeConnector.Json(partnerExport), StringComparison.Ordinal);
        Assert.DoesNotContain("/pulse/exports/", FakeConnector.Json(partnerExport), StringComparison.Ordinal);

        var remarks = FakeConnector.Json(await _deal.ExecuteAsync("pulse.remarks", (JsonObject)data.DeepClone(), "anne"));
        var agenda = remarks.IndexOf("Agenda eerder delen", StringComparison.Ordinal);
        var kennis = remarks.IndexOf("Meer tijd voor kennisdeling", StringComparison.Ordinal);
        Assert.True(agenda > 0 && kennis > agenda, "Remarks appear, sorted alphabetically");
        Assert.DoesNotContain("bert", remarks, StringComparison.Ordinal);

        var export = await _deal.ExecuteAsync("pulse.export", (JsonObject)data.DeepClone(), "anne");
        var open = PulseHarness.Walk(export).OfType<JsonObject>().Single(o => o["type"]?.GetValue<string>() == "Action.OpenUrl");
        var csvUrl = open["url"]!.GetValue<string>();
        using var csv = await Bot.Client.GetAsync(new Uri(csvUrl));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("Gemiddelde deal", text, StringComparison.Ordinal);
        Assert.Contains("Vormgeving van het proces", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kennisdeling", text, StringComparison.Ordinal);

        // The chart link does not open the export and the export link expires within the hour.
        Assert.Equal(HttpStatusCode.Forbidden, (await Bot.Client.GetAsync(new Uri(csvUrl.Replace("/exports/", "/charts/", StringComparison.Ordinal).Replace(".csv", ".png", StringComparison.Ordinal)))).StatusCode);
        _deal.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Forbidden, (await Bot.Client.GetAsync(new Uri(csvUrl))).StatusCode);
    }

    [Fact]
    public async Task Remarks_never_go_to_the_channel_through_a_submit_and_the_dealmaker_can_go_back_to_the_results()
    {
        var pulseId = await PulseWithAnswersAsync(5);
        var message = Activities.ChannelMessage(Bot.ServiceUrl, string.Empty);
        message.Remove("text");
        message.Remove("entities");
        message["value"] = new JsonObject { ["verb"] = "pulse.remarks", ["pulseId"] = pulseId };
        await Bot.SendAsync(message);
        var reply = await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("alleen persoonlijk tonen", StringComparison.Ordinal));
        Assert.DoesNotContain("kennisdeling", FakeConnector.Json(reply), StringComparison.Ordinal);

        var back = await _deal.ExecuteAsync("pulse.results", new JsonObject { ["pulseId"] = pulseId }, "anne");
        Assert.Contains("Uitkomsten: ", FakeConnector.Json(back), StringComparison.Ordinal);
        Assert.NotNull(ChartUrl(back));
    }

    [Fact]
    public async Task Results_are_posted_once_when_the_pulse_closes_and_its_tally_is_kept()
    {
        await PulseWithAnswersAsync(5);
        var sweeper = _deal.Service<PulseSweeper>();
        await sweeper.RunOnceAsync(CancellationToken.None);
        Assert.DoesNotContain(Bot.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Peiling gesloten op", StringComparison.Ordinal));

        _deal.Time.Advance(TimeSpan.FromDays(7.5));
        await Task.WhenAll(sweeper.RunOnceAsync(CancellationToken.None), sweeper.RunOnceAsync(CancellationToken.None));
        await sweeper.RunOnceAsync(CancellationToken.None);

        var posted = Assert.Single(Bot.Connector.SentActivities, a => FakeConnector.Json(a).Contains("Peiling gesloten op", StringComparison.Ordinal));
        Assert.NotNull(ChartUrl(PulseHarness.Card(posted)!));
        var post = Bot.Connector.Calls.Single(c => c.Method == "POST" && c.Body is not null && FakeConnector.Json(c.Body).Contains("Peiling gesloten op", StringComparison.Ordinal));
        Assert.Equal($"/v3/conversations/{Activities.ChannelId}/activities", post.Path);

        var tally = Assert.Single(await Bot.RowsAsync("PulseTallies"));
        Assert.Equal(MidtermReviewTemplate.TemplateId, tally.PartitionKey);
        Assert.Equal(5, tally.GetInt32("RespondentCount"));
        Assert.DoesNotContain("kennisdeling", tally.GetString("Indicators") + tally.GetString("Choices"), StringComparison.Ordinal);
        Assert.True(Assert.Single(await Bot.RowsAsync("PulseRounds")).GetBoolean("IsFinished"));
    }

    [Fact]
    public async Task A_second_pulse_shows_the_trend_against_the_first()
    {
        await PulseWithAnswersAsync(5);
        _deal.Time.Advance(TimeSpan.FromDays(8));
        await _deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);

        var (_, second) = await _deal.StartPulseAsync();
        foreach (var partner in Partners[..5])
        {
            await _deal.AnswerAsync(second, partner, 4);
        }

        var card = await ResultsCardAsync();
        var row = PulseHarness.Walk(card).OfType<JsonObject>().Single(o => o["type"]?.GetValue<string>() == "Table")["rows"]![1]!;
        Assert.Equal("+1,0", row["cells"]![5]!["items"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Results_without_any_pulse_say_so()
    {
        await Bot.SendAsync(Activities.ChannelMessage(Bot.ServiceUrl, "results", "en-US"));
        await Bot.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("has not held a pulse check yet", StringComparison.Ordinal));
    }
}
