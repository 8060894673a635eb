namespace CityDealBot.Elections;

/// <summary>
/// One election day. <see cref="Municipalities"/> is empty for an election of every body of its kind;
/// for a herindelingsverkiezing it names the merging municipalities (and <see cref="NewMunicipality"/> the result).
/// </summary>
public sealed record Election
{
    public required string Id { get; init; }
    public required ElectionKind Kind { get; init; }
    public required DateOnly Date { get; init; }
    public required ElectionDateStatus Status { get; init; }
    public ElectionOrigin Origin { get; init; } = ElectionOrigin.Shipped;
    /// <summary>Dag van kandidaatstelling (nomination day).</summary>
    public DateOnly? NominationDay { get; init; }
    /// <summary>Day the Kiesraad or central polling station fixes the result.</summary>
    public DateOnly? ResultDay { get; init; }
    /// <summary>Day the newly elected council, Staten, board or Kamer takes office.</summary>
    public DateOnly? InstallationDay { get; init; }
    /// <summary>For a herindeling: the day the merger takes effect (always a 1 January).</summary>
    public DateOnly? MergerDate { get; init; }
    public IReadOnlyList<string> Municipalities { get; init; } = [];
    public string? NewMunicipality { get; init; }
    /// <summary>For a snap election: the day it became known (dissolution); early lobby moments are compressed after it.</summary>
    public DateOnly? AnnouncedOn { get; init; }
    public string LegalBasis { get; init; } = "";
    public IReadOnlyList<string> Sources { get; init; } = [];
    public string Note { get; init; } = "";

    /// <summary>Whether this election is for every body of its kind, rather than for named municipalities only.</summary>
    public bool IsNationwide => Municipalities.Count == 0 && NewMunicipality is null;

    /// <summary>Status as seen on a given day: a past election counts as held.</summary>
    public ElectionDateStatus StatusOn(DateOnly today) => Date < today ? ElectionDateStatus.Held : Status;
}

/// <summary>
/// An admin's correction to the calendar, persisted by the host and passed in as a list (applied in order).
/// Either replaces/adds <see cref="Election"/> (matched on its Id), or withdraws the election with <see cref="WithdrawnElectionId"/>.
/// Example: an early Tweede Kamer election after a cabinet falls is an override with Status Official and AnnouncedOn set.
/// </summary>
public sealed record ElectionOverride
{
    public Election? Election { get; init; }
    public string? WithdrawnElectionId { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string RecordedBy { get; init; } = "";

    public static ElectionOverride Upsert(Election election, DateTimeOffset recordedAt, string recordedBy = "") =>
        new() { Election = election with { Origin = ElectionOrigin.Override }, RecordedAt = recordedAt, RecordedBy = recordedBy };

    public static ElectionOverride Withdraw(string electionId, DateTimeOffset recordedAt, string recordedBy = "") =>
        new() { WithdrawnElectionId = electionId, RecordedAt = recordedAt, RecordedBy = recordedBy };
}
