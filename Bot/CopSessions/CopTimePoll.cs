using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Storage;
using CityDealBot.Teams;
using CityDealBot.DutchTime;
using CityDealBot.Graph;

namespace CityDealBot.CopSessions;

/// <summary>
/// A find-a-time vote. Table <c>CopPolls</c>: PartitionKey = deal key, RowKey = poll id; the proposed starts as
/// Unix seconds (JSON), and for each the number of core people free in their calendars.
/// </summary>
public sealed class CopPollRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Title { get; set; } = string.Empty;

    public int Minutes { get; set; }

    public string Slots { get; set; } = "[]";

    public string FreeCounts { get; set; } = "[]";

    public int CorePeople { get; set; }

    public string OrganiserKey { get; set; } = string.Empty;

    public int? Chosen { get; set; }

    /// <summary>Text key of a note to show with the proposals (why calendars were not used), in each reader's language.</summary>
    public string? NoteKey { get; set; }

    public IReadOnlyList<DateTimeOffset> Starts() => [.. JsonSerializer.Deserialize<long[]>(Slots)!.Select(DateTimeOffset.FromUnixTimeSeconds)];
}

/// <summary>One person's ticks. Table <c>CopPollVotes</c>: PartitionKey = poll id, RowKey = person key.</summary>
public sealed class CopPollVoteRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>Indexes of the slots that suit this person, comma-separated.</summary>
    public string Ticked { get; set; } = string.Empty;

    public IReadOnlySet<int> TickedSlots() =>
        Ticked.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToHashSet();
}

