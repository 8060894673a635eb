using CityDealBot.Cards.Localization;
namespace CityDealBot.Elections;

/// <summary>The date a lobby moment is counted from.</summary>
public enum LobbyAnchor
{
    ElectionDay,
    NominationDay,
    /// <summary>Monday of the week that contains election day.</summary>
    ElectionWeekMonday,
    InstallationDay,
}

/// <summary>Events a dealmaker (or admin) confirms, after which an event-confirmable moment is due.</summary>
public enum LobbyEvent
{
    CoalitionAgreementPublished,
    AdministratorsInstalled,
}

/// <summary>
/// One step of the lobby rhythm around an election: when (offset from an anchor), for which kinds of election,
/// and what to do, in Dutch and English. Offsets come from the reference's proposed reminder schedule.
/// </summary>
public sealed record LobbyMomentTemplate
{
    public required string Id { get; init; }
    public required LobbyAnchor Anchor { get; init; }
    public int OffsetMonths { get; init; }
    public int OffsetDays { get; init; }
    /// <summary>Per-kind day offsets from the anchor that replace <see cref="OffsetMonths"/>/<see cref="OffsetDays"/>.</summary>
    public IReadOnlyDictionary<ElectionKind, int> OffsetDaysByKind { get; init; } = new Dictionary<ElectionKind, int>();
    public required IReadOnlyList<ElectionKind> AppliesTo { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Why { get; init; }
    public required IReadOnlyList<LocalizedText> Checklist { get; init; }
    /// <summary>Set for moments that depend on an event: the date is an estimate until the event is confirmed.</summary>
    public LobbyEvent? ConfirmedBy { get; init; }
    /// <summary>Days after the confirmed event at which the moment is due.</summary>
    public int DaysAfterConfirmation { get; init; }

    public bool IsEventConfirmable => ConfirmedBy is not null;

    /// <summary>Whether the moment comes before candidate nomination (the part a snap election compresses).</summary>
    public bool IsBeforeNomination => Anchor == LobbyAnchor.ElectionDay && (OffsetMonths < 0 || OffsetDays < -ElectionRules.NominationToElectionDays);

    public DateOnly EstimatedDate(Election election)
    {
        var anchor = Anchor switch
        {
            LobbyAnchor.ElectionDay => election.Date,
            LobbyAnchor.NominationDay => election.NominationDay ?? election.Date.AddDays(-NominationLeadDays(election.Kind)),
            LobbyAnchor.ElectionWeekMonday => election.Date.AddDays(-(((int)election.Date.DayOfWeek + 6) % 7)),
            LobbyAnchor.InstallationDay => LobbyTimeline.InstallationDay(election),
            _ => throw new ArgumentOutOfRangeException(nameof(election)),
        };
        return OffsetDaysByKind.TryGetValue(election.Kind, out var days)
            ? anchor.AddDays(days)
            : anchor.AddMonths(OffsetMonths).AddDays(OffsetDays);
    }

    private static int NominationLeadDays(ElectionKind kind) =>
        kind == ElectionKind.EersteKamer ? ElectionRules.SenateNominationToVoteDays : ElectionRules.NominationToElectionDays;
}

/// <summary>The lobby rhythm: moments per election kind, with title, why and checklist in Dutch and English.</summary>
public sealed class LobbyTimeline(IReadOnlyList<LobbyMomentTemplate> moments)
{
    private static readonly ElectionKind[] Direct =
        [ElectionKind.Gemeenteraad, ElectionKind.ProvincialeStaten, ElectionKind.Waterschap, ElectionKind.TweedeKamer, ElectionKind.Eilandsraad];

    public IReadOnlyList<LobbyMomentTemplate> Moments { get; } = moments;

    public static LobbyTimeline Standard { get; } = new(StandardMoments());

    public IReadOnlyList<LobbyMomentTemplate> For(ElectionKind kind) => Moments.Where(m => m.AppliesTo.Contains(kind)).ToList();

    public LobbyMomentTemplate? Find(string momentId) => Moments.FirstOrDefault(m => m.Id == momentId);

