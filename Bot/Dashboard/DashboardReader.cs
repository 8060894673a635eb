using CityDealBot.Cards.Localization;
using CityDealBot.Coffee;
using CityDealBot.CopSessions;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Elections;
using CityDealBot.Elections.Lobby;
using CityDealBot.Lifecycle;
using CityDealBot.Pulse;
using CityDealBot.Speeddates;
using Microsoft.Extensions.Options;

namespace CityDealBot.Dashboard;

/// <summary>A deal's pulse results as the results card would show them to <see cref="PulseResults.Viewer"/>, oldest round first.</summary>
/// <remarks><see cref="Profile"/> is null while nobody filled in the deal's profile.</remarks>
public sealed record DealResults(DealRecord Deal, IReadOnlyList<PulseResults> Rounds, int Members, DealProfile? Profile)
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

    /// <summary>A prompt of the deal's life from <see cref="LifecycleSchedule"/>: scaling up, extend or close, steering group, network.</summary>
    DealMilestone,

    DealEnd,
}

/// <summary>
/// The programme view's selection: a deal kind and a phase from the deal profiles, or <see cref="NoProfile"/> for the
/// deals nobody described yet. Null is "all". Deals have no theme (lessons have), so there is no theme filter.
/// </summary>
public sealed record ProgrammeFilter(string? Kind, string? Phase)
{
    public const string NoProfile = "none";

    public static ProgrammeFilter All { get; } = new(null, null);

    public bool IsActive => Kind is not null || Phase is not null;

    /// <summary>The filter from a query's values; an unknown value is dropped and reported in <paramref name="invalid"/>.</summary>
    public static ProgrammeFilter Parse(string? kind, string? phase, out bool invalid)
    {
        var parsedKind = Value<DealKind>(kind, out var badKind);
        var parsedPhase = Value<DealPhase>(phase, out var badPhase);
        invalid = badKind || badPhase;
        return new ProgrammeFilter(parsedKind, parsedPhase);
    }

    public bool Matches(DealProfile? profile) =>
        (Kind is null || (profile is null ? Kind == NoProfile : Kind == profile.Kind.ToString()))
        && (Phase is null || (profile is null ? Phase == NoProfile : Phase == profile.Phase.ToString()));

    private static string? Value<TEnum>(string? text, out bool invalid)
        where TEnum : struct, Enum
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text == NoProfile)
        {
            return NoProfile;
        }

        // Names only: a number would parse as an enum value too.
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text, StringComparison.Ordinal));
        invalid = name is null;
        return name;
    }
}

/// <summary>One thing on the 24-month timeline; <see cref="Deals"/> names the deals it concerns (empty for elections and sessions).</summary>
public sealed record TimelineItem(DateOnly Date, TimelineKind Kind, LocalizedText Title, LocalizedText? Election, IReadOnlyList<string> Deals);

public sealed record ProgrammeData(
    PulseTemplate Template,
    IReadOnlyList<DealResults> Deals,
    IReadOnlyList<DealContact> Contacts,
    IReadOnlyList<SessionSummary> Sessions,
    IReadOnlyList<TimelineItem> Timeline,
    DateOnly Today,
    ProgrammeFilter Filter,
    int AllDeals);

