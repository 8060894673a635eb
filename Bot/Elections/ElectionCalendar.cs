using System.Collections.Concurrent;
using System.Globalization;

namespace CityDealBot.Elections;

/// <summary>An election as it concerns a deal: which of the deal's governments it elects.</summary>
public sealed record DealElection(Election Election, IReadOnlyList<Government> Governments);

/// <summary>
/// The election calendar: shipped data, rule-computed future dates and admin overrides merged.
/// Precedence for one election id: override over shipped data over rule. A held or official Tweede Kamer election
/// (or any override) restarts the Tweede Kamer chain: later computed or estimated dates are recomputed from it.
/// </summary>
public sealed class ElectionCalendar
{
    private readonly IReadOnlyList<Election> shipped;
    private readonly IReadOnlyList<ElectionOverride> overrides;
    // Inputs are immutable, so a merged range never changes; the dispatcher asks for the same ranges on every tick.
    private readonly ConcurrentDictionary<(int First, int Last), IReadOnlyList<Election>> mergedByRange = new();

    public ElectionCalendar(IEnumerable<Election> shipped, IEnumerable<ElectionOverride> overrides)
    {
        this.shipped = shipped.ToList();
        this.overrides = overrides.ToList();
    }

    /// <summary>The calendar from the embedded data plus the persisted overrides (oldest first).</summary>
    public static ElectionCalendar WithShippedData(IEnumerable<ElectionOverride>? overrides = null) =>
        new(ShippedElectionData.Elections, overrides ?? []);

    /// <summary>All elections (nationwide, merger windows and named mergers) with election day in [from, to], by date.</summary>
    public IReadOnlyList<Election> Between(DateOnly from, DateOnly to) =>
        Merged(from.Year - 1, to.Year + 1)
            .Where(e => e.Date >= from && e.Date <= to)
            .OrderBy(e => e.Date).ThenBy(e => e.Kind).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The election with this id (shipped, override, or rule-computed "kind-year"), if any.</summary>
    public Election? Find(string electionId)
    {
        var explicitOnes = shipped.Concat(overrides.Select(o => o.Election).OfType<Election>()).Select(e => e.Date.Year).ToList();
        var year = YearInId(electionId);
        var first = year is { } y ? y - 1 : explicitOnes.DefaultIfEmpty(ElectionRules.FirstMunicipalCycleYear).Min();
        var last = year is { } z ? z + 1 : explicitOnes.DefaultIfEmpty(ElectionRules.FirstMunicipalCycleYear).Max();
        return Merged(first, last).FirstOrDefault(e => e.Id == electionId);
    }

    private static int? YearInId(string electionId)
    {
        var parts = electionId.Split('-');
        return parts.Length >= 2 && parts[1].Length == 4 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? year
            : null;
    }

    /// <summary>Elections that (re)elect <paramref name="government"/> or, for provinces, the Eerste Kamer they elect.</summary>
    public IReadOnlyList<Election> ForGovernment(Government government, DateOnly from, DateOnly to) =>
        ForGovernments([government], from, to).Select(d => d.Election).ToList();

    /// <summary>The elections that matter to a deal with these governments, each listing the governments it concerns.</summary>
    public IReadOnlyList<DealElection> ForGovernments(IEnumerable<Government> governments, DateOnly from, DateOnly to)
    {
        var all = Merged(from.Year - 7, to.Year + 1);
        var namedMergers = all.Where(e => e.Kind == ElectionKind.Herindeling && !e.IsNationwide).ToList();
        var result = new List<DealElection>();
        foreach (var election in all.Where(e => e.Date >= from && e.Date <= to).OrderBy(e => e.Date).ThenBy(e => e.Kind))
        {
            var concerned = governments
                .Where(g => Concerns(election, g, namedMergers))
                .DistinctBy(g => g.Key)
                .ToList();
            if (concerned.Count > 0)
            {
                result.Add(new DealElection(election, concerned));
            }
        }
        return result;
    }

