using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Tests.Cards;

public class FoundationCardTests
{
    private static readonly CommandHelp[] DutchCommands = [new("hulp", "Dit overzicht van opdrachten"), new("peiling", "Start een peiling")];
    private static readonly CommandHelp[] EnglishCommands = [new("help", "This overview of commands"), new("pulse", "Start a pulse check")];

    [Fact]
    public void Help_in_a_channel_in_Dutch() =>
        Snapshot.Match(HelpCards.Help(new HelpCardView(Language.Dutch, "CityDealBot", InChannel: true, "Deal Circulaire Stad", DutchCommands)), "help.channel.nl");

    [Fact]
    public void Help_in_personal_chat_in_English() =>
        Snapshot.Match(HelpCards.Help(new HelpCardView(Language.English, "CityDealBot", InChannel: false, null, EnglishCommands)), "help.personal.en");

    [Fact]
    public void Welcome_in_Dutch() =>
        Snapshot.Match(HelpCards.Welcome(new WelcomeCardView(Language.Dutch, "CityDealBot", "Algemeen", "Anne de Vries", DutchCommands)), "welcome.nl");

    [Fact]
    public void Welcome_in_English_without_a_known_installer() =>
        Snapshot.Match(HelpCards.Welcome(new WelcomeCardView(Language.English, "CityDealBot", "General", null, EnglishCommands)), "welcome.en");

    [Fact]
    public void Problem_notice_in_English() =>
        Snapshot.Match(NoticeCards.Problem(Language.English, "Scores run from 1 to 5."), "notice.problem.en");

    [Fact]
    public void Help_lists_every_command_given()
    {
        var card = HelpCards.Help(new HelpCardView(Language.Dutch, "Bot", true, null, DutchCommands)).ToJsonObject();
        var facts = card["body"]!.AsArray().Single(e => e!["id"]?.GetValue<string>() == "commands")!["facts"]!.AsArray();
        Assert.Equal(["hulp", "peiling"], facts.Select(f => f!["title"]!.GetValue<string>()));
    }

    [Fact]
    public void Execute_actions_carry_a_submit_fallback_with_the_same_verb()
    {
        var action = CardActions.Execute("Opslaan", "pulse.answer", new() { ["pulseId"] = "p1" });
        Assert.Equal("pulse.answer", action.Verb);
        var fallback = Assert.IsType<SubmitAction>(action.Fallback);
        Assert.Equal("pulse.answer", fallback.Data![CardActions.VerbKey]!.GetValue<string>());
        Assert.Equal("p1", fallback.Data["pulseId"]!.GetValue<string>());
        Assert.Null(action.Data![CardActions.VerbKey]);
    }
}
