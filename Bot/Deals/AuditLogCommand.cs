using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Teams;
using CityDealBot.DutchTime;

namespace CityDealBot.Deals;

/// <summary>
/// <c>logboek</c> / <c>audit log</c> in a deal's channel: the latest role changes, exports, deletions, settings and
/// admin commands, 20 at a time, for the deal's dealmakers only (checked here, whatever the card shows).
/// </summary>
public sealed class AuditLogCommand(DealDirectory directory, AuditTrail audit) : IBotCommand, ICardActionHandler<AuditOlderEntries>
{
    public const int PageSize = 20;

    public CommandDefinition Definition { get; } = new("logboek", "audit log", "command.audit.description", CommandScopes.Channel, Order: 80, Menu: [new("command.audit.menu")]);

    /// <summary>The log goes to the dealmaker in person; a channel sees only a short note (guests read channels too).</summary>
    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var page = await PageAsync(turn, null, ct);
        if (page.IsPersonal)
        {
            await turn.SendPersonallyAsync(page.Card!, ct);
            return;
        }

        await turn.ReplyAsync(page.Card!, ct);
    }

    public Task<CardActionResult> HandleAsync(TurnContext turn, AuditOlderEntries action, CardPress press, CancellationToken ct)
    {
        var cursor = action.Cursor;
        // Cursors are RowKeys: 19 digits, a dash and 6 hex characters. Anything else is not ours.
        return cursor.Length == 26 && cursor[19] == '-' && cursor[..19].All(char.IsAsciiDigit)
            ? PageAsync(turn, cursor, ct, action.Deal)
            : Task.FromResult(CardActionResult.Problem(turn.Language, turn.Texts["audit.invalid"]));
    }

    /// <summary>
    /// A page of the log for a dealmaker of the deal: in a channel the channel's deal; in the personal chat the
    /// log was sent to, the deal the card names, whose dealmaker the person must be (checked here, as always).
    /// </summary>
    private async Task<CardActionResult> PageAsync(TurnContext turn, string? cursor, CancellationToken ct, string? cardDealKey = null)
    {
        var deal = turn.Conversation.ChannelId is { } channelId ? await directory.FindDealAsync(channelId, ct)
            : turn.Conversation.Kind == ConversationKind.Personal && !string.IsNullOrEmpty(cardDealKey) ? await directory.FindDealByKeyAsync(cardDealKey, ct)
            : null;
        if (deal is null || (await directory.FindMemberAsync(deal.ChannelId, turn.User.Key, ct))?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["audit.dealmakers_only"]);
        }

        var page = await audit.ReadAsync(deal.PartitionKey, cursor, PageSize, ct);
        var lines = page.Entries.Select(e => new AuditLine(
            AmsterdamTime.ToLocal(e.At).ToString("d MMM yyyy HH:mm", turn.Language.Culture()),
            Named(turn.Texts, e.Actor),
            Describe(turn.Texts, e))).ToList();
        return CardActionResult.Personal(AuditCards.Log(new AuditLogView(turn.Language, deal.TeamName ?? deal.ChannelName ?? string.Empty, lines, page.NextCursor, cursor is not null, deal.PartitionKey)));
    }

    /// <summary>A person forgotten at their request shows as "a member" in the reader's language.</summary>
    private static string Named(Texts texts, string name) => name == AuditTrail.ForgottenMember ? texts["audit.forgotten_member"] : name;

    private static int Placeholders(string text) =>
        Enumerable.Range(0, 10).Count(i => text.Contains("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", StringComparison.Ordinal));

    /// <summary>The entry in the reader's language; roles are stored as codes and named here.</summary>
    private static string Describe(Texts texts, AuditEntry entry)
    {
        var arguments = entry.Arguments.Select(a => Named(texts, a)).ToArray<object>();
        if (entry.Action == AuditActions.RoleChanged && arguments.Length == 2 && texts.Has("settings.role." + arguments[1]))
        {
            arguments[1] = texts["settings.role." + arguments[1]];
        }

        if (entry.Action == AuditActions.ChannelKindChanged && arguments.Length == 1)
        {
            arguments[0] = ChannelKindCommand.KindName(texts, (string)arguments[0]);
        }

        var key = "audit." + entry.Action;
        // An entry written by a newer version (unknown action, other arguments) still shows, as its code.
        return texts.Has(key) && arguments.Length >= Placeholders(texts[key]) ? texts.Format(key, arguments) : entry.Action;
    }
}
