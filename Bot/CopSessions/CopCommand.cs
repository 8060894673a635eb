using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;
using CityDealBot.DutchTime;

namespace CityDealBot.CopSessions;

/// <summary>
/// <c>cop plannen</c> / <c>cop plan</c>: the planning card; <c>cop tijd</c> / <c>cop time</c>: find a time first. For the
/// deal's dealmakers and organisers.
/// </summary>
public sealed class CopCommand(DealDirectory directory, ProgrammeAdministrators administrators, ISpeeddateBlocks speeddates, TimeProvider time) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("cop", "cop", "command.cop.description", CommandScopes.Channel, Order: 62,
        Menu: [new("command.cop.plan.menu", "plannen", "plan"), new("command.cop.time.menu", "tijd", "time")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { } deal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.not_in_channel"]), ct);
            return;
        }

        if (!await directory.HasRoleAsync(channelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["cop.only_organisers"]), ct);
            return;
        }

        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        if (arguments.StartsWith("tijd", StringComparison.OrdinalIgnoreCase) || arguments.StartsWith("time", StringComparison.OrdinalIgnoreCase))
        {
            await turn.ReplyAsync(CopCards.FindTime(new CopFindTimeView(turn.Language, deal.PartitionKey,
                today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))), ct);
            return;
        }

        await turn.ReplyAsync(CopCards.Plan(CopPlanDefaults.ForDeal(turn.Language, deal.PartitionKey, deal.ChannelName ?? deal.TeamName ?? string.Empty, today)
            with { CanInviteAllDeals = administrators.Includes(turn.User), Decks = await speeddates.DeckChoicesAsync(deal.PartitionKey, turn.Language, ct) }), ct);
    }
}