    private static bool Concerns(Election election, Government government, IReadOnlyList<Election> namedMergers)
    {
        if (!government.ElectionKinds.Contains(election.Kind))
        {
            return false;
        }
        if (election.Kind == ElectionKind.Herindeling)
        {
            return !election.IsNationwide && TakesPartInMerger(election, government);
        }
        if (election.Kind == ElectionKind.Gemeenteraad)
        {
            return !namedMergers.Any(m => m.MergerDate is { } mergerDate
                && TakesPartInMerger(m, government)
                && ElectionRules.MergerSkipsRegularElection(mergerDate, election.Date.Year));
        }
        return election.IsNationwide;
    }

    private static bool TakesPartInMerger(Election merger, Government municipality)
    {
        var name = GovernmentNames.Normalize(municipality.Name);
        return merger.Municipalities.Any(m => GovernmentNames.Normalize(m) == name)
            || (merger.NewMunicipality is { } created && GovernmentNames.Normalize(created) == name);
    }

    private IReadOnlyList<Election> Merged(int firstYear, int lastYear) =>
        mergedByRange.GetOrAdd((firstYear, lastYear), range => Merge(range.First, range.Last));

    private List<Election> Merge(int firstYear, int lastYear)
    {
        var byId = new Dictionary<string, Election>(StringComparer.Ordinal);
        foreach (var election in shipped)
        {
            byId[election.Id] = election;
        }
        for (var year = firstYear; year <= lastYear; year++)
        {
            foreach (var ruled in ElectionRules.RegularElectionsIn(year).Append(ElectionRules.MergerWindow(year)))
            {
                var covered = byId.Values.Any(e => e.Kind == ruled.Kind && e.IsNationwide && e.Date.Year == year);
                if (!covered)
                {
                    byId[ruled.Id] = ruled;
                }
            }
        }
        foreach (var change in overrides)
        {
            if (change.WithdrawnElectionId is { } withdrawn)
            {
                byId.Remove(withdrawn);
            }
            if (change.Election is { } election)
            {
                byId[election.Id] = election with { Origin = ElectionOrigin.Override };
            }
        }
        ExtendTweedeKamerChain(byId, lastYear);
        // A withdrawal also holds against the rules that would otherwise recreate the same id.
        foreach (var withdrawn in overrides.Select(o => o.WithdrawnElectionId).OfType<string>())
        {
            if (byId.TryGetValue(withdrawn, out var election) && election.Origin != ElectionOrigin.Override)
            {
                byId.Remove(withdrawn);
            }
        }
        return byId.Values.ToList();
    }

    private static void ExtendTweedeKamerChain(Dictionary<string, Election> byId, int lastYear)
    {
        static bool Anchors(Election e) =>
            e.Kind == ElectionKind.TweedeKamer
            && (e.Origin == ElectionOrigin.Override || e.Status is ElectionDateStatus.Held or ElectionDateStatus.Official);

        var anchor = byId.Values.Where(Anchors).MaxBy(e => e.Date);
        if (anchor is null)
        {
            return;
        }
        var stale = byId.Values.Where(e => e.Kind == ElectionKind.TweedeKamer && e.Date > anchor.Date && !Anchors(e)).ToList();
        foreach (var election in stale)
        {
            byId.Remove(election.Id);
        }
        var previous = anchor;
        while (true)
        {
            var resultDay = previous.ResultDay ?? previous.Date.AddDays(ElectionRules.ElectionToResultDays);
            var (day, changeOver, status) = ElectionRules.NextTweedeKamerElection(resultDay);
            if (day.Year > lastYear)
            {
                return;
            }
            var next = new Election
            {
                Id = ElectionRules.RegularId(ElectionKind.TweedeKamer, day.Year),
                Kind = ElectionKind.TweedeKamer,
                Date = day,
                Status = status,
                Origin = ElectionOrigin.Rule,
                NominationDay = status == ElectionDateStatus.Computed ? ElectionRules.MarchNominationDay(day.Year) : null,
                InstallationDay = changeOver,
                LegalBasis = "Kieswet C 1, C 2, C 3",
            };
            if (byId.TryGetValue(next.Id, out var existing) && existing.Date != next.Date)
            {
                // An override already uses this id for another date (e.g. a snap election in the same year): keep it.
                return;
            }
            // Shipped data describing the same date carries sources and notes: prefer it over the bare rule result.
            next = stale.FirstOrDefault(e => e.Id == next.Id && e.Date == next.Date) ?? next;
            byId[next.Id] = next;
            previous = next;
        }
    }
}