    /// <summary>
    /// The day the new body takes office: the shipped or computed installation day, otherwise the legal or usual gap:
    /// spring change-over for March elections (Kieswet C 4), first working day after the merger for a herindeling (Wet arhi art. 56),
    /// two weeks after election day otherwise (Tweede Kamer 2025: 29 Oct to 12 Nov; Eerste Kamer 2023: 30 May to 13 Jun).
    /// </summary>
    public static DateOnly InstallationDay(Election election)
    {
        if (election.InstallationDay is { } known)
        {
            return known;
        }
        return election.Kind switch
        {
            ElectionKind.Herindeling => ElectionRules.MergedCouncilFirstMeeting(election.MergerDate ?? new DateOnly(election.Date.Year + 1, 1, 1)),
            ElectionKind.Gemeenteraad or ElectionKind.ProvincialeStaten or ElectionKind.Waterschap or ElectionKind.Eilandsraad
                when election.Date.Month == 3 => ElectionRules.SpringChangeOverDay(election.Date.Year),
            _ => election.Date.AddDays(14),
        };
    }

    private static List<LobbyMomentTemplate> StandardMoments() =>
    [
        new()
        {
            Id = "programme-committees",
            Anchor = LobbyAnchor.ElectionDay,
            OffsetMonths = -18,
            AppliesTo = Direct,
            Title = new("Verkiezingsprogramma's: commissies starten", "Election programmes: committees are starting"),
            Why = new(
                "Partijen stellen zo'n anderhalf jaar voor de verkiezingen hun programmacommissies in. Organisaties die vroeg input geven, komen in het programma; wie na de zomer van het verkiezingsjaar komt, is meestal te laat.",
                "Parties set up their programme committees about eighteen months before the election. Organisations that give input early end up in the programme; input after the summer of the election year is usually too late."),
            Checklist =
            [
                new("Breng per partij de programmacommissie en de lokale of provinciale contactpersonen in kaart.", "Map each party's programme committee and its local or provincial contacts."),
                new("Start het verkiezingsdossier van de deal: resultaten, wat nog urgent is, wat je vraagt voor de volgende periode.", "Start the deal's election dossier: results so far, what is still urgent, what you ask for the next term."),
                new("Spreek af wie binnen de partners welke partij benadert.", "Agree which partner approaches which party."),
            ],
        },
        new()
        {
            Id = "programme-input",
            Anchor = LobbyAnchor.ElectionDay,
            OffsetMonths = -12,
            AppliesTo = [.. Direct, ElectionKind.EuropeesParlement, ElectionKind.Herindeling],
            Title = new("Stuur input voor de verkiezingsprogramma's", "Send input for the election programmes"),
            Why = new(
                "Programmacommissies schrijven nu. Concrete tekstvoorstellen die passen bij de waarden van een partij worden overgenomen; algemene wensen niet.",
                "Programme committees are writing now. Concrete text that fits a party's values gets adopted; general wishes do not."),
            Checklist =
            [
                new("Stuur een korte position paper met 3 tot 5 regels programmatekst per vraag.", "Send a short position paper with 3 to 5 lines of programme text per ask."),
                new("Pas de tekst per partij aan op haar eigen waarden en taal.", "Tailor the text to each party's values and wording."),
                new("Nodig commissieleden uit voor een werkbezoek aan een project van de deal.", "Invite committee members to visit one of the deal's projects."),
            ],
        },
        new()
        {
            Id = "position-paper",
            Anchor = LobbyAnchor.ElectionDay,
            OffsetMonths = -6,
            AppliesTo = [.. Direct, ElectionKind.EuropeesParlement, ElectionKind.Herindeling],
            Title = new("Manifest en position paper", "Manifesto and position paper"),
            Why = new(
                "Conceptprogramma's verschijnen en leden kunnen ze nog wijzigen op het congres of de ledenvergadering. Een gezamenlijk manifest van de partners weegt zwaarder dan losse brieven.",
                "Draft programmes appear and members can still amend them at the party congress. A joint manifesto of the partners weighs more than separate letters."),
            Checklist =
            [
                new("Lees de conceptprogramma's op het thema van de deal.", "Scan the draft programmes for the deal's theme."),
                new("Stuur wijzigingsvoorstellen via leden die het thema steunen, vóór het congres.", "Send amendments through sympathetic members before the congress."),
                new("Publiceer het gezamenlijke manifest van de dealpartners, eventueel met Platform31, G40 of VNG.", "Publish the deal partners' joint manifesto, possibly with Platform31, G40 or VNG."),
            ],
        },
        new()
        {
            Id = "candidate-lists",
            Anchor = LobbyAnchor.NominationDay,
            AppliesTo = [.. Direct, ElectionKind.Herindeling, ElectionKind.EersteKamer],
            Title = new("Kandidaatstelling: de kandidatenlijsten", "Nomination day: the candidate lists"),
            Why = new(
                "Vandaag worden de kandidatenlijsten ingeleverd (44 dagen voor de verkiezing; Eerste Kamer: 34 dagen). Nu weet je wie er waarschijnlijk gekozen wordt en wie straks wethouder, gedeputeerde of bewindspersoon kan worden.",
                "Candidate lists are submitted today (44 days before the election; Senate: 34 days). Now you can see who is likely to be elected and who may become alderman, provincial executive or minister."),
            Checklist =
            [
                new("Zoek op de lijsten de kandidaten die waarschijnlijk gekozen worden.", "Find the candidates on the lists who are likely to be elected."),
                new("Noteer wie het thema van de deal in portefeuille kan krijgen.", "Note who may get the deal's theme in their portfolio."),
                new("Werk de contactgegevens in het verkiezingsdossier bij.", "Update the contacts in the election dossier."),
            ],
        },
        new()
        {
            Id = "campaign",
            Anchor = LobbyAnchor.ElectionDay,
            OffsetDays = -42,
            AppliesTo = [.. Direct, ElectionKind.EuropeesParlement, ElectionKind.Herindeling],
            Title = new("Zes weken te gaan: informeer de kandidaten", "Six weeks to go: brief the candidates"),
            Why = new(
                "De lijsten staan vast en de campagne begint. Kandidaten zoeken verhalen en werkbezoeken; dit is het moment om de deal zichtbaar te maken.",
                "The lists are final and the campaign starts. Candidates look for stories and site visits; this is the moment to make the deal visible."),
            Checklist =
            [
                new("Stuur kandidaten één pagina: wat betekent deze City Deal voor jouw gemeente, provincie of waterschap?", "Send candidates one page: what does this City Deal mean for your municipality, province or water board?"),
                new("Nodig kandidaten uit voor een debat of werkbezoek.", "Invite candidates to a debate or site visit."),
                new("Deel resultaten van de deal die kandidaten in de campagne kunnen gebruiken.", "Share results of the deal that candidates can use in the campaign."),
            ],
        },
        new()
        {
            Id = "election-week",
            Anchor = LobbyAnchor.ElectionWeekMonday,
            AppliesTo = [.. Direct, ElectionKind.EuropeesParlement, ElectionKind.Herindeling, ElectionKind.EersteKamer],
            Title = new("Verkiezingsweek", "Election week"),
            Why = new(
                "De campagne is op zijn hoogst. Nieuwe vragen komen nu niet meer aan; zichtbaar blijven en de tekst voor de formatie klaarzetten wel.",
                "The campaign peaks. New asks will not land now; staying visible and preparing the text for the coalition talks will."),
            Checklist =
            [
                new("Geen nieuwe verzoeken; blijf zichtbaar met bestaande resultaten.", "No new asks; stay visible with existing results."),
                new("Zet het tekstpakket voor het coalitieakkoord klaar (3 tot 5 alinea's per vraag).", "Prepare the text package for the coalition agreement (3 to 5 paragraphs per ask)."),
                new("Plan wie na de uitslag welke fractievoorzitter feliciteert.", "Plan who congratulates which party leader after the result."),
            ],
        },
        new()
        {
            Id = "coalition-input",
            Anchor = LobbyAnchor.ElectionDay,
            OffsetDays = 7,
            AppliesTo = [.. Direct, ElectionKind.Herindeling],
            Title = new("Formatie: lever tekst voor het coalitieakkoord", "Coalition talks: deliver text for the coalition agreement"),
            Why = new(
                "De uitslag is (bijna) officieel en verkenners of informateurs gaan aan de slag. Tekst die nu bij de onderhandelaars ligt, komt in het akkoord. Bij een herindeling moet de tekst er vóór half december zijn.",
                "The result is (almost) official and explorers or informateurs start work. Text that reaches the negotiators now ends up in the agreement. For a merger, the text must be in before mid-December."),
            Checklist =
            [
                new("Feliciteer de fractievoorzitters en stuur het tekstpakket voor het coalitieakkoord.", "Congratulate the party leaders and send the text package for the coalition agreement."),
                new("Stuur het pakket ook naar de verkenner of informateur zodra die bekend is.", "Also send the package to the explorer or informateur as soon as one is named."),
                new("Vraag partners in elke gemeente of provincie om het via hun eigen lijnen in te brengen.", "Ask partners in each municipality or province to feed it in through their own channels."),
            ],
        },
        new()
        {
            Id = "installation",
            Anchor = LobbyAnchor.InstallationDay,
            AppliesTo = [.. Direct, ElectionKind.Herindeling, ElectionKind.EersteKamer],
            Title = new("Installatie van de nieuwe raad, Staten of Kamer", "New council, States or House installed"),
            Why = new(
                "De nieuwe volksvertegenwoordigers beginnen. Veel van hen kennen de deal nog niet; een goede eerste kennismaking scheelt later veel uitleg.",
                "The newly elected representatives take office. Many do not know the deal yet; a good first introduction saves much explaining later."),
            Checklist =
            [
                new("Stuur nieuwe leden een welkomstpakket over de deal.", "Send new members a welcome pack about the deal."),
                new("Bied een kennismakingssessie of werkbezoek aan.", "Offer an introduction session or site visit."),
                new("Bij de Eerste Kamer: informeer de nieuwe senatoren over de landelijke vragen van de deal.", "For the Senate: brief the new senators on the deal's national asks."),
            ],
        },
        new()
        {
            Id = "coalition-agreement",
            Anchor = LobbyAnchor.ElectionDay,
            // Usual durations to an agreement: municipal 49-64 days on average (RUG 2014/2018), provinces 86-163 days (2023),
            // Tweede Kamer about 88 days after the election on average, 93 days in 2026.
            OffsetDaysByKind = new Dictionary<ElectionKind, int>
            {
                [ElectionKind.Gemeenteraad] = 64,
                [ElectionKind.Waterschap] = 64,
                [ElectionKind.Eilandsraad] = 64,
                [ElectionKind.ProvincialeStaten] = 120,
                [ElectionKind.TweedeKamer] = 90,
            },
            AppliesTo = Direct,
            ConfirmedBy = LobbyEvent.CoalitionAgreementPublished,
            DaysAfterConfirmation = 1,
            Title = new("Coalitieakkoord verschenen", "Coalition agreement published"),
            Why = new(
                "Het akkoord bepaalt vier jaar beleid en geld. Staat het thema van de deal erin, dan is er een haakje; zo niet, dan richt je je op het collegeprogramma of uitvoeringsprogramma.",
                "The agreement sets four years of policy and money. If the deal's theme is in it, you have a hook; if not, target the executive's programme or implementation plan."),
            Checklist =
            [
                new("Lees het akkoord op het thema van de deal en noteer de passages.", "Read the agreement for the deal's theme and note the passages."),
                new("Vergelijk de akkoorden van de partnergemeenten of -provincies.", "Compare the agreements of the partner municipalities or provinces."),
                new("Staat het thema er niet in: stuur tekst voor het collegeprogramma of de uitvoeringsagenda.", "If the theme is missing: send text for the executive's programme or implementation agenda."),
                new("Bevestig in de bot wanneer het akkoord verscheen, zodat de volgende herinneringen kloppen.", "Confirm in the bot when the agreement was published, so the next reminders are right."),
            ],
        },
        new()
        {
            Id = "re-engage",
            Anchor = LobbyAnchor.ElectionDay,
            OffsetMonths = 3,
            AppliesTo = [.. Direct, ElectionKind.Herindeling],
            ConfirmedBy = LobbyEvent.AdministratorsInstalled,
            DaysAfterConfirmation = 14,
            Title = new("Nieuwe bestuurders: maak opnieuw kennis", "New administrators: re-engage"),
            Why = new(
                "Nieuwe wethouders, gedeputeerden of bewindspersonen zijn net begonnen en maken hun agenda. De ondertekenaar van de deal kan vervangen zijn; zonder nieuwe kennismaking verliest de deal zijn bestuurlijke steun.",
                "New aldermen, provincial executives or ministers have just started and are setting their agenda. The deal's signatory may have been replaced; without a new introduction the deal loses its political backing."),
            Checklist =
            [
                new("Plan een kennismaking met de nieuwe portefeuillehouder.", "Book an introductory meeting with the new portfolio holder."),
                new("Controleer of de ondertekenaar van de deal is vervangen en wie nu tekent.", "Check whether the deal's signatory was replaced and who signs now."),
                new("Werk de contactgegevens van de deal bij.", "Update the deal's contact records."),
                new("Bevestig in de bot wanneer de nieuwe bestuurders zijn aangetreden.", "Confirm in the bot when the new administrators took office."),
            ],
        },
    ];
}
