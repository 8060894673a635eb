using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;

namespace CityDealBot.Speeddates;

/// <summary>
/// <c>vraagkaarten</c> / <c>question cards</c>: the deal's decks of question cards for speeddates, for its organisers and
/// dealmakers: the default deck, their own decks (to create, edit, share and delete) and the decks other deals share.
/// </summary>
public sealed class QuestionDeckCommand(DealDirectory directory, QuestionDeckActions actions) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("vraagkaarten", "question cards", "command.decks.description", CommandScopes.Channel, Order: 75, Menu: [new("command.decks.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { IsActive: true } deal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.not_in_channel"]), ct);
            return;
        }

        if (!await directory.HasRoleAsync(channelId, turn.User.Key, ct, DealRoles.Organiser, DealRoles.Dealmaker))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["decks.only_organisers"]), ct);
            return;
        }

        await turn.ReplyAsync(await actions.ListAsync(turn.Language, deal, null, ct), ct);
    }
}
