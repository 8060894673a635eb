using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.DutchTime;
using CityDealBot.Lifecycle;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using CityDealBot.Tests.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Pulse;

/// <summary>
/// The follow-up round of a deal that ended, on the worked example: Town Deal Krachtige Kernen (22 April 2025 to 22 April
/// 2027) ran a baseline in March 2026 (everyone 3) and its last pulse in March 2027 (everyone 2), then the bot was removed.
/// Two years after the end, on Monday 23 April 2029, two bot instances open one follow-up round with the published
/// self-assessment in each former member's 1:1 chat; only former members answer; at the close the results go personally
/// to the dealmaker, the project manager and the programme administrator.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FollowUpRoundTests(AzuriteFixture storage)
{
    private static readonly (string Id, string Aad, string Name) Pia = Deals.ProgrammeAdministratorTests.Pia;

    private static readonly (string Id, string Aad, string Name) Xavier = ("29:xavier", "aad-xavier", "Xavier Buiten");

    private static readonly (string Id, string Aad, string Name)[] Partners =
        [("29:carla", "aad-carla", "Carla Smit"), ("29:dirk", "aad-dirk", "Dirk Bos"), ("29:eva", "aad-eva", "Eva Mulder"), ("29:fatima", "aad-fatima", "Fatima El Idrissi"), ("29:gijs", "aad-gijs", "Gijs de Boer")];

    private static readonly DateOnly End = new(2027, 4, 22);

    private static readonly string[] FormerMembers = ["aad-anne", "aad-bram", "aad-carla", "aad-dirk", "aad-eva", "aad-fatima", "aad-gijs"];

    [Fact]
    public async Task Two_years_after_the_end_each_former_member_gets_the_follow_up_round_personally_once_with_two_instances()
    {
        await using var deal = await EndedDeal.StartAsync(storage);

        // Monday 23 April 2029 (the 22nd is a Sunday), not before 09:00 Amsterdam time.
        Assert.Empty(await deal.RunLifecycleAsync(new DateOnly(2029, 4, 23), 8, 59));
        var sent = await deal.RunLifecycleAsync(new DateOnly(2029, 4, 23), 9, 0);

        Assert.Equal(FormerMembers, sent.Select(s => s.Recipient).Order(StringComparer.Ordinal));
        Assert.All(sent, s =>
        {
            Assert.Contains("Vervolgmeting Town Deal Krachtige Kernen", s.Text, StringComparison.Ordinal);
            Assert.Contains("Town Deal Krachtige Kernen eindigde op 22 april 2027", s.Text, StringComparison.Ordinal);
            Assert.Contains("Impact wordt vaak pas een paar jaar na het einde van een deal zichtbaar", s.Text, StringComparison.Ordinal);
            // The published questionnaire: its instruction line and its fourteen statements, answerable on the card.
            Assert.Contains("Scoop op een schaal van 1 tot 5", s.Text, StringComparison.Ordinal);
            Assert.Equal(14, s.Card["body"]!.AsArray().Count(e => e!["type"]?.GetValue<string>() == "Input.ChoiceSet"));
            Assert.Equal("pulse.followup.answer", s.Card["actions"]![0]!["verb"]!.GetValue<string>());
        });

        // Later ticks of both lifecycle jobs and both pulse sweepers send nothing again.
        Assert.Empty(await deal.RunLifecycleAsync(new DateOnly(2029, 4, 23), 9, 5));
        Assert.Empty(await deal.RunLifecycleAsync(new DateOnly(2029, 4, 24), 10, 0));
        var before = LifecycleHarness.PersonalSends(deal.Connector).Count;
        await deal.SweepAsync();
        Assert.Equal(before, LifecycleHarness.PersonalSends(deal.Connector).Count);

        var followUp = Assert.Single(await deal.RowsAsync("PulseRounds"), r => r.GetString("DealEndedOn") is not null);
        Assert.Equal("2027-04-22", followUp.GetString("DealEndedOn"));
        Assert.Equal(MidtermReviewTemplate.TemplateId, followUp.GetString("TemplateId"));
        // Three weeks, closing at 17:00 Amsterdam time on Monday 14 May 2029.
        Assert.Equal(AmsterdamTime.ToInstant(new DateOnly(2029, 5, 14), new TimeOnly(17, 0)), followUp.GetDateTimeOffset("ClosesAt"));
        var ledger = await deal.RowsAsync("Deliveries");
        Assert.Single(ledger, r => r.PartitionKey.StartsWith("lifecycle:", StringComparison.Ordinal) && r.RowKey == nameof(LifecyclePromptKind.FollowUpRound) && r.GetString("State") == "sent");
        Assert.Equal(7, ledger.Count(r => r.PartitionKey == FollowUpRounds.InvitationPartition(followUp.RowKey) && r.GetString("State") == "sent"));
    }

    [Fact]
    public async Task A_former_member_answers_in_the_personal_chat_and_a_stranger_bad_input_or_a_closed_round_store_nothing()
    {
        await using var deal = await EndedDeal.StartAsync(storage);
        var sent = await deal.RunLifecycleAsync(new DateOnly(2029, 4, 23), 9, 0);
        var form = AnswerData(sent.First(s => s.Recipient == "aad-carla").Card, 4);

        var saved = await deal.PressInPersonalChatAsync("pulse.followup.answer", form, Partners[0]);
        Assert.Contains("Je antwoorden zijn opgeslagen", saved, StringComparison.Ordinal);
        var changed = form.DeepClone().AsObject();
        changed[MidtermReviewTemplate.Template.ScaleQuestions.ElementAt(0).Id] = "5";
        Assert.Contains("Je antwoorden zijn opgeslagen", await deal.PressInPersonalChatAsync("pulse.followup.answer", changed, Partners[0]), StringComparison.Ordinal);
        var response = Assert.Single(await deal.FollowUpResponsesAsync());
        Assert.Equal("aad-carla", response.RowKey);
        Assert.Equal(2, response.GetInt32("Submissions"));
        Assert.Contains("\"" + MidtermReviewTemplate.Template.ScaleQuestions.ElementAt(0).Id + "\":5", response.GetString("Scores"), StringComparison.Ordinal);

        // Someone who never had a role in the deal, holding the same card data, is refused (in both languages).
        Assert.Contains("Alleen wie een rol had in Town Deal Krachtige Kernen kan deze vervolgmeting invullen", await deal.PressInPersonalChatAsync("pulse.followup.answer", form, Xavier), StringComparison.Ordinal);
        Assert.Contains("Only people who had a role in Town Deal Krachtige Kernen can fill in this follow-up round", await deal.PressInPersonalChatAsync("pulse.followup.answer", form, Xavier, "en-GB"), StringComparison.Ordinal);

        // Nor through the channel's own answer button, although a colleague of the same tenant may answer a deal's pulse there.
        var inChannel = new JsonObject { ["pulseId"] = form["pulseId"]!.GetValue<string>() };
        foreach (var (key, value) in form.Where(f => f.Key is not ("deal" or "pulseId")))
        {
            inChannel[key] = value!.DeepClone();
        }

        var channelPress = await deal.ClientA.PostAsJsonAsync("/api/messages", Activities.CardAction(deal.Connector.ServiceUrl, "pulse.answer", inChannel, Xavier));
        Assert.Contains("Je hoort niet bij deze deal, dus je kunt deze peiling niet invullen", await channelPress.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["aad-carla"], (await deal.FollowUpResponsesAsync()).Select(r => r.RowKey));

        // A score outside the scale: the form comes back with the problem and the other answers, nothing is stored.
        var bad = AnswerData(sent.First(s => s.Recipient == "aad-dirk").Card, 3);
        bad[MidtermReviewTemplate.Template.ScaleQuestions.ElementAt(1).Id] = "9";
        var refused = await deal.PressInPersonalChatAsync("pulse.followup.answer", bad, Partners[1]);
        Assert.Contains("Controleer je antwoorden; er is nog niets opgeslagen", refused, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"3\"", refused, StringComparison.Ordinal);
        Assert.Equal(["aad-carla"], (await deal.FollowUpResponsesAsync()).Select(r => r.RowKey));

        // Friday 11 May 2029, 16:45: the first reminder (three days before the close, at the end of the working day) reaches
        // the former members who have not answered, in the chat that holds their form.
        var beforeReminders = LifecycleHarness.PersonalSends(deal.Connector).Count;
        deal.Time.SetUtcNow(AmsterdamTime.ToInstant(new DateOnly(2029, 5, 11), new TimeOnly(16, 45)));
        await deal.SweepAsync();
        var reminders = LifecycleHarness.PersonalSends(deal.Connector).Skip(beforeReminders).Select(c => LifecycleHarness.CardText(c.Activity)).ToList();
        Assert.Equal(6, reminders.Count);
        Assert.All(reminders, r => Assert.Contains("Het formulier staat hierboven in dit gesprek", r, StringComparison.Ordinal));

        // After the close nothing is stored any more.
        deal.Time.SetUtcNow(AmsterdamTime.ToInstant(new DateOnly(2029, 5, 14), new TimeOnly(17, 1)));
        var late = AnswerData(sent.First(s => s.Recipient == "aad-eva").Card, 4);
        Assert.Contains("Deze peiling is gesloten sinds maandag 14 mei 2029 om 17:00. Er is niets opgeslagen.", await deal.PressInPersonalChatAsync("pulse.followup.answer", late, Partners[2]), StringComparison.Ordinal);
        Assert.Equal(["aad-carla"], (await deal.FollowUpResponsesAsync()).Select(r => r.RowKey));
    }

    [Fact]
    public async Task At_the_close_the_dealmaker_project_manager_and_administrator_get_the_chart_and_the_change_since_baseline_and_last_round()
    {
        await using var deal = await EndedDeal.StartAsync(storage);
        var sent = await deal.RunLifecycleAsync(new DateOnly(2029, 4, 23), 9, 0);
        foreach (var partner in Partners)
        {
            var data = AnswerData(sent.First(s => s.Recipient == partner.Aad).Card, 4);
            data[CardFields.Of<FollowUpAnswered>(nameof(FollowUpAnswered.Remark))] = partner == Partners[0] ? "Het loket van de kernen draait nog steeds." : string.Empty;
            Assert.Contains("Je antwoorden zijn opgeslagen", await deal.PressInPersonalChatAsync("pulse.followup.answer", data, partner), StringComparison.Ordinal);
        }

        var results = await deal.CloseAsync();

        Assert.Equal(new[] { "aad-anne", "aad-bram", Pia.Aad }.Order(StringComparer.Ordinal), results.Select(r => r.Recipient).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Contains("Uitkomsten: Vervolgmeting Town Deal Krachtige Kernen", r.Text, StringComparison.Ordinal);
            Assert.Contains("5 reacties", r.Text, StringComparison.Ordinal);
            Assert.Contains("\"id\":\"chart\"", r.Text, StringComparison.Ordinal);
            // Everyone scored 4: one more than the baseline (3), two more than the last pulse during the deal (2).
            Assert.Contains("\"+1,0\"", r.Text, StringComparison.Ordinal);
            Assert.Contains("\"+2,0\"", r.Text, StringComparison.Ordinal);
            Assert.Contains("Nulmeting: de eerste peiling van deze deal met deze vragenlijst, gesloten op 9 maart 2026", r.Text, StringComparison.Ordinal);
            Assert.Contains("De laatste peiling tijdens de deal sloot op 8 maart 2027", r.Text, StringComparison.Ordinal);
            // The channel's buttons would find no channel here.
            Assert.DoesNotContain("pulse.remarks", r.Text, StringComparison.Ordinal);
        });
        // Remarks, from the threshold and without names, for the dealmaker only.
        Assert.Contains("Het loket van de kernen draait nog steeds.", results.Single(r => r.Recipient == "aad-anne").Text, StringComparison.Ordinal);
        Assert.All(results.Where(r => r.Recipient != "aad-anne"), r => Assert.DoesNotContain("Het loket", r.Text, StringComparison.Ordinal));

        // Stored once, marked as a follow-up: part of the deal's history, never of the figures across deals.
        var tally = Assert.Single(await deal.RowsAsync("PulseTallies"), t => t.GetBoolean("IsFollowUp") == true);
        var stored = await deal.A.Services.GetRequiredService<PulseStore>().TalliesAsync(MidtermReviewTemplate.TemplateId, CancellationToken.None);
        Assert.Equal(3, stored.Count);
        Assert.Equal(2, PulseResultsBuilder.AcrossDeals(stored, new HashSet<string>()).Count);
        Assert.DoesNotContain(PulseResultsBuilder.AcrossDeals(stored, new HashSet<string>()), t => t.RoundId == tally.GetString("RoundId"));
        Assert.True((await deal.RowsAsync("PulseRounds")).Single(r => r.GetString("DealEndedOn") is not null).GetBoolean("IsFinished"));

        // The next programme round's overview and CSV show the follow-up round next to the running deals.
        var now = deal.Time.GetUtcNow();
        var programmeRound = await deal.A.Services.GetRequiredService<ProgrammeRoundStore>().TryOpenNextAsync([], 2029, now, now.AddDays(7), MidtermReviewTemplate.TemplateId, CancellationToken.None);
        (await deal.ClientA.PostAsJsonAsync("/api/messages", Activities.PersonalMessage(deal.Connector.ServiceUrl, "programmaronde", userId: Pia.Id, aad: Pia.Aad, name: Pia.Name))).EnsureSuccessStatusCode();
        var overview = FakeConnector.Json(await deal.Connector.WaitForActivityAsync(a => FakeConnector.Json(a).Contains("Programmaronde 2029-01", StringComparison.Ordinal)));
        var followUpSection = overview[overview.IndexOf("Vervolgmetingen van deals die afliepen", StringComparison.Ordinal)..];
        Assert.Contains("Town Deal Krachtige Kernen", followUpSection, StringComparison.Ordinal);
        Assert.Contains("Vervolgmeting: de deal eindigde op 22 april 2027, gesloten op maandag 14 mei 2029 om 17:00", followUpSection, StringComparison.Ordinal);
        Assert.Contains("5 reacties", followUpSection, StringComparison.Ordinal);
        Assert.Contains("Sinds de nulmeting (9 maart 2026): Vormgeving van het proces +1,0", followUpSection, StringComparison.Ordinal);
        var csv = System.Text.Encoding.UTF8.GetString(await deal.A.Services.GetRequiredService<ProgrammeRoundOverview>().CsvAsync(programmeRound!, CancellationToken.None));
        Assert.Equal(8, csv.Split('\n').Count(l => l.StartsWith("Town Deal Krachtige Kernen;Vervolgmeting: de deal eindigde op 22 april 2027", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task At_the_close_below_the_threshold_only_the_reason_for_withholding_is_sent()
    {
        await using var deal = await EndedDeal.StartAsync(storage);
        var sent = await deal.RunLifecycleAsync(new DateOnly(2029, 4, 23), 9, 0);
        foreach (var partner in Partners[..4])
        {
            Assert.Contains("Je antwoorden zijn opgeslagen", await deal.PressInPersonalChatAsync("pulse.followup.answer", AnswerData(sent.First(s => s.Recipient == partner.Aad).Card, 4), partner), StringComparison.Ordinal);
        }

        var results = await deal.CloseAsync();

        Assert.Equal(new[] { "aad-anne", "aad-bram", Pia.Aad }.Order(StringComparer.Ordinal), results.Select(r => r.Recipient).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Contains("Niet getoond: 4 reacties, er zijn er minstens 5 nodig om antwoorden anoniem te houden.", r.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"id\":\"chart\"", r.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"id\":\"results\"", r.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("+1,0", r.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_follow_up_round_is_never_counted_in_the_all_deals_mean()
    {
        var template = MidtermReviewTemplate.Template;
        PulseRoundTally Round(string deal, int score, int day) => PulseTally.Summarize(
            template, deal, "round-" + deal, new DateTimeOffset(2029, 5, day, 15, 0, 0, TimeSpan.Zero),
            [.. Enumerable.Range(1, 5).Select(i => new PulseResponse($"{deal}-{i}", new PulseAnswerSet(template.ScaleQuestions.ToDictionary(q => q.Id, _ => score), new Dictionary<string, string>())))]);

        // Three running deals score 2; the ended deal's follow-up round scores 5.
        var followUp = Round("ended", 5, 14) with { IsFollowUp = true };
        var stored = new[] { Round("a", 2, 1), Round("b", 2, 2), Round("c", 2, 3), followUp };
        var acrossDeals = PulseResultsBuilder.AcrossDeals(stored, new HashSet<string>());
        Assert.DoesNotContain(followUp, acrossDeals);

        // A running deal's card: the mean of all deals is 2.0 (it would be 2.6 with the follow-up round counted).
        var running = PulseResultsBuilder.Build(template, Round("d", 2, 20), [], acrossDeals, PulseViewerRole.Partner);
        Assert.All(running.Indicators, i => Assert.Equal(2.0, i.AllDealsMean.Value, 3));
        // The follow-up round's own card compares with the running deals only, not with itself (it would be 2.75).
        var own = PulseResultsBuilder.Build(template, followUp, [], stored, PulseViewerRole.Partner);
        Assert.All(own.Indicators, i => Assert.Equal(2.0, i.AllDealsMean.Value, 3));
    }

    /// <summary>The form's answer data as the card sends it: its own action data (deal and round) and every statement scored.</summary>
    private static JsonObject AnswerData(JsonObject card, int score)
    {
        var data = card["actions"]![0]!["data"]!.DeepClone().AsObject();
        data.Remove("verb");
        foreach (var statement in MidtermReviewTemplate.Template.ScaleQuestions)
        {
            data[statement.Id] = score.ToString(CultureInfo.InvariantCulture);
        }

        return data;
    }

    /// <summary>The worked example's deal through two instances, with its in-deal rounds, ended by removing the bot.</summary>
    private sealed class EndedDeal : IAsyncDisposable
    {
        private EndedDeal(AzuriteFixture storage, FakeConnector connector, FakeTimeProvider time, string prefix, BotFactory a, BotFactory b)
        {
            (Storage, Connector, Time, Prefix, A, B) = (storage, connector, time, prefix, a, b);
            ClientA = a.StartOnLoopback();
            B.StartOnLoopback();
        }

        public AzuriteFixture Storage { get; }

        public FakeConnector Connector { get; }

        public FakeTimeProvider Time { get; }

        public string Prefix { get; }

        public BotFactory A { get; }

        public BotFactory B { get; }

        public HttpClient ClientA { get; }

        public static async Task<EndedDeal> StartAsync(AzuriteFixture storage)
        {
            var connector = await FakeConnector.StartAsync();
            var time = new FakeTimeProvider(AmsterdamTime.ToInstant(new DateOnly(2025, 4, 22), new TimeOnly(14, 0)));
            var prefix = AzuriteFixture.NewTablePrefix();
            var settings = new Dictionary<string, string?> { ["Jobs:Enabled"] = "false", ["Programme:Administrators:0"] = Pia.Aad };
            var deal = new EndedDeal(storage, connector, time, prefix,
                new BotFactory(storage, settings, s => s.AddSingleton<TimeProvider>(time), prefix),
                new BotFactory(storage, settings, s => s.AddSingleton<TimeProvider>(time), prefix));
            await deal.SetUpAsync();
            return deal;
        }

        private async Task SetUpAsync()
        {
            await LifecycleHarness.SetUpKrachtigeKernenAsync(ClientA, Connector, End);
            foreach (var partner in Partners)
            {
                Connector.Members.Add(new JsonObject { ["id"] = partner.Id, ["aadObjectId"] = partner.Aad, ["name"] = partner.Name, ["email"] = partner.Aad[4..] + "@houten.nl" });
                await PostAsync(Activities.ChannelMessage(Connector.ServiceUrl, "hulp", userId: partner.Id, aad: partner.Aad, name: partner.Name));
                var role = await ClientA.PostAsJsonAsync("/api/messages", Activities.CardAction(Connector.ServiceUrl, DealRoleSaved.Verb,
                    new JsonObject { [CardFields.Of<DealRoleSaved>(nameof(DealRoleSaved.Person))] = partner.Aad, [CardFields.Of<DealRoleSaved>(nameof(DealRoleSaved.Role))] = CityDealBot.Deals.DealRoles.Partner }, LifecycleHarness.Anne));
                Assert.Contains(partner.Name + " is nu", await role.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The administrator and a stranger have talked to the bot, so it could reach them personally.
            await PostAsync(Activities.PersonalMessage(Connector.ServiceUrl, "hulp", userId: Pia.Id, aad: Pia.Aad, name: Pia.Name));
            await PostAsync(Activities.PersonalMessage(Connector.ServiceUrl, "hulp", userId: Xavier.Id, aad: Xavier.Aad, name: Xavier.Name));

            // The baseline in March 2026 (everyone 3) and the last pulse during the deal in March 2027 (everyone 2).
            await InDealRoundAsync(new DateOnly(2026, 3, 2), 3);
            await InDealRoundAsync(new DateOnly(2027, 3, 1), 2);

            // The deal ends and the bot leaves its team.
            Time.SetUtcNow(AmsterdamTime.ToInstant(End.AddDays(1), new TimeOnly(10, 0)));
            await PostAsync(LifecycleHarness.InKrachtigeKernen(Activities.BotRemovedFromTeam(Connector.ServiceUrl)));
            Assert.False((await RowsAsync("Deals")).Single().GetBoolean("IsActive"));
            Assert.Equal(FormerMembers, (await RowsAsync("DealMembers")).Select(m => m.RowKey).Order(StringComparer.Ordinal));
        }

        private async Task InDealRoundAsync(DateOnly monday, int score)
        {
            Time.SetUtcNow(AmsterdamTime.ToInstant(monday, new TimeOnly(10, 0)));
            var store = A.Services.GetRequiredService<PulseStore>();
            var round = await store.CreateRoundAsync(Activities.ChannelId, AmsterdamTime.ToInstant(monday.AddDays(7), new TimeOnly(17, 0)), "aad-anne", "nl", null, CancellationToken.None);
            foreach (var partner in Partners)
            {
                await store.SaveResponseAsync(round, partner.Aad, new PulseAnswerSet(MidtermReviewTemplate.Template.ScaleQuestions.ToDictionary(q => q.Id, _ => score), new Dictionary<string, string>()), CancellationToken.None);
            }

            Time.SetUtcNow(AmsterdamTime.ToInstant(monday.AddDays(8), new TimeOnly(10, 0)));
            await A.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        }

        /// <summary>Both instances' lifecycle jobs at once at this Amsterdam time; what they sent to 1:1 chats.</summary>
        public async Task<IReadOnlyList<(string Recipient, string Text, JsonObject Card)>> RunLifecycleAsync(DateOnly day, int hour, int minute)
        {
            Time.SetUtcNow(AmsterdamTime.ToInstant(day, new TimeOnly(hour, minute)));
            var before = LifecycleHarness.PersonalSends(Connector).Count;
            await Task.WhenAll(
                A.Services.GetRequiredService<LifecycleDispatcher>().RunOnceAsync(CancellationToken.None),
                B.Services.GetRequiredService<LifecycleDispatcher>().RunOnceAsync(CancellationToken.None));
            return await SentSinceAsync(before);
        }

        /// <summary>Both instances' pulse sweepers at once, then one more.</summary>
        public async Task SweepAsync()
        {
            await Task.WhenAll(
                A.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(CancellationToken.None),
                B.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(CancellationToken.None));
            await A.Services.GetRequiredService<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        }

        /// <summary>Past the close (Tuesday 15 May 2029, 10:00), the sweepers of both instances; the results sent personally.</summary>
        public async Task<IReadOnlyList<(string Recipient, string Text, JsonObject Card)>> CloseAsync()
        {
            Time.SetUtcNow(AmsterdamTime.ToInstant(new DateOnly(2029, 5, 15), new TimeOnly(10, 0)));
            var before = LifecycleHarness.PersonalSends(Connector).Count;
            await SweepAsync();
            await SweepAsync();
            return await SentSinceAsync(before);
        }

        private async Task<IReadOnlyList<(string Recipient, string Text, JsonObject Card)>> SentSinceAsync(int before)
        {
            var conversations = await LifecycleHarness.PersonalConversationsAsync(Storage, Prefix);
            return [.. LifecycleHarness.PersonalSends(Connector).Skip(before).Select(c =>
            {
                var card = c.Activity["attachments"]![0]!["content"]!.AsObject();
                return (conversations[c.Conversation], FakeConnector.Json(card), card);
            })];
        }

        /// <summary>A button press in this person's 1:1 chat with the bot; the invoke's answer as JSON text.</summary>
        public async Task<string> PressInPersonalChatAsync(string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL")
        {
            var activity = Activities.CardAction(Connector.ServiceUrl, verb, data, user, locale);
            activity["conversation"] = new JsonObject { ["id"] = "a:personal-" + user.Aad, ["conversationType"] = "personal", ["tenantId"] = Activities.Tenant };
            activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Activities.Tenant } };
            var response = await ClientA.PostAsJsonAsync("/api/messages", activity);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }

        /// <summary>The answers to the follow-up round (the in-deal rounds have their own).</summary>
        public async Task<List<TableEntity>> FollowUpResponsesAsync()
        {
            var round = (await RowsAsync("PulseRounds")).Single(r => r.GetString("DealEndedOn") is not null).RowKey;
            return [.. (await RowsAsync("PulseResponses")).Where(r => r.PartitionKey == round)];
        }

        public async Task<List<TableEntity>> RowsAsync(string table)
        {
            try
            {
                return await Storage.Table(Prefix, table).QueryAsync<TableEntity>().ToListAsync();
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                return [];
            }
        }

        private async Task PostAsync(JsonObject activity) => (await ClientA.PostAsJsonAsync("/api/messages", activity)).EnsureSuccessStatusCode();

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Connector.DisposeAsync();
        }
    }
}
