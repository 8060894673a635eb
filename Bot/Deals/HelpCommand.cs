using CityDealBot.Cards;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary><c>hulp</c> / <c>help</c>: the command overview for where the user is.</summary>
public sealed class HelpCommand(DealDirectory directory) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("hulp", "help", "command.help.description", CommandScopes.Everywhere, Order: 0, Menu: [new("command.help.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        string? dealName = null;
        if (turn.Conversation.ChannelId is { } channelId)
        {
            var deal = await directory.FindDealAsync(channelId, ct);
            dealName = deal?.TeamName;
        }

        var card = HelpCards.Help(new HelpCardView(
            turn.Language,
            turn.Bot.Name ?? "CityDealBot",
            turn.Conversation.Kind != ConversationKind.Personal,
            dealName,
            turn.Commands.HelpFor(turn.Language, turn.Conversation.Kind)));
        await turn.ReplyAsync(card, ct);
    }
}
