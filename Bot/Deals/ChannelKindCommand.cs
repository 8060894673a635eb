using CityDealBot.Cards;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary>
/// <c>kanaal</c> / <c>channel</c> [<c>cop</c> | <c>programma</c>/<c>programme</c> | <c>deal</c>]: says what this channel is
/// for. Anyone may ask; only a programme administrator may change it. A CoP or programme channel is never counted as
/// a deal in figures across deals; <c>deal</c> turns it back.
/// </summary>
public sealed class ChannelKindCommand(DealDirectory directory, ProgrammeAdministrators administrators, AuditTrail audit) : IBotCommand
{
    private static readonly Dictionary<string, string> KindByWord = new(StringComparer.OrdinalIgnoreCase)
    {
        ["deal"] = ChannelKinds.Deal,
        ["cop"] = ChannelKinds.Cop,
        ["programma"] = ChannelKinds.Programme,
        ["programme"] = ChannelKinds.Programme,
        ["program"] = ChannelKinds.Programme,
    };

    public CommandDefinition Definition { get; } = new("kanaal", "channel", "command.channel.description", CommandScopes.Channel, Order: 85, Menu: [new("command.channel.menu")]);

    public static string KindName(Cards.Localization.Texts texts, string kind) => texts["channel.kind." + (ChannelKinds.All.Contains(kind) ? kind : ChannelKinds.Deal)];

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var texts = turn.Texts;
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { IsActive: true } deal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts["error.not_in_channel"]), ct);
            return;
        }

        var word = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (word is null)
        {
            var current = deal.IsDeal ? ChannelKinds.Deal : deal.ChannelKind!;
            await turn.ReplyAsync(Notice(turn, NoticeKind.Information, texts.Format("channel.current", KindName(texts, current))), ct);
            return;
        }

        if (!administrators.Includes(turn.User))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts["programme.not_admin"]), ct);
            return;
        }

        if (!KindByWord.TryGetValue(word, out var kind))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts.Format("channel.unknown_kind", word.Length > 20 ? word[..20] : word)), ct);
            return;
        }

        var before = await directory.SetChannelKindAsync(channelId, kind, ct);
        if (before is null)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts["error.not_in_channel"]), ct);
            return;
        }

        if (before != kind)
        {
            await audit.RecordAsync(deal.PartitionKey, AuditActions.ChannelKindChanged, turn.User.Name, [kind], ct);
        }

        var message = texts.Format(kind == ChannelKinds.Deal ? "channel.saved.deal" : "channel.saved.other", KindName(texts, kind));
        await turn.ReplyAsync(Notice(turn, NoticeKind.Success, message), ct);
    }

    private static Cards.Adaptive.AdaptiveCard Notice(TurnContext turn, NoticeKind kind, string message) =>
        NoticeCards.Notice(new NoticeCardView(turn.Language, kind, turn.Texts["channel.title"], message));
}
