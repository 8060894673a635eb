using CityDealBot.DutchTime;
namespace CityDealBot.Elections;

/// <summary>
/// Statutory rules that fix regular election days, so future cycles need no code change.
/// Sources: Kiesraad summaries of the Kieswet (chapters C, F, J, Q, T), Wet algemene regels herindeling art. 55-56c,
/// and the EU Electoral Act reference window; see Data/elections.json for the addresses.
/// </summary>
public static class ElectionRules
{
    /// <summary>Voting takes place on the 44th day after nomination day (Kieswet J 1).</summary>
    public const int NominationToElectionDays = 44;

    /// <summary>Eerste Kamer: the Staten vote on the 34th day after nomination (Kieswet T 1).</summary>
    public const int SenateNominationToVoteDays = 34;

    /// <summary>Assumed gap between election and result, as in 2023 and 2025 (29 Oct to 7 Nov 2025).</summary>
    public const int ElectionToResultDays = 9;

    /// <summary>Assumed gap between election and the May change-over (Kieswet C 3), mirroring the March case.</summary>
    public const int ElectionToChangeOverDays = 14;

    public const int FirstMunicipalCycleYear = 2026;
    public const int FirstProvincialCycleYear = 2027;
    public const int FirstEuropeanCycleYear = 2029;

    public static bool IsMunicipalElectionYear(int year) => Mod(year - FirstMunicipalCycleYear, 4) == 0;

    public static bool IsProvincialElectionYear(int year) => Mod(year - FirstProvincialCycleYear, 4) == 0;

    public static bool IsEuropeanElectionYear(int year) => Mod(year - FirstEuropeanCycleYear, 5) == 0;

    /// <summary>
    /// Nomination day of a regular March election (Kieswet F 1): the Monday between 30 January and 5 February,
    /// in a leap year between 31 January and 6 February.
    /// </summary>
    public static DateOnly MarchNominationDay(int year)
    {
        var first = DateTime.IsLeapYear(year) ? new DateOnly(year, 1, 31) : new DateOnly(year, 1, 30);
        return OnOrAfter(first, DayOfWeek.Monday);
    }

    /// <summary>Regular March election day: nomination day plus 44 days, a Wednesday between 15 and 21 March
    /// (also in leap years: the shifted nomination window absorbs 29 February).</summary>
    public static DateOnly MarchElectionDay(int year) => MarchNominationDay(year).AddDays(NominationToElectionDays);

    /// <summary>Change-over day for councils, Staten, water boards and a regular Tweede Kamer (Kieswet C 1, C 4): Wednesday between 29 March and 4 April.</summary>
    public static DateOnly SpringChangeOverDay(int year) => OnOrAfter(new DateOnly(year, 3, 29), DayOfWeek.Wednesday);

    /// <summary>Tweede Kamer change-over in a year with Provinciale Staten or municipal elections (Kieswet C 3): Wednesday between 25 and 31 May.</summary>
    public static DateOnly MayChangeOverDay(int year) => OnOrAfter(new DateOnly(year, 5, 25), DayOfWeek.Wednesday);

    /// <summary>Eerste Kamer nomination (Kieswet Q 4): the Tuesday between 19 and 25 April.</summary>
    public static DateOnly SenateNominationDay(int year) => OnOrAfter(new DateOnly(year, 4, 19), DayOfWeek.Tuesday);

    /// <summary>
    /// Eerste Kamer vote: nomination plus 34 days (a Monday). When that Monday is a public holiday the vote moves to the next
    /// working day; this is inferred from 2023, when Whit Monday 29 May pushed the vote to Tuesday 30 May.
    /// </summary>
    public static DateOnly SenateVoteDay(int year) =>
        DutchWorkingDays.OnOrNextWorkingDay(SenateNominationDay(year).AddDays(SenateNominationToVoteDays));

    /// <summary>Herindeling nomination (Wet arhi art. 55(2)): the Monday between 5 and 11 October before the merger.</summary>
    public static DateOnly MergerNominationDay(int electionYear) => OnOrAfter(new DateOnly(electionYear, 10, 5), DayOfWeek.Monday);

