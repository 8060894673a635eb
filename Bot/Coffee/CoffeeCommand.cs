using CityDealBot.Deals;
using CityDealBot.Teams;

namespace CityDealBot.Coffee;

/// <summary><c>koffie</c> / <c>coffee</c>: the person's coffee settings, always in their personal chat.</summary>
public sealed class CoffeeCommand(CoffeeStore store, PersonalMessages messages, DealDirectory directory) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("koffie", "coffee", "command.coffee.description", CommandScopes.Everywhere, Order: 70, Menu: [new("command.coffee.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var member = await store.FindMemberAsync(turn.User.TenantId ?? "unknown", turn.User.Key, ct);
        var card = CoffeeActions.SettingsCard(turn.Language, member, null);
        if (turn.Conversation.Kind == ConversationKind.Personal)
        {
            await turn.ReplyAsync(card, ct);
            return;
        }

        // Asked in a channel: the settings are personal, so they go to the 1:1 chat.
        await directory.RememberPersonAsync(turn.User, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl, null, ct);
        if (await directory.FindPersonAsync(turn.User.TenantId ?? "unknown", turn.User.Key, ct) is { } person)
        {
            await messages.SendAsync(person, card, ct);
        }
    }
}
