using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;

namespace CityDealBot.Speeddates;

/// <summary>
/// <c>speeddate [rounds] [minutes] [trios|pairs] [online] [auto]</c> (same word in Dutch and English): an organiser or
/// dealmaker of the channel's deal opens a session and the bot posts its sign-up card. "trio"/"drietallen"/"trios"
/// seats people in groups of 3 (and 2), "duo"/"paren"/"pairs" (the default) in pairs. "online" (or "hybride"/"hybrid") gives each
/// group of each round its own Teams meeting when Graph is configured; "auto" moves to the next round when the
/// minutes are up.
/// </summary>
public sealed class SpeeddateCommand(DealDirectory directory, SpeeddateStore store, RecentRosters rosters, TimeProvider time) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("speeddate", "speeddate", "command.speeddate.description", CommandScopes.Channel, Order: 60, Menu: [new("command.speeddate.menu")]);

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

        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var online = words.Any(w => w.ToLowerInvariant() is "online" or "hybride" or "hybrid");
        var automatic = words.Any(w => w.ToLowerInvariant() is "auto" or "automatisch" or "automatic");
        var groupSizes = words.Select(SpeeddateSessionMath.GroupSizeWord).OfType<int>().Distinct().ToList();
        var numbers = string.Join(' ', words.Where(w => SpeeddateSessionMath.GroupSizeWord(w) is null
            && w.ToLowerInvariant() is not ("online" or "hybride" or "hybrid" or "auto" or "automatisch" or "automatic")));
        if (groupSizes.Count > 1 || SpeeddateSessionMath.ParseArguments(numbers) is not var (rounds, minutes))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["speeddate.bad_arguments"]), ct);
            return;
        }

        var session = new SpeeddateSessionRecord
        {
            PartitionKey = deal.PartitionKey,
            RowKey = SpeeddateStore.NewSessionId(),
            OrganiserKey = turn.User.Key,
            OrganiserObjectId = turn.User.AadObjectId,
            DealName = deal.TeamName ?? deal.ChannelName ?? "City Deal",
            Rounds = rounds,
            GroupSize = groupSizes.Count == 1 ? groupSizes[0] : SpeeddateSessionMath.PairGroups,
            Minutes = minutes,
            IsOnline = online,
            AutoAdvance = automatic,
            Seed = Random.Shared.Next(),
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddSessionAsync(session, ct);
        // Sign-ups look people up in the roster: read it once now rather than when the hall presses Join.
        rosters.Warm(deal.ServiceUrl, deal.TeamId ?? deal.ChannelId, deal.TenantId);
        await turn.ReplyAsync(SpeeddateCards.SignUp(SpeeddateViews.SignUp(turn.Language, session, 0, null, null)), ct);
    }
}
