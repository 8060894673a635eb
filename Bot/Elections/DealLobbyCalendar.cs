using CityDealBot.DutchTime;
namespace CityDealBot.Elections;

/// <summary>A deal as the lobby calendar sees it: its governments and who gets its reminders.</summary>
public sealed record LobbyDeal(string DealId, string Name, IReadOnlyList<Government> Governments, IReadOnlyList<LobbyRecipient> Recipients);

/// <summary>Someone (or a channel) who receives a deal's reminders; <see cref="Id"/> is whatever the host addresses them by.</summary>
public sealed record LobbyRecipient(string Id, string Language = "nl");

/// <summary>
/// A dealmaker's (or admin's) statement that an event happened. <see cref="DealId"/> null means it holds for every deal;
/// <see cref="Government"/> null means it holds for every government of the election (e.g. a national coalition agreement).
/// </summary>
public sealed record LobbyEventConfirmation(string? DealId, string ElectionId, LobbyEvent Event, Government? Government, DateOnly OccurredOn);

/// <summary>How a moment's due date was found.</summary>
public enum LobbyDueBasis
{
    /// <summary>Fixed offset from election, nomination or installation day.</summary>
    Scheduled,
    /// <summary>Event-confirmable moment, not confirmed yet: estimated from usual durations.</summary>
    Estimated,
    /// <summary>Event-confirmable moment after its event was confirmed.</summary>
    Confirmed,
    /// <summary>Snap election: an early moment that had already passed when the election was announced, moved after the announcement.</summary>
    Compressed,
}

/// <summary>One lobby moment of one election for one deal (for event moments of local elections: per government).</summary>
public sealed record LobbyOccurrence(
    string DealId,
    Election Election,
    LobbyMomentTemplate Moment,
    Government? Government,
    IReadOnlyList<Government> Governments,
    DateOnly DueDate,
    LobbyDueBasis Basis)
{
    /// <summary>Moment part of the delivery key: a confirmed event moment gets a new key so the follow-up is sent even after the estimate was.</summary>
    public string MomentKey =>
        (Government is null ? Moment.Id : $"{Moment.Id}:{Government.Key}") + (Basis == LobbyDueBasis.Confirmed ? ":confirmed" : "");
}

