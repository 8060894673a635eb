using CityDealBot.Operations;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Teams;

using CityDealBot.Storage;

namespace CityDealBot.Privacy;

/// <summary><c>mijn gegevens</c> / <c>my data</c>: a summary of what is stored and a short-lived JSON download.</summary>
public sealed class MyDataCommand(PersonalData data, SignedLinks links) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("mijn gegevens", "my data", "command.mydata.description", CommandScopes.Personal, Order: 90, Menu: [new("command.mydata.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.Kind != ConversationKind.Personal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["privacy.personal_only"]), ct);
            return;
        }

        var tenant = turn.Conversation.TenantId ?? "unknown";
        var summary = await data.SummarizeAsync(tenant, turn.User.Key, ct);
        await data.AuditExportAsync(turn.User.Key, ct);
        var facts = summary.RowsPerTable.Where(t => t.Value > 0)
            .Select(t => new Fact(turn.Texts["privacy.kind." + t.Key], t.Value.ToString(turn.Language.Culture())))
            .ToList();
        await turn.ReplyAsync(PrivacyCards.MyData(new MyDataView(turn.Language, facts, links.Url(PrivacyLinks.PersonalDataRoute, tenant, turn.User.Key, turn.Language.Code()))), ct);
    }
}

/// <summary><c>vergeet mij</c> / <c>forget me</c>: asks for confirmation first; the button does the deleting.</summary>
public sealed class ForgetMeCommand(PersonalData data) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("vergeet mij", "forget me", "command.forget.description", CommandScopes.Personal, Order: 91, Menu: [new("command.forget.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.Kind != ConversationKind.Personal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["privacy.personal_only"]), ct);
            return;
        }

        // Say what has to happen first before asking for a confirmation that could not be honoured.
        var obstacles = await data.ObstaclesAsync(turn.Conversation.TenantId ?? "unknown", turn.User.Key, turn.User.Id, turn.User.Name, ct);
        await turn.ReplyAsync(obstacles.Count > 0 ? ForgetMeAction.Blocked(turn, obstacles) : PrivacyCards.ConfirmForget(turn.Language), ct);
    }
}

/// <summary>The confirmed "forget me": always about the person who pressed it, never about data on the card.</summary>
public sealed class ForgetMeAction(PersonalData data) : ICardActionHandler<ForgetMeConfirmed>
{
    public async Task<CardActionResult> HandleAsync(TurnContext turn, ForgetMeConfirmed action, CardPress press, CancellationToken ct)
    {
        if (turn.Conversation.Kind != ConversationKind.Personal || string.IsNullOrEmpty(turn.User.Id))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["privacy.personal_only"]);
        }

        var result = await data.ForgetAsync(turn.Conversation.TenantId ?? "unknown", turn.User.Key, turn.User.Id, turn.User.Name, ct);
        if (result.Removed is not { } removed)
        {
            return CardActionResult.WithCard(Blocked(turn, result.Obstacles));
        }

        return CardActionResult.WithCard(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success,
            turn.Texts["privacy.forget.title"], turn.Texts.Format("privacy.forget.done", removed.Total))));
    }

    /// <summary>Nothing was forgotten: what the person has to do first, in their language.</summary>
    public static Cards.Adaptive.AdaptiveCard Blocked(TurnContext turn, IReadOnlyList<ForgetObstacle> obstacles) =>
        NoticeCards.Problem(turn.Language, string.Join("\n\n", obstacles.Select(o => turn.Texts.Format(o.TextKey, [.. o.Arguments]))));
}