    /// <summary>Herindeling election: nomination plus 44 days, a Wednesday between 18 and 24 November.</summary>
    public static DateOnly MergerElectionDay(int electionYear) => MergerNominationDay(electionYear).AddDays(NominationToElectionDays);

    /// <summary>The merged council first meets on the first working day after the merger (Wet arhi art. 56).</summary>
    public static DateOnly MergedCouncilFirstMeeting(DateOnly mergerDate) => DutchWorkingDays.OnOrNextWorkingDay(mergerDate);

    /// <summary>
    /// European Parliament (estimate): the Netherlands votes on the Thursday of the Thursday-Sunday window; the default window
    /// mirrors 7-10 June 1979, so this takes the Thursday closest to 7 June. The EU Council can and does move it.
    /// </summary>
    public static DateOnly EuropeanElectionDay(int year)
    {
        var reference = new DateOnly(year, 6, 7);
        var after = OnOrAfter(reference, DayOfWeek.Thursday);
        var before = after.AddDays(-7);
        return after.DayNumber - reference.DayNumber <= reference.DayNumber - before.DayNumber ? after : before;
    }

    /// <summary>
    /// Whether a municipality merging on <paramref name="mergerDate"/> skips the regular March election of <paramref name="regularYear"/>.
    /// Reading of the Wet arhi 2014 memorandum table and art. 56c (an estimate in the reference): the first regular election
    /// held is the first one at least three years after the merger year; the regular election in the year before the merger is
    /// skipped too (Brielle, Westvoorne and Hellevoetsluis did not vote in March 2022 before merging on 1 January 2023).
    /// </summary>
    public static bool MergerSkipsRegularElection(DateOnly mergerDate, int regularYear)
    {
        var gap = regularYear - mergerDate.Year;
        return gap is >= -1 and < 3;
    }

    /// <summary>
    /// The next regular Tweede Kamer election after one whose result was fixed on <paramref name="resultDay"/>.
    /// Members step down on the first Wednesday between 29 March and 4 April that is at least four years after the result (Kieswet C 2);
    /// in a Provinciale Staten or municipal election year that moves to the Wednesday between 25 and 31 May (C 3).
    /// A March change-over gives the regular March election day (computed); a May change-over gives an estimate 14 days before it.
    /// </summary>
    public static (DateOnly ElectionDay, DateOnly ChangeOverDay, ElectionDateStatus Status) NextTweedeKamerElection(DateOnly resultDay)
    {
        var fourYearsOn = resultDay.AddYears(4);
        var year = fourYearsOn.Year;
        if (SpringChangeOverDay(year) < fourYearsOn)
        {
            year++;
        }
        if (IsMunicipalElectionYear(year) || IsProvincialElectionYear(year))
        {
            var changeOver = MayChangeOverDay(year);
            return (changeOver.AddDays(-ElectionToChangeOverDays), changeOver, ElectionDateStatus.Estimate);
        }
        return (MarchElectionDay(year), SpringChangeOverDay(year), ElectionDateStatus.Computed);
    }

    /// <summary>Rule-computed elections of every nationwide kind whose election day falls in <paramref name="year"/>.</summary>
    public static IEnumerable<Election> RegularElectionsIn(int year)
    {
        if (IsMunicipalElectionYear(year))
        {
            yield return March(ElectionKind.Gemeenteraad, year, "Kieswet F 1, J 1, C 4; Grondwet art. 129");
        }
        if (IsProvincialElectionYear(year))
        {
            yield return March(ElectionKind.ProvincialeStaten, year, "Kieswet F 1, J 1, C 4");
            yield return March(ElectionKind.Waterschap, year, "Kieswet F 1, J 1, C 4");
            yield return March(ElectionKind.Eilandsraad, year, "Kieswet; same day as Provinciale Staten in practice (2019, 2023)") with { InstallationDay = null };
            yield return March(ElectionKind.Kiescollege, year, "Kieswet; same day as Provinciale Staten in practice (2019, 2023)") with { InstallationDay = null };
            yield return new Election
            {
                Id = RegularId(ElectionKind.EersteKamer, year),
                Kind = ElectionKind.EersteKamer,
                Date = SenateVoteDay(year),
                NominationDay = SenateNominationDay(year),
                Status = ElectionDateStatus.Computed,
                Origin = ElectionOrigin.Rule,
                LegalBasis = "Kieswet Q 4, T 1",
            };
        }
        if (IsEuropeanElectionYear(year))
        {
            yield return new Election
            {
                Id = RegularId(ElectionKind.EuropeesParlement, year),
                Kind = ElectionKind.EuropeesParlement,
                Date = EuropeanElectionDay(year),
                Status = ElectionDateStatus.Estimate,
                Origin = ElectionOrigin.Rule,
                LegalBasis = "EU Electoral Act 1976, reference window 7-10 June 1979",
            };
        }
    }

