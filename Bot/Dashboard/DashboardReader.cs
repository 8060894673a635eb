using CityDealBot.Cards.Localization;
using CityDealBot.Coffee;
using CityDealBot.CopSessions;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Elections;
using CityDealBot.Elections.Lobby;
using CityDealBot.Pulse;
using CityDealBot.Speeddates;
using Microsoft.Extensions.Options;

namespace CityDealBot.Dashboard;

/// <summary>A deal's pulse results as the results card would show them to <see cref="PulseResults.Viewer"/>, oldest round first.</summary>
public sealed record DealResults(DealRecord Deal, IReadOnlyList<PulseResults> Rounds, int Members)
{
    public string Name => DashboardReader.NameOf(Deal);

    public PulseResults? Latest => Rounds.Count == 0 ? null : Rounds[^1];
}

/// <summary>How many contacts people of two deals made with each other (speeddates and coffee); deals, never people.</summary>
public sealed record DealContact(string DealA, string DealB, int Speeddates, int Coffees)
{
    public int Total => Speeddates + Coffees;
}

/// <summary>A CoP session in the window, with how many said they would come (past sessions).</summary>
public sealed record SessionSummary(string DealName, string Title, DateTimeOffset StartsAt, int Yes, bool IsPast);

public enum TimelineKind
{
    Election,
    LobbyMoment,
    CopSession,
}

/// <summary>One thing on the 24-month timeline; <see cref="Deals"/> names the deals it concerns (empty for elections and sessions).</summary>
public sealed record TimelineItem(DateOnly Date, TimelineKind Kind, LocalizedText Title, LocalizedText? Election, IReadOnlyList<string> Deals);

public sealed record ProgrammeData(
    PulseTemplate Template,
    IReadOnlyList<DealResults> Deals,
    IReadOnlyList<DealContact> Contacts,
    IReadOnlyList<SessionSummary> Sessions,
    IReadOnlyList<TimelineItem> Timeline,
    DateOnly Today);

public sealed record DealData(
    PulseTemplate Template,
    DealResults Results,
    IReadOnlyList<TimelineItem> Lobby,
    IReadOnlyList<SessionSummary> Sessions,
    DateOnly Today);

