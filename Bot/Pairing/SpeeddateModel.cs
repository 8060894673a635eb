namespace CityDealBot.Pairing;

/// <summary>One person taking part in a speeddate session.</summary>
public sealed record SpeeddateParticipant(string Id, string Deal, string Organisation, string OrganisationType);

/// <summary>Two people met <paramref name="Times"/> times in earlier sessions, the last time on <paramref name="LastMet"/>.</summary>
public sealed record PastMeeting(string PersonA, string PersonB, int Times, DateOnly LastMet);

/// <summary>An unordered pair of participant ids (forbidden or required pairs).</summary>
public readonly record struct ParticipantPair(string PersonA, string PersonB);

/// <summary>
/// The organiser-orderable soft criteria. They rank below "no pair twice in the session" and
/// "fewest repeats with earlier sessions", which always come first.
/// </summary>
public enum PairingCriterion
{
    DifferentOrganisation,
    DifferentDeal,
    DifferentOrganisationType,
    NoRepeatedTrio,
}

/// <summary>Everything the planner needs for one session. Pure values; the planner does no I/O.</summary>
public sealed record SpeeddateRequest
{
    /// <summary>Default order from the CoP organisers' brief: organisation, deal, type, trio.</summary>
    public static readonly IReadOnlyList<PairingCriterion> DefaultCriteriaOrder =
    [
        PairingCriterion.DifferentOrganisation,
        PairingCriterion.DifferentDeal,
        PairingCriterion.DifferentOrganisationType,
        PairingCriterion.NoRepeatedTrio,
    ];

    public required IReadOnlyList<SpeeddateParticipant> Participants { get; init; }

    public IReadOnlyList<PastMeeting> History { get; init; } = [];

    public required int Rounds { get; init; }

    /// <summary>
    /// 2 = pairs (one trio when odd); 3 = trios (tables of 3 and 2 only, as many trios as possible, never 4);
    /// 4 or more for table formats (a few tables get one seat more or less).
    /// </summary>
    public int GroupSize { get; init; } = 2;

    public IReadOnlyList<ParticipantPair> ForbiddenPairs { get; init; } = [];

    /// <summary>Pairs that must meet at least once in the session.</summary>
    public IReadOnlyList<ParticipantPair> RequiredPairs { get; init; } = [];

    /// <summary>
    /// A permutation of the four <see cref="PairingCriterion"/> values, most important first. In trio mode
    /// <see cref="PairingCriterion.NoRepeatedTrio"/> (here: nobody at the pair table twice) always comes first.
    /// </summary>
    public IReadOnlyList<PairingCriterion> CriteriaOrder { get; init; } = DefaultCriteriaOrder;

    public int Seed { get; init; }

    /// <summary>
    /// Number of local-search moves. Null picks one from the instance size and stops when progress stalls;
    /// an explicit budget keeps searching while repeats are above their bound, until the budget is spent,
    /// the bounds are met or the caller cancels (use long.MaxValue with a cancellation token as a time limit).
    /// </summary>
    public long? MoveBudget { get; init; }
}

/// <summary>One table or pair in a round.</summary>
public sealed record SpeeddateGroup(IReadOnlyList<string> Members);

public sealed record SpeeddateRound(int Number, IReadOnlyList<SpeeddateGroup> Groups);

/// <summary>
/// Metrics of a schedule, recomputed from the groups by <see cref="SpeeddatePlanChecker"/>.
/// "Pairs" are all within-group pairs: a trio contributes three.
/// </summary>
public sealed record SpeeddateScore
{
    public required bool IsValid { get; init; }
    public required IReadOnlyList<string> Problems { get; init; }
    public required int TotalPairs { get; init; }
    public required int InSessionRepeats { get; init; }
    public required int HistoryRepeats { get; init; }
    /// <summary>Sum over history repeats of how recent and how frequent the earlier meeting was (lower is better).</summary>
    public required long RecencyCost { get; init; }
    public required int SameOrganisationPairs { get; init; }
    public required int SameDealPairs { get; init; }
    public required int SameTypePairs { get; init; }
    /// <summary>Sum over people of (times seated at the odd table out − 1): the trio among pairs twice, or in trio mode the pair twice.</summary>
    public required int RepeatedTrioSeats { get; init; }
    public required int ForbiddenViolations { get; init; }
    public required int RequiredMissing { get; init; }
    public required int MinNewContacts { get; init; }
    public required int MaxNewContacts { get; init; }

    public int NewContactSpread => MaxNewContacts - MinNewContacts;
    public double CrossOrganisationShare => Share(SameOrganisationPairs);
    public double CrossDealShare => Share(SameDealPairs);
    public double CrossTypeShare => Share(SameTypePairs);

    private double Share(int same) => TotalPairs == 0 ? 1.0 : 1.0 - (double)same / TotalPairs;
}

/// <summary>
/// Lower bounds computed before planning. Each single-metric bound is valid on its own for every plan; together
/// they need not be attainable. The ordered class bounds hold for the plans that meet the bounds ranked above them.
/// </summary>
public sealed record SpeeddateBounds
{
    public required int TotalPairs { get; init; }
    public required int InSessionRepeats { get; init; }
    /// <summary>Max-flow bound on history repeats: these are unavoidable whatever the plan.</summary>
    public required int HistoryRepeats { get; init; }
    public required int SameOrganisationPairs { get; init; }
    public required int SameDealPairs { get; init; }
    public required int SameTypePairs { get; init; }

    /// <summary>
    /// Fewest same-organisation pairs of any plan that meets the bounds of everything ranked above (no pair twice,
    /// no history repeat when none is forced, no same-class pair of an earlier criterion whose bound is 0), counted
    /// by how many partners each person can still get; at least <see cref="SameOrganisationPairs"/>. The planner
    /// stops at these, and the plan is optimal on a criterion when it meets the earlier bounds and this one.
    /// </summary>
    public required int OrderedSameOrganisationPairs { get; init; }

    /// <summary>As <see cref="OrderedSameOrganisationPairs"/>, for same-deal pairs.</summary>
    public required int OrderedSameDealPairs { get; init; }

    /// <summary>As <see cref="OrderedSameOrganisationPairs"/>, for same-type pairs.</summary>
    public required int OrderedSameTypePairs { get; init; }

    public required int RepeatedTrioSeats { get; init; }
    public required int NewContactSpread { get; init; }

    public double CrossOrganisationShare => Share(SameOrganisationPairs);
    public double CrossDealShare => Share(SameDealPairs);
    public double CrossTypeShare => Share(SameTypePairs);

    private double Share(int same) => TotalPairs == 0 ? 1.0 : 1.0 - (double)same / TotalPairs;
}

/// <summary>A planned session with its checked score and the bounds it is measured against.</summary>
public sealed record SpeeddatePlan(IReadOnlyList<SpeeddateRound> Rounds, SpeeddateScore Score, SpeeddateBounds Bounds)
{
    /// <summary>Repeats with earlier sessions no plan could avoid ("2 repeats were unavoidable").</summary>
    public int UnavoidableRepeats => Bounds.HistoryRepeats;

    /// <summary>Repeats above the proven minimum (0 means the repeat count is optimal).</summary>
    public int RepeatGap => Score.HistoryRepeats + Score.InSessionRepeats - Bounds.HistoryRepeats - Bounds.InSessionRepeats;

    /// <summary>Groups as participant ids, round by round.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> AsIdLists() =>
        Rounds.Select(r => (IReadOnlyList<IReadOnlyList<string>>)r.Groups.Select(g => g.Members).ToList()).ToList();
}