    /// <summary>The rule window for herindelingsverkiezingen held in <paramref name="year"/>, not yet tied to municipalities.</summary>
    public static Election MergerWindow(int year) => new()
    {
        Id = RegularId(ElectionKind.Herindeling, year),
        Kind = ElectionKind.Herindeling,
        Date = MergerElectionDay(year),
        NominationDay = MergerNominationDay(year),
        MergerDate = new DateOnly(year + 1, 1, 1),
        InstallationDay = MergedCouncilFirstMeeting(new DateOnly(year + 1, 1, 1)),
        Status = ElectionDateStatus.Computed,
        Origin = ElectionOrigin.Rule,
        LegalBasis = "Wet algemene regels herindeling art. 55(2), 56",
    };

    /// <summary>
    /// A Tweede Kamer election after dissolution: the royal decree sets the nomination day (Kieswet F 2) and voting follows
    /// 44 days later (J 1). Early lobby moments are compressed after <paramref name="announcedOn"/>.
    /// </summary>
    public static Election SnapTweedeKamerElection(DateOnly nominationDay, DateOnly announcedOn, string source = "") => new()
    {
        Id = RegularId(ElectionKind.TweedeKamer, nominationDay.AddDays(NominationToElectionDays).Year),
        Kind = ElectionKind.TweedeKamer,
        Date = nominationDay.AddDays(NominationToElectionDays),
        NominationDay = nominationDay,
        InstallationDay = null,
        AnnouncedOn = announcedOn,
        Status = ElectionDateStatus.Official,
        Origin = ElectionOrigin.Override,
        LegalBasis = "Grondwet art. 64; Kieswet F 2, J 1",
        Sources = string.IsNullOrWhiteSpace(source) ? [] : [source],
    };

    /// <summary>A herindelingsverkiezing for named municipalities merging on 1 January after <paramref name="electionYear"/>.</summary>
    public static Election MergerElection(int electionYear, IReadOnlyList<string> mergingMunicipalities, string newMunicipality, string source = "") =>
        MergerWindow(electionYear) with
        {
            Id = $"{RegularId(ElectionKind.Herindeling, electionYear)}-{GovernmentNames.Normalize(newMunicipality).Replace(' ', '-')}",
            Municipalities = mergingMunicipalities,
            NewMunicipality = newMunicipality,
            Origin = ElectionOrigin.Override,
            Sources = string.IsNullOrWhiteSpace(source) ? [] : [source],
        };

    /// <summary>Stable id of the regular election of a kind in a year, e.g. "gemeenteraad-2030".</summary>
    public static string RegularId(ElectionKind kind, int year) => $"{kind.Slug()}-{year}";

    private static Election March(ElectionKind kind, int year, string legalBasis) => new()
    {
        Id = RegularId(kind, year),
        Kind = kind,
        Date = MarchElectionDay(year),
        NominationDay = MarchNominationDay(year),
        InstallationDay = SpringChangeOverDay(year),
        Status = ElectionDateStatus.Computed,
        Origin = ElectionOrigin.Rule,
        LegalBasis = legalBasis,
    };

    private static DateOnly OnOrAfter(DateOnly date, DayOfWeek day) => date.AddDays(((int)day - (int)date.DayOfWeek + 7) % 7);

    private static int Mod(int value, int modulus) => ((value % modulus) + modulus) % modulus;
}