/// <summary>
/// Find a time (<c>cop tijd</c> / <c>cop time</c>): three proposals from the core people's free/busy (Graph
/// getSchedule, when configured), a vote card in the channel that everyone, guests too, can tick, and the
/// organiser's pick, which opens the planning card at that time.
/// </summary>
public sealed class CopTimePoll(DealDirectory directory, ProgrammeAdministrators administrators, StorageTables tables, GraphGateway calendar, TimeProvider time)
    : ICardActionHandler<FindCopTime>, ICardActionHandler<VoteCopTime>, ICardActionHandler<PickCopTime>, ICardActionHandler<RefreshCopPoll>
{
    public const string PollsTable = "CopPolls";
    public const string VotesTable = "CopPollVotes";
    public const int Proposals = 3;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, FindCopTime action, CardPress press, CancellationToken ct)
    {
        if (await FindDealAsync(turn, action.Deal, ct) is not { } deal)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.unknown"]);
        }

        if (!await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
        }

        var title = action.Title;
        if (title.Length is 0 or > 200)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("cop.invalid", turn.Texts["cop.invalid.title"]));
        }

        var people = CopPlanner.Split(action.People);
        if (people.Count > GraphGateway.MaxSchedules)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.findtime.too_many"]);
        }

        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        var from = DateOnly.TryParseExact(action.From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date > today ? date : today.AddDays(1);
        if (from > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime + CopPlanner.MaxAhead))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("cop.invalid", turn.Texts["cop.invalid.too_far"]));
        }

        var weeks = int.TryParse(action.Weeks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) ? Math.Clamp(w, 1, 4) : 2;
        var minutes = int.TryParse(action.Duration, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? Math.Clamp(m, 30, 480) : 90;
        var to = from.AddDays((7 * weeks) - 1);

        IReadOnlyList<IReadOnlyList<BusyInterval>> busy = [];
        string? noteKey = null;
        if (people.Count > 0 && calendar.IsConfigured && turn.User.AadObjectId is { } organiser)
        {
            var (schedules, outcome) = await calendar.GetScheduleAsync(organiser, people,
                AmsterdamTime.ToInstant(from, TimeOnly.MinValue), AmsterdamTime.ToInstant(to.AddDays(1), TimeOnly.MinValue), ct);
            busy = schedules ?? [];
            noteKey = outcome.Succeeded ? null : ScheduleProblem(outcome);
        }
        else if (people.Count > 0)
        {
            noteKey = "cop.findtime.no_calendars";
        }

        var proposals = SlotFinder.Best(busy, from, to, minutes, Proposals);
        var poll = new CopPollRecord
        {
            PartitionKey = deal.PartitionKey,
            RowKey = Guid.NewGuid().ToString("N"),
            Title = title,
            Minutes = minutes,
            Slots = JsonSerializer.Serialize(proposals.Select(p => p.Start.ToUnixTimeSeconds())),
            FreeCounts = JsonSerializer.Serialize(proposals.Select(p => p.Free)),
            CorePeople = busy.Count,
            OrganiserKey = turn.User.Key,
            NoteKey = noteKey,
        };
        await (await tables.GetAsync(PollsTable, ct)).AddEntityAsync(poll, ct);
        await turn.PostAsync(await ViewAsync(poll, Languages.FromLocale(deal.Language), null, ct), ct);
        return CardActionResult.WithCard(await ViewAsync(poll, turn.Language, turn.User.Key, ct));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, VoteCopTime action, CardPress press, CancellationToken ct)
    {
        if (await FindPollAsync(turn, action, ct) is not { } found)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.unknown"]);
        }

        var poll = found.Poll;
        if (poll.Chosen is null)
        {
            if (!IsSlotOf(poll, action.Slot))
            {
                return CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.unknown"]);
            }

            await ToggleAsync(poll, action.Slot, turn.User, ct);
        }

        return CardActionResult.WithCard(await ViewAsync(poll, turn.Language, turn.User.Key, ct));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PickCopTime action, CardPress press, CancellationToken ct)
    {
        if (await FindPollAsync(turn, action, ct) is not { } found)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.unknown"]);
        }

        var (deal, poll) = found;
        if (poll.Chosen is not null)
        {
            return CardActionResult.WithCard(await ViewAsync(poll, turn.Language, turn.User.Key, ct));
        }

        if (poll.OrganiserKey != turn.User.Key)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.only_organiser"]);
        }

        if (!IsSlotOf(poll, action.Slot))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.unknown"]);
        }

        poll.Chosen = action.Slot;
        await (await tables.GetAsync(PollsTable, ct)).UpdateEntityAsync(poll, poll.ETag, TableUpdateMode.Replace, ct);
        var start = AmsterdamTime.ToLocal(poll.Starts()[action.Slot]);
        return CardActionResult.WithCard(CopCards.Plan(new CopPlanView(turn.Language, deal.PartitionKey, deal.ChannelName ?? deal.TeamName ?? string.Empty,
            start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start.ToString("HH:mm", CultureInfo.InvariantCulture), poll.Title, poll.Minutes, CanInviteAllDeals: administrators.Includes(turn.User))));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, RefreshCopPoll action, CardPress press, CancellationToken ct) =>
        await FindPollAsync(turn, action, ct) is { } found
            ? CardActionResult.WithCard(await ViewAsync(found.Poll, turn.Language, turn.User.Key, ct))
            : CardActionResult.Problem(turn.Language, turn.Texts["cop.poll.unknown"]);

    /// <summary>The card's deal, only when it is the deal of the channel the card is in: ids from another deal are not found.</summary>
    private async Task<DealRecord?> FindDealAsync(TurnContext turn, string dealKey, CancellationToken ct) =>
        dealKey.Length > 0 && turn.Conversation.ChannelId is { } channelId && DealDirectory.DealKey(channelId) == dealKey
        && await directory.FindDealByKeyAsync(dealKey, ct) is { IsActive: true } deal
            ? deal
            : null;

    /// <summary>A poll of the card's deal, found only through <see cref="FindDealAsync"/>.</summary>
    private async Task<(DealRecord Deal, CopPollRecord Poll)?> FindPollAsync(TurnContext turn, CopPollPress press, CancellationToken ct)
    {
        if (await FindDealAsync(turn, press.Deal, ct) is not { } deal || press.Poll.Length == 0)
        {
            return null;
        }

        var found = await (await tables.GetAsync(PollsTable, ct)).GetEntityIfExistsAsync<CopPollRecord>(deal.PartitionKey, TableKey.Encode(press.Poll), cancellationToken: ct);
        return found.HasValue ? (deal, found.Value!) : null;
    }

    private static bool IsSlotOf(CopPollRecord poll, int slot) => slot >= 0 && slot < poll.Starts().Count;

    /// <summary>Ticks or unticks one slot for this person; an ETag-guarded replace, retried once when two presses cross.</summary>
    private async Task ToggleAsync(CopPollRecord poll, int slot, TeamsUser user, CancellationToken ct)
    {
        var votes = await tables.GetAsync(VotesTable, ct);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await votes.GetEntityIfExistsAsync<CopPollVoteRecord>(poll.RowKey, TableKey.Encode(user.Key), cancellationToken: ct);
            var vote = existing.HasValue ? existing.Value! : new CopPollVoteRecord { PartitionKey = poll.RowKey, RowKey = TableKey.Encode(user.Key) };
            var ticked = new SortedSet<int>(vote.TickedSlots());
            if (!ticked.Remove(slot))
            {
                ticked.Add(slot);
            }

            vote.Name = user.Name;
            vote.Ticked = string.Join(',', ticked);
            try
            {
                if (existing.HasValue)
                {
                    await votes.UpdateEntityAsync(vote, vote.ETag, TableUpdateMode.Replace, ct);
                }
                else
                {
                    await votes.AddEntityAsync(vote, ct);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt == 0)
            {
                // Someone (the same person on another device) changed it in between: read again.
            }
        }
    }

    private async Task<Cards.Adaptive.AdaptiveCard> ViewAsync(CopPollRecord poll, Language language, string? viewerKey, CancellationToken ct)
    {
        var votes = new List<CopPollVoteRecord>();
        await foreach (var vote in (await tables.GetAsync(VotesTable, ct)).QueryAsync<CopPollVoteRecord>(v => v.PartitionKey == poll.RowKey, cancellationToken: ct))
        {
            votes.Add(vote);
        }

        var free = JsonSerializer.Deserialize<int[]>(poll.FreeCounts) ?? [];
        var mine = viewerKey is null ? null : votes.FirstOrDefault(v => v.RowKey == TableKey.Encode(viewerKey))?.TickedSlots();
        var slots = poll.Starts().Select((start, i) => new CopPollSlot(
            AmsterdamTime.Display(start, language),
            votes.Count(v => v.TickedSlots().Contains(i)),
            [.. votes.Where(v => v.TickedSlots().Contains(i)).Select(v => v.Name).Order(StringComparer.CurrentCulture)],
            mine?.Contains(i) == true,
            i < free.Length ? free[i] : 0)).ToList();
        return CopCards.Poll(new CopPollView(language, poll.PartitionKey, poll.RowKey, poll.Title, poll.Minutes, slots,
            viewerKey is not null && viewerKey == poll.OrganiserKey, poll.Chosen, poll.NoteKey is null ? null : Texts.For(language)[poll.NoteKey], poll.CorePeople));
    }

    private static string ScheduleProblem(CalendarResult outcome) => outcome.Failure switch
    {
        CalendarFailure.Forbidden => "cop.findtime.forbidden",
        CalendarFailure.SignInFailed => "cop.findtime.signin",
        CalendarFailure.Throttled => "cop.graph.throttled_schedule",
        _ => "cop.findtime.no_calendars",
    };
}
