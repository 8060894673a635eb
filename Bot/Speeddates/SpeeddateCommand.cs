using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;

namespace CityDealBot.Speeddates;

/// <summary>
/// <c>speeddate [rounds] [minutes]</c> (same word in Dutch and English): an organiser or dealmaker of the
/// channel's deal opens a session and the bot posts its sign-up card.
/// </summary>
public sealed class SpeeddateCommand(DealDirectory directory, SpeeddateStore store, TimeProvider time) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("speeddate", "speeddate", "command.speeddate.description", CommandScopes.Channel, Order: 60);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { IsActive: true } deal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.not_in_channel"]), ct);
            return;
        }

        if (!await directory.HasRoleAsync(channelId, turn.User.Key, ct, DealRoles.Organiser, DealRoles.Dealmaker))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["speeddate.only_organisers"]), ct);
            return;
        }

        if (SpeeddateSessionMath.ParseArguments(arguments) is not var (rounds, minutes))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["speeddate.bad_arguments"]), ct);
            return;
        }

        var session = new SpeeddateSessionRecord
        {
            PartitionKey = deal.PartitionKey,
            RowKey = SpeeddateStore.NewSessionId(),
            OrganiserKey = turn.User.Key,
            DealName = deal.TeamName ?? deal.ChannelName ?? "City Deal",
            Rounds = rounds,
            Minutes = minutes,
            Seed = Random.Shared.Next(),
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddSessionAsync(session, ct);
        await turn.ReplyAsync(SpeeddateCards.SignUp(SpeeddateViews.SignUp(turn.Language, session, 0, null, null)), ct);
    }
}
