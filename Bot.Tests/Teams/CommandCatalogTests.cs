using CityDealBot.Cards.Localization;
using CityDealBot.Teams;

namespace CityDealBot.Tests.Teams;

public class CommandCatalogTests
{
    private sealed class Command(string dutch, string english, int order, params CommandMenuItem[] menu) : IBotCommand
    {
        public CommandDefinition Definition { get; } = new(dutch, english, "command.help.description", CommandScopes.Everywhere, order, menu);

        public Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct) => Task.CompletedTask;
    }

    [Fact]
    public void Two_commands_with_the_same_word_are_refused()
    {
        var problem = Assert.Throws<InvalidOperationException>(() => new CommandCatalog([new Command("hulp", "help", 0), new Command("Help", "assist", 1)]));
        Assert.Contains("'help'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_commands_with_the_same_order_are_refused()
    {
        var problem = Assert.Throws<InvalidOperationException>(() => new CommandCatalog([new Command("hulp", "help", 5), new Command("koffie", "coffee", 5)]));
        Assert.Contains("order 5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_with_the_same_word_in_both_languages_is_one_command()
    {
        var catalog = new CommandCatalog([new Command("speeddate", "speeddate", 60), new Command("cop", "cop", 62)]);
        Assert.Equal(("cop", "tijd"), catalog.Match("cop tijd") is { } match ? (match.Command.Definition.DutchWord, match.Arguments) : default);
    }

    [Fact]
    public void Menu_titles_are_the_command_word_and_the_arguments_in_the_same_language()
    {
        var cop = new Command("cop", "cop", 62, new CommandMenuItem("command.cop.plan.menu", "plannen", "plan"), new CommandMenuItem("command.cop.time.menu", "tijd", "time"));
        var help = new Command("hulp", "help", 0, new CommandMenuItem("command.help.menu"));
        var lists = CommandMenu.For(new CommandCatalog([cop, help]));

        Assert.Equal(["hulp", "cop plannen", "cop tijd"], lists[0].Dutch.Select(c => c.Title));
        Assert.Equal(["help", "cop plan", "cop time"], lists[0].English.Select(c => c.Title));
        Assert.Equal(Texts.For(Language.English)["command.cop.time.menu"], lists[0].English[2].Description);
    }

    [Fact]
    public void A_menu_description_that_is_not_a_sentence_is_refused()
    {
        // The help card's description has no full stop: fine on the card, not in the Teams menu.
        var command = new Command("hulp", "help", 0, new CommandMenuItem("command.help.description"));
        Assert.Throws<InvalidOperationException>(() => CommandMenu.For(new CommandCatalog([command])));
    }
}
