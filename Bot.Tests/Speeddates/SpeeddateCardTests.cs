using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Speeddates;
using CityDealBot.Tests.Cards;

namespace CityDealBot.Tests.Speeddates;

public class SpeeddateCardTests
{
    private const string Session = "0123456789abcdef0123456789abcdef";

    private static SpeeddateSignUpView SignUp(Language language, SpeeddateConfirmation? mine, string? note) => new(
        language, Session, "City Deal Klimaatadaptatie", 3, 8, 5, SpeeddateViews.OrganisationTypes(language), mine, note);

    [Fact]
    public void Sign_up_in_Dutch() => Snapshot.Match(SpeeddateCards.SignUp(SignUp(Language.Dutch, null, null)), "speeddate.signup.nl");

    [Fact]
    public void Sign_up_after_joining_in_English() => Snapshot.Match(
        SpeeddateCards.SignUp(SignUp(Language.English, new SpeeddateConfirmation("City Deal Klimaatadaptatie", "Universiteit Utrecht", "KnowledgeInstitute", false), "You're in.")),
        "speeddate.signup.joined.en");

    [Fact]
    public void Sign_up_for_trios_in_English() => Snapshot.Match(
        SpeeddateCards.SignUp(SignUp(Language.English, null, null) with { GroupSize = 3 }), "speeddate.signup.trios.en");

    [Fact]
    public void Shared_sign_up_refreshes_for_participants() => Snapshot.Match(
        SpeeddateCards.SignUp(SignUp(Language.Dutch, null, null) with { RefreshFor = ["29:anne", "29:bram"] }), "speeddate.signup.refresh.nl");

    [Fact]
    public void Refresh_lists_at_most_sixty_users()
    {
        var card = SpeeddateCards.SignUp(SignUp(Language.English, null, null) with { RefreshFor = [.. Enumerable.Range(0, 80).Select(i => "29:u" + i)] });
        Assert.Equal(SpeeddateCards.MaxRefreshUsers, card.Refresh!.UserIds!.Count);
    }

    [Fact]
    public void Round_in_Dutch() => Snapshot.Match(SpeeddateCards.Round(new SpeeddateRoundView(Language.Dutch, "City Deal Klimaatadaptatie", 1, 3, 8,
    [
        new(1, [new("Anne de Vries", "Gemeente Utrecht"), new("Bram Jansen", "Ministerie van BZK")], "Welke regel zou je schrappen?"),
        new(2, [new("Chris Bakker", "Universiteit Utrecht"), new("Dina Yilmaz", "Gemeente Amersfoort"), new("Eva Smit", string.Empty)], "Wie mist er aan tafel?"),
    ])), "speeddate.round.nl");

    [Fact]
    public void Group_with_chat_link_in_English() => Snapshot.Match(SpeeddateCards.Group(new SpeeddateGroupView(Language.English, "City Deal Klimaatadaptatie", 2, 3, 8, 4,
        [new("Bram Jansen", "Ministry of BZK")], "Who is still missing?", "https://teams.microsoft.com/l/chat/0/0?users=a%40x.nl,b%40y.nl&topicName=Speeddate%20round%202")),
        "speeddate.group.en");

    [Fact]
    public void Group_without_chat_link_in_Dutch() => Snapshot.Match(SpeeddateCards.Group(new SpeeddateGroupView(Language.Dutch, "Deal", 1, 2, 5, 1,
        [new("Bram Jansen", "Ministerie van BZK"), new("Eva Smit", "TNO")], "Vraag?", null)), "speeddate.group.nolink.nl");

    [Fact]
    public void Organiser_controls_in_Dutch() => Snapshot.Match(SpeeddateCards.Control(new SpeeddateControlView(Language.Dutch, Session, 1, 3,
        [new Choice("Anne de Vries", "aad-anne"), new Choice("Bram Jansen", "aad-bram")], 1, "1 persoonlijk(e) bericht(en) konden niet worden verstuurd.")), "speeddate.control.nl");

    [Fact]
    public void Last_round_controls_offer_to_finish()
    {
        var json = SpeeddateCards.Control(new SpeeddateControlView(Language.English, Session, 3, 3, [], 0, null)).ToJson();
        Assert.Contains("Finish", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Next round", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_in_English() => Snapshot.Match(SpeeddateCards.Summary(new SpeeddateSummaryView(Language.English, "Deal",
        [new("Bram Jansen", "Ministry of BZK"), new("Eva Smit", "TNO")], 1)), "speeddate.summary.en");

    [Fact]
    public void Metrics_in_Dutch() => Snapshot.Match(SpeeddateCards.Metrics(new SpeeddateMetricsView(Language.Dutch, "Deal", 4, 2, 5, 0.4, 1.0, 1, 1,
        [new("Anne de Vries", 2), new("Bram Jansen", 1)])), "speeddate.metrics.nl");

    [Theory]
    [InlineData(Language.Dutch)]
    [InlineData(Language.English)]
    public void Every_question_exists_in_both_languages_and_differs(Language language)
    {
        var texts = Texts.For(language);
        var questions = Enumerable.Range(1, ConversationQuestions.Count).Select(i => texts["speeddate.question." + i]).ToList();
        Assert.Equal(questions.Count, questions.Distinct().Count());
        Assert.All(questions, q => Assert.EndsWith("?", q, StringComparison.Ordinal));
    }
}
