using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Pulse;

namespace CityDealBot.Tests.Cards;

public class PulseCardTests
{
    private const string RoundId = "2520000000000000000-0a1b2c3d";
    private const string ChannelId = "19:deal@thread.tacv2";

    private static readonly PulseTemplate Template = MidtermReviewTemplate.Template;

    private static PulseRoundRecord Round(string? refreshUserIds = "29:anne,29:bert") => new()
    {
        PartitionKey = ChannelId,
        RowKey = RoundId,
        DealChannelId = ChannelId,
        TemplateId = MidtermReviewTemplate.TemplateId,
        OpensAt = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        ClosesAt = new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero),
        RefreshUserIds = refreshUserIds,
    };

    private static PulseAnswerSet Answers(int score) =>
        new(Template.ScaleQuestions.ToDictionary(q => q.Id, _ => score), new Dictionary<string, string>(), "Meer tijd voor kennisdeling");

    private static PulseResults Results(int respondents)
    {
        var responses = Enumerable.Range(0, respondents).Select(i => new PulseResponse("p" + i, Answers(1 + (i % 5)))).ToList();
        var tally = PulseTally.Summarize(Template, ChannelId, RoundId, Round().ClosesAt, responses);
        // Three other deals, so the all-deals mean and average spread show.
        PulseRoundTally Other(string deal, double mean, double min, double max) => new(deal, "r-" + deal, Round().ClosesAt.AddDays(-30), 7,
            Template.Indicators.ToDictionary(i => i.Id, i => new IndicatorTally(i.Id, 7, mean, min, max)), new Dictionary<string, ChoiceTally>(), []);
        return PulseResultsBuilder.Build(Template, tally, [], [Other("deal-b", 3.2, 2, 4), Other("deal-c", 3.6, 2, 5), Other("deal-d", 2.8, 1, 4)], PulseViewerRole.Partner);
    }

    private static PulseResults GuideResults()
    {
        // Six partners: measurability and safeguarding the result score lowest, the partners' composition splits them most.
        var responses = Enumerable.Range(0, 6).Select(i => new PulseResponse("p" + i, new PulseAnswerSet(
            Template.ScaleQuestions.ToDictionary(q => q.Id, q => q.IndicatorId switch
            {
                MidtermReviewTemplate.Indicators.Measurability => 2,
                MidtermReviewTemplate.Indicators.ResultsSafeguarding => 2 + (i % 2),
                MidtermReviewTemplate.Indicators.PartnerComposition => i < 3 ? 1 : 5,
                _ => 4,
            }),
            new Dictionary<string, string>()))).ToList();
        return PulseResultsBuilder.Build(Template, PulseTally.Summarize(Template, ChannelId, RoundId, Round().ClosesAt, responses), [], [], PulseViewerRole.Partner);
    }

    [Theory]
    [InlineData(Language.Dutch, "nl", "Town Deal Krachtige Kernen eindigde op 22 april 2027")]
    [InlineData(Language.English, "en", "Town Deal Krachtige Kernen ended on 22 April 2027")]
    public void Follow_up_round_of_a_deal_that_ended(Language language, string code, string intro)
    {
        var round = Round(null);
        round.DealEndedOn = "2027-04-22";
        round.DealName = "Town Deal Krachtige Kernen";
        var card = PulseCards.Pulse(PulsePresenter.FormView(language, round, Template, null, hasAnswered: false, isClosed: false, threshold: 5));
        Snapshot.Match(card, "pulse.followup." + code);
        Assert.StartsWith(intro, ((TextBlock)card.Body.Single(e => e.Id == "followup-intro")).Text, StringComparison.Ordinal);
        // Answered and refreshed in a 1:1 chat: the card names the deal, the server checks the person's role in it.
        var submit = Assert.IsType<ExecuteAction>(Assert.Single(card.Actions!));
        Assert.Equal(FollowUpAnswered.Verb, submit.Verb);
        Assert.Equal(FollowUpRefreshed.Verb, Assert.IsType<ExecuteAction>(card.Refresh!.Action).Verb);
    }

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Conversation_guide(Language language, string code) =>
        Snapshot.Match(PulseCards.Guide(PulsePresenter.GuideView(language, CityDealBot.Tests.Pulse.PulseConversationGuideTests.Deal(), Round(), Template, GuideResults())), "pulse.guide." + code);

    [Fact]
    public void The_guide_button_plans_the_conversation_for_this_deal_and_round()
    {
        var card = PulseCards.Guide(PulsePresenter.GuideView(Language.Dutch, CityDealBot.Tests.Pulse.PulseConversationGuideTests.Deal(), Round(), Template, GuideResults())).ToJsonObject();
        var action = card["actions"]![0]!;
        Assert.Equal("Plan het gesprek", action["title"]!.GetValue<string>());
        Assert.Equal(PulseConversationPlanned.Verb, action["verb"]!.GetValue<string>());
        Assert.Equal(Pulse.PulseConversationGuideTests.Deal().PartitionKey, action["data"]!["deal"]!.GetValue<string>());
        Assert.Equal(RoundId, action["data"]!["pulseId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void New_pulse(Language language, string code) =>
        Snapshot.Match(PulseCards.Pulse(PulsePresenter.FormView(language, Round(), Template, null, hasAnswered: false, isClosed: false, threshold: 5)), "pulse.new." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Pulse_after_saving_with_own_answers(Language language, string code) =>
        Snapshot.Match(PulseCards.Pulse(PulsePresenter.FormView(language, Round(null), Template, Answers(4), hasAnswered: true, isClosed: false, threshold: 5,
            confirmation: Texts.For(language).Format("pulse.card.saved", PulsePresenter.When(Round().ClosesAt, language)))), "pulse.saved." + code);

    [Fact]
    public void Pulse_with_problems_in_English() =>
        Snapshot.Match(PulseCards.Pulse(PulsePresenter.FormView(Language.English, Round(), Template, Answers(3), hasAnswered: false, isClosed: false, threshold: 5,
            problems: ["Score 7 for 'Roles and tasks within the deal are clearly divided.' is outside the scale 1–5."])), "pulse.problems.en");

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Closed_pulse(Language language, string code) =>
        Snapshot.Match(PulseCards.Pulse(PulsePresenter.FormView(language, Round(), Template, Answers(4), hasAnswered: true, isClosed: true, threshold: 5)), "pulse.closed." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Results_shown(Language language, string code) =>
        Snapshot.Match(PulseCards.Results(PulsePresenter.ResultsViewOf(language, Round(), Results(6), closed: true, "https://bot.example.nl/pulse/charts/token.png")), "pulse.results." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Results_withheld(Language language, string code) =>
        Snapshot.Match(PulseCards.Results(PulsePresenter.ResultsViewOf(language, Round(), Results(3), closed: false, null)), "pulse.results.withheld." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Remarks(Language language, string code) =>
        Snapshot.Match(PulseCards.Remarks(new PulseRemarksCardView(language, RoundId, "Midterm review", null, ["Agenda eerder delen", "Meer tijd voor kennisdeling"])), "pulse.remarks." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Export(Language language, string code) =>
        Snapshot.Match(PulseCards.Export(new PulseExportCardView(language, RoundId, "Midterm review", "https://bot.example.nl/pulse/exports/token.csv", "maandag 23 november 2026 om 10:15")), "pulse.export." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Reminder(Language language, string code) =>
        Snapshot.Match(PulseCards.Reminder(new PulseReminderCardView(language, "Midterm review", "City Deal Klimaatadaptatie", "vrijdag 4 december 2026 om 17:00", 1)), "pulse.reminder." + code);

    [Fact]
    public void The_form_has_one_expanded_scale_per_statement_with_the_end_labels()
    {
        var card = PulseCards.Pulse(PulsePresenter.FormView(Language.Dutch, Round(), Template, null, false, false, 5)).ToJsonObject();
        var inputs = Inputs(card).Where(i => i["type"]!.GetValue<string>() == "Input.ChoiceSet").ToList();
        Assert.Equal(Template.ScaleQuestions.Select(q => q.Id), inputs.Select(i => i["id"]!.GetValue<string>()));
        Assert.All(inputs, i => Assert.Equal("expanded", i["style"]!.GetValue<string>()));
        var choices = inputs[0]["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["1 – Zeer zwak", "2", "3", "4", "5 – Zeer sterk"], choices);
        Assert.Null(inputs[0]["value"]);
    }

    [Fact]
    public void Refresh_lists_at_most_sixty_users()
    {
        var many = string.Join(',', Enumerable.Range(0, 75).Select(i => "29:u" + i));
        var card = PulseCards.Pulse(PulsePresenter.FormView(Language.Dutch, Round(many), Template, null, false, false, 5)).ToJsonObject();
        Assert.Equal(PulseCards.MaxRefreshUsers, card["refresh"]!["userIds"]!.AsArray().Count);
        var without = PulseCards.Pulse(PulsePresenter.FormView(Language.Dutch, Round(null), Template, null, false, false, 5)).ToJsonObject();
        Assert.Null(without["refresh"]!["userIds"]);
    }

    private static IEnumerable<JsonObject> Inputs(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal));
}

public class SettingsCardTests
{
    private static DealSettingsCardView View(Language language) => new(
        language,
        "City Deal Klimaatadaptatie",
        [new("Anne de Vries", "aad-anne"), new("Bram Jansen", "aad-bram")],
        [new("Anne de Vries", Texts.For(language)["settings.role.dealmaker"])],
        [.. DealSettingsPresenter.Roles.Select(r => new Choice(DealSettingsPresenter.RoleName(Texts.For(language), r), r))],
        [new("utrecht.nl", "Gemeente Utrecht (Gemeente)")],
        DealSettingsPresenter.TypeChoices(language),
        null,
        []);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Deal_settings(Language language, string code) => Snapshot.Match(SettingsCards.DealSettings(View(language)), "settings.deal." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void Own_organisation(Language language, string code) =>
        Snapshot.Match(SettingsCards.Organisation(new OrganisationCardView(language, Texts.For(language).Format("organisation.current", "Gemeente Utrecht", "Gemeente"), null, null,
            DealSettingsPresenter.TypeChoices(language), null, [])), "settings.organisation." + code);
}