/// <summary>
/// Reads what the dashboard shows from the feature stores, in a few scans and partition queries, and turns pulse
/// tallies into results through <see cref="PulseResultsBuilder"/>, so every threshold the results card applies
/// applies here too. Only closed rounds (stored tallies) are shown; a running pulse appears once it closes.
/// </summary>
public sealed class DashboardReader(
    DealDirectory directory,
    PulseStore pulses,
    LobbyStore lobby,
    LobbyCalendarSource calendars,
    CopSessionStore sessions,
    SpeeddateStore speeddates,
    CoffeeStore coffee,
    IOptions<PulsePrivacyOptions> privacy,
    TimeProvider time)
{
    public const int HorizonMonths = DealLobbyCalendar.DefaultHorizonMonths;

    /// <summary>How far back CoP attendance is counted.</summary>
    public static readonly TimeSpan AttendanceWindow = TimeSpan.FromDays(365);

    public static string NameOf(DealRecord deal) => deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;

    public async Task<ProgrammeData> ProgrammeAsync(CancellationToken ct)
    {
        var template = PulseTemplates.Default;
        var now = time.GetUtcNow();
        var today = AmsterdamTime.LocalDate(now);

        var dealsTask = directory.ListActiveDealsAsync(ct);
        var talliesTask = pulses.TalliesAsync(template.Id, ct);
        var nonDealsTask = directory.NonDealChannelIdsAsync(ct);
        var membersTask = directory.MemberCountsAsync(ct);
        var settingsTask = lobby.GetAllSettingsAsync(ct);
        var confirmationsTask = lobby.GetConfirmationsAsync(ct);
        var calendarTask = calendars.GetAsync(ct);
        var sessionsTask = sessions.UpcomingAsync(now - AttendanceWindow, now.AddMonths(HorizonMonths), ct);
        var contactsTask = ContactsAsync(ct);
        await Task.WhenAll(dealsTask, talliesTask, nonDealsTask, membersTask, settingsTask, confirmationsTask, calendarTask, sessionsTask, contactsTask);

        var deals = dealsTask.Result.Where(d => d.IsDeal).OrderBy(NameOf, StringComparer.CurrentCultureIgnoreCase).ToList();
        var nonDeals = nonDealsTask.Result;
        var acrossDeals = talliesTask.Result.Where(t => !nonDeals.Contains(t.DealId)).ToList();
        var byDeal = acrossDeals.ToLookup(t => t.DealId, StringComparer.Ordinal);
        var results = deals
            .Select(d => Results(template, d, byDeal[d.ChannelId].ToList(), acrossDeals, PulseViewerRole.Partner, membersTask.Result.GetValueOrDefault(d.PartitionKey)))
            .ToList();

        var names = deals.ToDictionary(d => d.PartitionKey, NameOf, StringComparer.Ordinal);
        var lobbyDeals = deals
            .Where(d => settingsTask.Result.TryGetValue(d.PartitionKey, out var s) && s.Governments.Count > 0)
            .Select(d => new LobbyDeal(d.PartitionKey, NameOf(d), settingsTask.Result[d.PartitionKey].Governments, []))
            .ToList();
        var timeline = new List<TimelineItem>();
        var entries = calendarTask.Result.ProgrammeView(lobbyDeals, time, confirmationsTask.Result, HorizonMonths);
        foreach (var entry in entries)
        {
            timeline.Add(new TimelineItem(entry.DueDate, TimelineKind.LobbyMoment, entry.Moment.Title, entry.Election.Kind.DisplayName(),
                [.. entry.DealIds.Select(id => names.GetValueOrDefault(id, id)).Order(StringComparer.CurrentCultureIgnoreCase)]));
        }

        var horizon = today.AddMonths(HorizonMonths);
        foreach (var election in calendarTask.Result.Calendar.Between(today, horizon))
        {
            timeline.Add(new TimelineItem(election.Date, TimelineKind.Election, election.Kind.DisplayName(), null, []));
        }

        var sessionSummaries = await SessionsAsync(sessionsTask.Result, names, now, ct);
        timeline.AddRange(sessionSummaries.Where(s => !s.IsPast).Select(s => new TimelineItem(AmsterdamTime.LocalDate(s.StartsAt), TimelineKind.CopSession, new LocalizedText(s.Title, s.Title), null, [s.DealName])));

        return new ProgrammeData(template, results, contactsTask.Result, sessionSummaries, [.. timeline.OrderBy(t => t.Date).ThenBy(t => t.Kind)], today);
    }

    /// <summary>One deal's view: its rounds (remarks only for <paramref name="viewer"/> dealmaker), lobby moments and sessions.</summary>
    public async Task<DealData> DealAsync(DealRecord deal, PulseViewerRole viewer, CancellationToken ct)
    {
        var template = PulseTemplates.Default;
        var now = time.GetUtcNow();
        var today = AmsterdamTime.LocalDate(now);
        var talliesTask = pulses.TalliesAsync(template.Id, ct);
        var nonDealsTask = directory.NonDealChannelIdsAsync(ct);
        var membersTask = directory.ListMembersAsync(deal.ChannelId, ct);
        var settingsTask = lobby.GetSettingsAsync(deal.PartitionKey, ct);
        var confirmationsTask = lobby.GetConfirmationsAsync(ct);
        var calendarTask = calendars.GetAsync(ct);
        var sessionsTask = sessions.UpcomingAsync(now - AttendanceWindow, now.AddMonths(HorizonMonths), ct);
        await Task.WhenAll(talliesTask, nonDealsTask, membersTask, settingsTask, confirmationsTask, calendarTask, sessionsTask);

        var acrossDeals = talliesTask.Result.Where(t => !nonDealsTask.Result.Contains(t.DealId)).ToList();
        var history = talliesTask.Result.Where(t => t.DealId == deal.ChannelId).OrderBy(t => t.ClosesAt).ToList();
        if (viewer == PulseViewerRole.Dealmaker && history.Count > 0)
        {
            // Stored tallies keep no remarks: for a dealmaker the latest round is tallied again from its answers, as
            // the results card does, while they are kept (answer retention removes them, and the remarks with them).
            var latest = history[^1];
            var responses = await pulses.ResponsesAsync(latest.RoundId, ct);
            if (responses.Count > 0)
            {
                history[^1] = PulseTally.Summarize(template, deal.ChannelId, latest.RoundId, latest.ClosesAt, responses);
            }
        }

        var results = Results(template, deal, history, acrossDeals, viewer, membersTask.Result.Count);

        var lobbyItems = new List<TimelineItem>();
        if (settingsTask.Result.Governments.Count > 0)
        {
            var lobbyDeal = new LobbyDeal(deal.PartitionKey, NameOf(deal), settingsTask.Result.Governments, []);
            foreach (var occurrence in calendarTask.Result.Upcoming(lobbyDeal, time, confirmationsTask.Result, HorizonMonths))
            {
                lobbyItems.Add(new TimelineItem(occurrence.DueDate, TimelineKind.LobbyMoment,
                    occurrence.Moment.Title, occurrence.Election.Kind.DisplayName(), []));
            }
        }

        var own = sessionsTask.Result.Where(s => s.PartitionKey == deal.PartitionKey).ToList();
        var summaries = await SessionsAsync(own, new Dictionary<string, string> { [deal.PartitionKey] = NameOf(deal) }, now, ct);
        return new DealData(template, results, lobbyItems, summaries, today);
    }

    private DealResults Results(PulseTemplate template, DealRecord deal, List<PulseRoundTally> history, List<PulseRoundTally> acrossDeals, PulseViewerRole viewer, int members)
    {
        // Each round as the results card showed it when it closed: compared with the rounds before it and with
        // each other deal's latest round up to then, under the same thresholds.
        var rounds = history
            .OrderBy(t => t.ClosesAt)
            .Select(t => PulseResultsBuilder.Build(template, t, history, [.. acrossDeals.Where(o => o.ClosesAt <= t.ClosesAt)], viewer, privacy.Value))
            .ToList();
        return new DealResults(deal, rounds, members);
    }

    private async Task<List<SessionSummary>> SessionsAsync(IReadOnlyList<CopSessionRecord> rows, IReadOnlyDictionary<string, string> names, DateTimeOffset now, CancellationToken ct)
    {
        var attending = rows.Any(s => s.StartsAt <= now) ? await sessions.AttendingCountsAsync(ct) : new Dictionary<string, int>();
        return [.. rows
            .Select(s => new SessionSummary(names.GetValueOrDefault(s.PartitionKey, s.PartitionKey), s.Title, s.StartsAt, s.StartsAt <= now ? attending.GetValueOrDefault(s.RowKey) : 0, s.StartsAt <= now))
            .OrderBy(s => s.StartsAt)];
    }

    private async Task<IReadOnlyList<DealContact>> ContactsAsync(CancellationToken ct)
    {
        var speeddateMeetingsTask = speeddates.AllMeetingsAsync(ct);
        var speeddateDealsTask = speeddates.ConfirmedDealsAsync(ct);
        var coffeeDealsTask = coffee.DealsOfMembersAsync(ct);
        var coffeeMeetingsTask = coffee.HistoryAsync(DateOnly.MaxValue, ct);
        await Task.WhenAll(speeddateMeetingsTask, speeddateDealsTask, coffeeDealsTask, coffeeMeetingsTask);

        var counts = new Dictionary<(string, string), (int Speeddates, int Coffees)>();
        void Count(string? dealA, string? dealB, int speeddate, int coffees)
        {
            if (string.IsNullOrWhiteSpace(dealA) || string.IsNullOrWhiteSpace(dealB) || string.Equals(dealA, dealB, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var key = string.Compare(dealA, dealB, StringComparison.OrdinalIgnoreCase) < 0 ? (dealA.Trim(), dealB.Trim()) : (dealB.Trim(), dealA.Trim());
            var known = counts.GetValueOrDefault(key);
            counts[key] = (known.Speeddates + speeddate, known.Coffees + coffees);
        }

        foreach (var meeting in speeddateMeetingsTask.Result)
        {
            Count(speeddateDealsTask.Result.GetValueOrDefault(meeting.PersonA), speeddateDealsTask.Result.GetValueOrDefault(meeting.PersonB), meeting.Times, 0);
        }

        foreach (var meeting in coffeeMeetingsTask.Result)
        {
            Count(coffeeDealsTask.Result.GetValueOrDefault(meeting.PersonA), coffeeDealsTask.Result.GetValueOrDefault(meeting.PersonB), 0, 1);
        }

        return [.. counts.Select(c => new DealContact(c.Key.Item1, c.Key.Item2, c.Value.Speeddates, c.Value.Coffees)).OrderByDescending(c => c.Total).ThenBy(c => c.DealA, StringComparer.Ordinal)];
    }
}