/// <summary>Programme-wide view: one moment of one election and the deals it is due for.</summary>
public sealed record ProgrammeLobbyEntry(Election Election, LobbyMomentTemplate Moment, DateOnly DueDate, IReadOnlyList<LobbyOccurrence> Occurrences)
{
    public IReadOnlyList<string> DealIds => Occurrences.Select(o => o.DealId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Computes each deal's lobby moments from its governments, the election calendar and the lobby timeline.</summary>
public sealed class DealLobbyCalendar(ElectionCalendar calendar, LobbyTimeline timeline)
{
    public const int DefaultHorizonMonths = 24;

    /// <summary>Snap elections: missed early moments are spread over at most this many days after the announcement.</summary>
    public const int CompressionWindowDays = 42;

    // Moments run from 18 months before an election day to months after it; a confirmed event can come very late
    // (slowest college formation on record: 229 days), so look a year back.
    private const int LeadMonths = 19;
    private const int TailMonths = 12;

    public ElectionCalendar Calendar { get; } = calendar;
    public LobbyTimeline Timeline { get; } = timeline;

    /// <summary>The deal's moments due in [today, today + months], today being the Amsterdam date of the provider's clock.</summary>
    public IReadOnlyList<LobbyOccurrence> Upcoming(LobbyDeal deal, TimeProvider time, IReadOnlyCollection<LobbyEventConfirmation> confirmations, int months = DefaultHorizonMonths) =>
        Upcoming(deal, time.GetUtcNow(), confirmations, months);

    /// <summary>The deal's moments due in [today, today + months], today being the Amsterdam date of <paramref name="now"/>.</summary>
    public IReadOnlyList<LobbyOccurrence> Upcoming(LobbyDeal deal, DateTimeOffset now, IReadOnlyCollection<LobbyEventConfirmation> confirmations, int months = DefaultHorizonMonths)
    {
        var today = AmsterdamTime.LocalDate(now);
        return Occurrences(deal, today, today.AddMonths(months), confirmations);
    }

    /// <summary>Every deal's upcoming moments grouped per (election, moment, due date): the programme-wide view.</summary>
    public IReadOnlyList<ProgrammeLobbyEntry> ProgrammeView(IEnumerable<LobbyDeal> deals, TimeProvider time, IReadOnlyCollection<LobbyEventConfirmation> confirmations, int months = DefaultHorizonMonths) =>
        deals.SelectMany(d => Upcoming(d, time, confirmations, months))
            .GroupBy(o => (o.Election.Id, o.Moment.Id, o.DueDate))
            .Select(g => new ProgrammeLobbyEntry(g.First().Election, g.First().Moment, g.Key.DueDate, g.ToList()))
            .OrderBy(e => e.DueDate).ThenBy(e => e.Election.Date).ThenBy(e => e.Moment.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The deal's moments with due date in [from, to], ordered by due date.</summary>
    public IReadOnlyList<LobbyOccurrence> Occurrences(LobbyDeal deal, DateOnly from, DateOnly to, IReadOnlyCollection<LobbyEventConfirmation> confirmations)
    {
        var result = new List<LobbyOccurrence>();
        foreach (var dealElection in Calendar.ForGovernments(deal.Governments, from.AddMonths(-TailMonths), to.AddMonths(LeadMonths)))
        {
            foreach (var occurrence in ForElection(deal.DealId, dealElection, confirmations))
            {
                if (occurrence.DueDate >= from && occurrence.DueDate <= to)
                {
                    result.Add(occurrence);
                }
            }
        }
        return result
            .OrderBy(o => o.DueDate).ThenBy(o => o.Election.Date).ThenBy(o => o.MomentKey, StringComparer.Ordinal)
            .ToList();
    }

    private IEnumerable<LobbyOccurrence> ForElection(string dealId, DealElection dealElection, IReadOnlyCollection<LobbyEventConfirmation> confirmations)
    {
        var election = dealElection.Election;
        var templates = Timeline.For(election.Kind);
        var compressed = CompressedDates(election, templates);
        foreach (var template in templates)
        {
            if (!template.IsEventConfirmable)
            {
                var basis = compressed.TryGetValue(template.Id, out var moved) ? LobbyDueBasis.Compressed : LobbyDueBasis.Scheduled;
                yield return new LobbyOccurrence(dealId, election, template, null, dealElection.Governments,
                    basis == LobbyDueBasis.Compressed ? moved : template.EstimatedDate(election), basis);
                continue;
            }
            // Local bodies each form their own coalition, at very different speeds; national ones form one.
            var perGovernment = election.Kind is ElectionKind.Gemeenteraad or ElectionKind.Herindeling
                or ElectionKind.ProvincialeStaten or ElectionKind.Waterschap or ElectionKind.Eilandsraad;
            var targets = perGovernment ? dealElection.Governments.Select(g => (Government?)g) : [null];
            foreach (var government in targets)
            {
                var confirmed = Confirmation(confirmations, dealId, election.Id, template.ConfirmedBy!.Value, government);
                yield return confirmed is { } day
                    ? new LobbyOccurrence(dealId, election, template, government, dealElection.Governments, day.AddDays(template.DaysAfterConfirmation), LobbyDueBasis.Confirmed)
                    : new LobbyOccurrence(dealId, election, template, government, dealElection.Governments, template.EstimatedDate(election), LobbyDueBasis.Estimated);
            }
        }
    }

    /// <summary>
    /// For a snap election (AnnouncedOn set), the pre-nomination moments that fell before the announcement are spread evenly over
    /// the weeks after it, as parties then write a programme in about two months.
    /// </summary>
    private static Dictionary<string, DateOnly> CompressedDates(Election election, IReadOnlyList<LobbyMomentTemplate> templates)
    {
        var moved = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        if (election.AnnouncedOn is not { } announced)
        {
            return moved;
        }
        var missed = templates
            .Where(t => !t.IsEventConfirmable && t.IsBeforeNomination && t.EstimatedDate(election) < announced)
            .OrderBy(t => t.EstimatedDate(election))
            .ToList();
        if (missed.Count == 0)
        {
            return moved;
        }
        var nomination = election.NominationDay ?? election.Date.AddDays(-ElectionRules.NominationToElectionDays);
        var window = Math.Max(0, Math.Min(CompressionWindowDays, nomination.DayNumber - announced.DayNumber - 1));
        for (var i = 0; i < missed.Count; i++)
        {
            moved[missed[i].Id] = announced.AddDays(window * i / missed.Count);
        }
        return moved;
    }

    private static DateOnly? Confirmation(IReadOnlyCollection<LobbyEventConfirmation> confirmations, string dealId, string electionId, LobbyEvent lobbyEvent, Government? government) =>
        confirmations
            .Where(c => c.ElectionId == electionId && c.Event == lobbyEvent && (c.DealId is null || c.DealId == dealId))
            .Where(c => c.Government is null || (government is not null && c.Government.SameAs(government)))
            // A deal's own confirmation wins over a programme-wide one.
            .OrderByDescending(c => c.DealId is not null).ThenByDescending(c => c.Government is not null).ThenByDescending(c => c.OccurredOn)
            .Select(c => (DateOnly?)c.OccurredOn)
            .FirstOrDefault();
}
