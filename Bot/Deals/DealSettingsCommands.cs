using CityDealBot.Cards;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary><c>instellingen</c> / <c>settings</c>: a dealmaker grants roles and maps e-mail domains to organisations.</summary>
public sealed class DealSettingsCommand(DealSettingsPresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("instellingen", "settings", "command.settings.description", CommandScopes.Channel, Order: 20, Menu: [new("command.settings.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var result = await presenter.SettingsAsync(turn, null, [], ct);
        await turn.ReplyAsync(result.Card ?? NoticeCards.Problem(turn.Language, result.Message ?? string.Empty), ct);
    }
}

/// <summary><c>organisatie</c> / <c>organisation</c>: a person sees and corrects their own organisation.</summary>
public sealed class OrganisationCommand(DealSettingsPresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("organisatie", "organisation", "command.organisation.description", CommandScopes.Everywhere, Order: 21,
        Menu: [new("command.organisation.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct) =>
        await turn.ReplyAsync(await presenter.OrganisationAsync(turn, null, [], ct), ct);
}
