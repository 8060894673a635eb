using System.Globalization;
using System.Text.Json;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Operations;
using CityDealBot.Organisations;
using CityDealBot.Storage;
using CityDealBot.Teams;
using CityDealBot.DutchTime;
using CityDealBot.Graph;

namespace CityDealBot.Coffee;

/// <summary>Joining, pausing and leaving coffee; ticking a proposed time; answering the follow-up.</summary>
public sealed class CoffeeActions(
    CoffeeStore store, DealDirectory directory, DealSettingsStore organisations, TeamRoster roster, GraphGateway calendar, SignedLinks links, TimeProvider time)
    : ICardActionHandler<CoffeeSettingsSaved>, ICardActionHandler<CoffeeLeft>, ICardActionHandler<CoffeeTimeTicked>, ICardActionHandler<CoffeeMetAnswered>
{
    public static Cards.Adaptive.AdaptiveCard SettingsCard(Language language, CoffeeMemberRecord? member, string? confirmation) =>
        CoffeeCards.Settings(new CoffeeSettingsView(language, member?.IsActive == true, member?.Cadence ?? nameof(CoffeeCadence.Weekly), member?.PausedUntil, confirmation));

    private static string TenantOf(TurnContext turn) => turn.User.TenantId ?? "unknown";

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CoffeeLeft action, CardPress press, CancellationToken ct)
    {
        var member = await store.FindMemberAsync(TenantOf(turn), turn.User.Key, ct);
        if (member is not null)
        {
            member.IsActive = false;
            await store.SaveMemberAsync(member, ct);
        }

        return CardActionResult.WithCard(SettingsCard(turn.Language, member, turn.Texts["coffee.left"]));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CoffeeSettingsSaved action, CardPress press, CancellationToken ct)
    {
        var tenant = TenantOf(turn);
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        DateOnly? pausedUntil = null;
        if (action.Pause.Length > 0)
        {
            // A pause runs for at most a year: "until 9999" is leaving, which the card offers as such.
            if (!DateOnly.TryParseExact(action.Pause, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until) || until < today || until > today.AddYears(1))
            {
                return CardActionResult.Problem(turn.Language, turn.Texts["coffee.invalid_pause"]);
            }

            pausedUntil = until;
        }

        var member = await store.FindMemberAsync(tenant, turn.User.Key, ct) ?? new CoffeeMemberRecord
        {
            PartitionKey = TableKey.Encode(tenant),
            RowKey = TableKey.Encode(turn.User.Key),
            JoinedOn = CoffeeRounds.WeekOf(today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var organisation = await organisations.CorrectionAsync(turn.User.Key, ct);
        member.Name = turn.User.Name;
        member.Organisation = organisation?.Name ?? tenant;
        member.OrganisationType = (organisation?.Type ?? OrganisationType.Other).ToString();
        member.Deal = await DealOfAsync(turn, ct) ?? member.Deal;
        member.Cadence = action.Cadence == nameof(CoffeeCadence.Biweekly) ? nameof(CoffeeCadence.Biweekly) : nameof(CoffeeCadence.Weekly);
        member.PausedUntil = pausedUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        member.IsActive = true;
        member.MailboxId = turn.User.AadObjectId;
        if (turn.Conversation.Kind == ConversationKind.Channel)
        {
            // The roster knows the address; a personal chat does not, so an earlier one is kept.
            try
            {
                var me = (await roster.GetMembersAsync(turn.ServiceUrl, turn.Conversation.TeamId ?? turn.Conversation.ChannelId!, turn.Conversation.TenantId, ct))
                    .FirstOrDefault(m => m.UserId == turn.User.Id);
                member.Email = me?.Address ?? member.Email;
                member.IsGuest = me?.IsGuest ?? member.IsGuest;
            }
            catch (Connector.ConnectorException)
            {
                // Without the roster coffee still works, with proposals from working hours and an .ics.
            }
        }

        await store.SaveMemberAsync(member, ct);
        await directory.RememberPersonAsync(turn.User, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl,
            turn.Conversation.Kind == ConversationKind.Personal ? turn.Conversation.ConversationId : null, ct);
        return CardActionResult.WithCard(SettingsCard(turn.Language, member, turn.Texts["coffee.saved"]));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CoffeeTimeTicked action, CardPress press, CancellationToken ct)
    {
        var (group, problem) = await OwnGroupAsync(turn, action, ct);
        return group is null ? problem! : await TickAsync(turn, group, action.Slot, ct);
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CoffeeMetAnswered action, CardPress press, CancellationToken ct)
    {
        var (group, problem) = await OwnGroupAsync(turn, action, ct);
        return group is null ? problem! : await AnswerAsync(turn, group, action.Answer, ct);
    }

    /// <summary>The group named on the card, only for its own members, identified by who pressed, never by data on the card.</summary>
    private async Task<(CoffeeGroupRecord? Group, CardActionResult? Problem)> OwnGroupAsync(TurnContext turn, CoffeeGroupPress press, CancellationToken ct)
    {
        var group = press.Week.Length == 0 || press.Group.Length == 0 ? null : await store.FindGroupAsync(press.Week, press.Group, ct);
        if (group is null)
        {
            return (null, CardActionResult.Problem(turn.Language, turn.Texts["coffee.unknown"]));
        }

        return group.MemberKeys().Contains(turn.User.Key)
            ? (group, null)
            : (null, CardActionResult.Problem(turn.Language, turn.Texts["coffee.not_yours"]));
    }

    /// <summary>The deal the person belongs to: the channel's deal when asked there, else the first deal that knows them.</summary>
    private async Task<string?> DealOfAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is { } channelId && await directory.FindDealAsync(channelId, ct) is { } deal)
        {
            return deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;
        }

        foreach (var candidate in await directory.ListActiveDealsAsync(ct))
        {
            if (await directory.FindMemberAsync(candidate.ChannelId, turn.User.Key, ct) is not null)
            {
                return candidate.TeamName ?? candidate.ChannelName ?? candidate.ChannelId;
            }
        }

        return null;
    }

    private async Task<CardActionResult> TickAsync(TurnContext turn, CoffeeGroupRecord group, int slot, CancellationToken ct)
    {
        if (slot < 0 || slot >= group.Starts().Count)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["coffee.unknown"]);
        }

        for (var attempt = 0; group.Agreed is null; attempt++)
        {
            var ticks = group.TickMap();
            var mine = new SortedSet<int>(ticks.GetValueOrDefault(turn.User.Key) ?? []);
            if (!mine.Remove(slot))
            {
                mine.Add(slot);
            }

            ticks[turn.User.Key] = [.. mine];
            group.Ticks = JsonSerializer.Serialize(ticks);
            // Agreed as soon as every member ticked the same time (the earliest such).
            var common = group.MemberKeys().Select(k => (IEnumerable<int>)(ticks.GetValueOrDefault(k) ?? [])).Aggregate((a, b) => a.Intersect(b)).Order().ToList();
            group.Agreed = common.Count > 0 ? common[0] : null;
            if (await store.TryUpdateGroupAsync(group, ct) || attempt > 2)
            {
                break;
            }

            group = (await store.FindGroupAsync(group.PartitionKey, group.RowKey, ct))!;
        }

        if (group.Agreed is { } agreed && group.JoinUrl is null)
        {
            await ScheduleAsync(group, agreed, ct);
        }

        return CardActionResult.WithCard(await CoffeeRounds.IntroAsync(group, turn.User.Key, turn.Language, store, links, ct));
    }

    /// <summary>
    /// With Graph and everyone's address known, the agreed half hour becomes a calendar event with a Teams meeting in
    /// the first member's mailbox (the group id as transactionId, so two presses make one event); else the .ics serves.
    /// </summary>
    private async Task ScheduleAsync(CoffeeGroupRecord group, int agreed, CancellationToken ct)
    {
        var members = new List<CoffeeMemberRecord>();
        foreach (var key in group.MemberKeys())
        {
            if (await store.FindMemberAsync(group.TenantId, key, ct) is { } member)
            {
                members.Add(member);
            }
        }

        if (!calendar.IsConfigured || members.Count != group.MemberKeys().Count || members[0].MailboxId is not { } mailbox
            || members.Skip(1).Any(m => string.IsNullOrEmpty(m.Email)))
        {
            return;
        }

        var coffee = new MeetingRequest(group.RowKey, "Koffie / Coffee: " + string.Join(" & ", members.Select(m => m.Name)), Body: null,
            group.Starts()[agreed], CoffeeRounds.SlotMinutes, Online: true);
        var result = await calendar.CreateAsync(mailbox, coffee, [.. members.Skip(1).Select(m => m.Email!)], ct);
        if (result.Succeeded)
        {
            group.JoinUrl = result.JoinUrl;
            await store.TryUpdateGroupAsync(group, ct);
        }
    }

    private async Task<CardActionResult> AnswerAsync(TurnContext turn, CoffeeGroupRecord group, string answer, CancellationToken ct)
    {
        if (answer is not (CoffeeMetAnswered.Yes or CoffeeMetAnswered.No or CoffeeMetAnswered.Later))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["coffee.unknown"]);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var met = group.MetMap();
            met[turn.User.Key] = answer;
            group.Met = JsonSerializer.Serialize(met);
            if (await store.TryUpdateGroupAsync(group, ct))
            {
                break;
            }

            group = (await store.FindGroupAsync(group.PartitionKey, group.RowKey, ct))!;
        }

        return CardActionResult.WithMessage(turn.Texts["coffee.followup.thanks"]);
    }
}
