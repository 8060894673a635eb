using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Elections;
using CityDealBot.Teams;
using static CityDealBot.Teams.CardData;

namespace CityDealBot.Deals;

/// <summary>
/// <c>logboek</c> / <c>audit log</c> in a deal's channel: the latest role changes, exports, deletions, settings and
/// admin commands, 20 at a time, for the deal's dealmakers only (checked here, whatever the card shows).
/// </summary>
public sealed class AuditLogCommand(DealDirectory directory, AuditTrail audit) : IBotCommand, ICardActionHandler
{
    public const int PageSize = 20;

    public CommandDefinition Definition { get; } = new("logboek", "audit log", "command.audit.description", CommandScopes.Channel, Order: 80, Menu: [new("command.audit.menu")]);

    public IReadOnlyCollection<string> Verbs { get; } = [AuditCards.MoreVerb];

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct) =>
        await turn.ReplyAsync((await PageAsync(turn, null, ct)).Card!, ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        var cursor = Text(action.Data, "cursor");
        // Cursors are RowKeys: 19 digits, a dash and 6 hex characters. Anything else is not ours.
        return cursor.Length == 26 && cursor[19] == '-' && cursor[..19].All(char.IsAsciiDigit)
            ? PageAsync(turn, cursor, ct)
            : Task.FromResult(CardActionResult.Problem(turn.Language, turn.Texts["audit.invalid"]));
    }

    private async Task<CardActionResult> PageAsync(TurnContext turn, string? cursor, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId
            || await directory.FindDealAsync(channelId, ct) is not { } deal
            || (await directory.FindMemberAsync(channelId, turn.User.Key, ct))?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["audit.dealmakers_only"]);
        }

        var page = await audit.ReadAsync(deal.PartitionKey, cursor, PageSize, ct);
        var lines = page.Entries.Select(e => new AuditLine(
            AmsterdamTime.ToLocal(e.At).ToString("d MMM yyyy HH:mm", turn.Language.Culture()),
            e.Actor,
            Describe(turn.Texts, e))).ToList();
        return CardActionResult.WithCard(AuditCards.Log(new AuditLogView(turn.Language, deal.TeamName ?? deal.ChannelName ?? string.Empty, lines, page.NextCursor, cursor is not null)));
    }

    private static int Placeholders(string text) =>
        Enumerable.Range(0, 10).Count(i => text.Contains("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", StringComparison.Ordinal));

    /// <summary>The entry in the reader's language; roles are stored as codes and named here.</summary>
    private static string Describe(Texts texts, AuditEntry entry)
    {
        var arguments = entry.Arguments.ToArray<object>();
        if (entry.Action == AuditActions.RoleChanged && arguments.Length == 2 && texts.Has("settings.role." + arguments[1]))
        {
            arguments[1] = texts["settings.role." + arguments[1]];
        }

        var key = "audit." + entry.Action;
        // An entry written by a newer version (unknown action, other arguments) still shows, as its code.
        return texts.Has(key) && arguments.Length >= Placeholders(texts[key]) ? texts.Format(key, arguments) : entry.Action;
    }
}
