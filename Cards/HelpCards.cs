using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>One line of the command overview: the word to type and what it does, both in the user's language.</summary>
public sealed record CommandHelp(string Command, string Description);

/// <summary>Where the help is shown changes the advice: in a channel the bot must be @mentioned.</summary>
public sealed record HelpCardView(Language Language, string BotName, bool InChannel, string? DealName, IReadOnlyList<CommandHelp> Commands);

public sealed record WelcomeCardView(Language Language, string BotName, string ChannelName, string? InstallerName, IReadOnlyList<CommandHelp> Commands);

public static class HelpCards
{
    public static AdaptiveCard Help(HelpCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(texts["help.title"]),
            new TextBlock(view.DealName is null ? texts["help.intro"] : texts.Format("help.intro.deal", view.DealName)),
            CommandTable(texts, view.Commands),
            new TextBlock(view.InChannel ? texts.Format("help.howto.channel", view.BotName) : texts["help.howto.personal"])
            {
                IsSubtle = true,
                Size = TextSize.Small,
            },
        };
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts["help.title"], Body = body };
    }

    public static AdaptiveCard Welcome(WelcomeCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(texts.Format("welcome.title", view.BotName)),
            new TextBlock(texts.Format("welcome.intro", view.ChannelName)),
            new TextBlock(texts["welcome.what"]),
            CommandTable(texts, view.Commands),
            new TextBlock(view.InstallerName is null
                ? texts["welcome.dealmaker.unknown"]
                : texts.Format("welcome.dealmaker", view.InstallerName)) { IsSubtle = true },
            new TextBlock(texts["welcome.privacy"]) { IsSubtle = true, Size = TextSize.Small },
        };
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts.Format("welcome.title", view.BotName), Body = body };
    }

    private static TextBlock Heading(string text) =>
        new(text) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" };

    private static FactSet CommandTable(Texts texts, IReadOnlyList<CommandHelp> commands) =>
        new([.. commands.Select(c => new Fact(c.Command, c.Description))]) { Id = "commands", Spacing = Spacing.Medium };
}