public sealed record DealData(
    PulseTemplate Template,
    DealResults Results,
    IReadOnlyList<TimelineItem> Lobby,
    IReadOnlyList<TimelineItem> Milestones,
    IReadOnlyList<SessionSummary> Sessions,
    DateOnly Today,
    IReadOnlyList<LessonRecord> Lessons);

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
    DealProfileStore profiles,
    LessonStore lessons,
    IOptions<PulsePrivacyOptions> privacy,
    TimeProvider time)
{
    public const int HorizonMonths = DealLobbyCalendar.DefaultHorizonMonths;

    /// <summary>The deal view lists the deal's latest lessons, newest first.</summary>
    public const int LessonsShown = 10;

    /// <summary>How far back CoP attendance is counted.</summary>
    public static readonly TimeSpan AttendanceWindow = TimeSpan.FromDays(365);

    public static string NameOf(DealRecord deal) => deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;

    /// <summary>The deal-life prompts the timeline shows as milestones; the closing checklist is the end date itself,
    /// and the follow-up round belongs to a deal that has ended.</summary>
    private static readonly LifecyclePromptKind[] Milestones =
    [
        LifecyclePromptKind.ScalingUp18, LifecyclePromptKind.ScalingUp12, LifecyclePromptKind.ExtendOrClose,
        LifecyclePromptKind.SteeringGroupReport, LifecyclePromptKind.NetworkMeeting,
    ];

    public Task<ProgrammeData> ProgrammeAsync(CancellationToken ct) => ProgrammeAsync(ProgrammeFilter.All, ct);

    /// <summary>The programme view for the deals <paramref name="filter"/> selects: every section shows those deals only.</summary>
    public async Task<ProgrammeData> ProgrammeAsync(ProgrammeFilter filter, CancellationToken ct)
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
        var profilesTask = profiles.ListAsync(ct);
        await Task.WhenAll(dealsTask, talliesTask, nonDealsTask, membersTask, settingsTask, confirmationsTask, calendarTask, sessionsTask, contactsTask, profilesTask);

        var profileOf = profilesTask.Result.ToDictionary(p => p.DealKey, p => p.Profile, StringComparer.Ordinal);
        var allDeals = dealsTask.Result.Where(d => d.IsDeal).ToList();
        var deals = allDeals.Where(d => filter.Matches(profileOf.GetValueOrDefault(d.PartitionKey))).OrderBy(NameOf, StringComparer.CurrentCultureIgnoreCase).ToList();
        var nonDeals = nonDealsTask.Result;
        var acrossDeals = PulseResultsBuilder.AcrossDeals(talliesTask.Result, nonDeals).ToList();
        var byDeal = acrossDeals.ToLookup(t => t.DealId, StringComparer.Ordinal);
        var results = deals
            .Select(d => Results(template, d, byDeal[d.ChannelId].ToList(), acrossDeals, PulseViewerRole.Partner, membersTask.Result.GetValueOrDefault(d.PartitionKey), profileOf.GetValueOrDefault(d.PartitionKey)))
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

        foreach (var deal in deals)
        {
            if (profileOf.GetValueOrDefault(deal.PartitionKey) is { } profile)
            {
                timeline.AddRange(DealMilestones(profile, NameOf(deal), today, horizon));
            }
        }

        // A filter keeps the sessions of the deals it selects; without one, sessions outside any deal show too.
        IReadOnlyList<CopSessionRecord> sessionRows = filter.IsActive ? [.. sessionsTask.Result.Where(s => names.ContainsKey(s.PartitionKey))] : sessionsTask.Result;
        var sessionSummaries = await SessionsAsync(sessionRows, names, now, ct);
        timeline.AddRange(sessionSummaries.Where(s => !s.IsPast).Select(s => new TimelineItem(AmsterdamTime.LocalDate(s.StartsAt), TimelineKind.CopSession, new LocalizedText(s.Title, s.Title), null, [s.DealName])));

        // Contacts name deals as people confirmed them; under a filter only contacts between two selected deals count.
        var selectedNames = new HashSet<string>(names.Values, StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<DealContact> contacts = filter.IsActive ? [.. contactsTask.Result.Where(c => selectedNames.Contains(c.DealA) && selectedNames.Contains(c.DealB))] : contactsTask.Result;

        return new ProgrammeData(template, results, contacts, sessionSummaries, [.. timeline.OrderBy(t => t.Date).ThenBy(t => t.Kind)], today, filter, allDeals.Count);
    }

    /// <summary>A deal's end date and the milestones of its life (<see cref="LifecycleSchedule"/>) from today to the horizon.</summary>
    public static IEnumerable<TimelineItem> DealMilestones(DealProfile profile, string dealName, DateOnly today, DateOnly horizon)
    {
        var (nl, en) = (new DashboardTexts(Language.Dutch), new DashboardTexts(Language.English));
        foreach (var prompt in LifecycleSchedule.Plan(profile).Where(p => Milestones.Contains(p.Kind) && p.DueDate >= today && p.DueDate <= horizon))
        {
            var title = new LocalizedText(MilestoneTitle(prompt, nl), MilestoneTitle(prompt, en));
            yield return new TimelineItem(prompt.DueDate, TimelineKind.DealMilestone, title, null, [dealName]);
        }

        if (profile.End is { } end && end >= today && end <= horizon)
        {
            var title = new LocalizedText(nl.Format("milestone.end", DealProfileNames.Kind(profile.Kind, Language.Dutch)), en.Format("milestone.end", DealProfileNames.Kind(profile.Kind, Language.English)));
            yield return new TimelineItem(end, TimelineKind.DealEnd, title, null, [dealName]);
        }
    }

    private static string MilestoneTitle(LifecyclePrompt prompt, DashboardTexts t) => prompt.Kind switch
    {
        // The steering group's period is its year-month: name the month the report is for.
        LifecyclePromptKind.SteeringGroupReport when DateOnly.TryParseExact(prompt.Period + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month)
            => t.Format("milestone.SteeringGroupReport", month.ToString("MMMM yyyy", t.Language.Culture())),
        _ => t["milestone." + prompt.Kind],
    };

    /// <summary>One deal's view: its rounds (remarks only for <paramref name="viewer"/> dealmaker), lobby moments and sessions.</summary>
    public async Task<DealData> DealAsync(DealRecord deal, PulseViewerRole viewer, CancellationToken ct, bool withInternalLessons = true)
    {
        var template = PulseTemplates.Default;
        var now = time.GetUtcNow();
        var today = AmsterdamTime.LocalDate(now);
        var talliesTask = pulses.TalliesAsync(template.Id, ct);
        var nonDealsTask = directory.NonDealChannelIdsAsync(ct);
        var membersTask = directory.ListMembersAsync(deal.ChannelId, ct);
        var settingsTask = lobby.GetSettingsAsync(deal.PartitionKey, ct);
        var profileTask = profiles.FindAsync(deal.PartitionKey, ct);
        var confirmationsTask = lobby.GetConfirmationsAsync(ct);
        var calendarTask = calendars.GetAsync(ct);
        var sessionsTask = sessions.UpcomingAsync(now - AttendanceWindow, now.AddMonths(HorizonMonths), ct);
        // The deal's own lessons; internal ones only for the deal's people.
        var lessonsTask = lessons.ListForDealAsync(deal.PartitionKey, LessonsShown, ct);
        await Task.WhenAll(talliesTask, nonDealsTask, membersTask, settingsTask, profileTask, confirmationsTask, calendarTask, sessionsTask, lessonsTask);

        var acrossDeals = PulseResultsBuilder.AcrossDeals(talliesTask.Result, nonDealsTask.Result).ToList();
        var history = talliesTask.Result.Where(t => t.DealId == deal.ChannelId).OrderBy(t => t.ClosesAt).ToList();
        if (viewer == PulseViewerRole.Dealmaker && history.Count > 0)
        {
            // Stored tallies keep no remarks: for a dealmaker the latest round is tallied again from its answers, as
            // the results card does, while they are kept (answer retention removes them, and the remarks with them).
            var latest = history[^1];
            var responses = await pulses.ResponsesAsync(latest.RoundId, ct);
            if (responses.Count > 0)
            {
                history[^1] = PulseTally.Summarize(template, deal.ChannelId, latest.RoundId, latest.ClosesAt, responses) with { IsFollowUp = latest.IsFollowUp };
            }
        }

        var profile = profileTask.Result?.Profile;
        var results = Results(template, deal, history, acrossDeals, viewer, membersTask.Result.Count, profile);

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
        var milestones = profile is null ? [] : DealMilestones(profile, NameOf(deal), today, today.AddMonths(HorizonMonths)).ToList();
        return new DealData(template, results, lobbyItems, milestones, summaries, today, [.. lessonsTask.Result.Where(l => withInternalLessons || l.IsPublic)]);
    }

    private DealResults Results(PulseTemplate template, DealRecord deal, List<PulseRoundTally> history, List<PulseRoundTally> acrossDeals, PulseViewerRole viewer, int members, DealProfile? profile)
    {
        // Each round as the results card showed it when it closed: compared with the rounds before it and with
        // each other deal's latest round up to then, under the same thresholds.
        var rounds = history
            .OrderBy(t => t.ClosesAt)
            .Select(t => PulseResultsBuilder.Build(template, t, history, [.. acrossDeals.Where(o => o.ClosesAt <= t.ClosesAt)], viewer, privacy.Value))
            .ToList();
        return new DealResults(deal, rounds, members, profile);
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
