using CityDealBot.Cards.Localization;
namespace CityDealBot.Pulse;

/// <summary>
/// The default pulse: the self-assessment questionnaire of the midterm review of the City Deals, quoted as
/// published in <see cref="Source"/> (appendix "Methode | Vragenlijst self-assessment": eight indicators,
/// fourteen statements, scale 1 to 5, and the instruction line), and per indicator the review's "verdiepende
/// elementen" for the follow-up conversation (appendix "Methode | Verdiepende elementen in bijeenkomsten").
/// The Dutch texts are the published ones, character for character, typing errors included ("Scoop" for
/// "Scoor" in the instruction); the English texts are this project's translation. The anchor labels of the
/// scale ("Zeer zwak", "Zeer sterk") are the bot's own: the questionnaire names only the range 1 to 5.
/// </summary>
public static class MidtermReviewTemplate
{
    public const string TemplateId = "aef-self-assessment-2023";
    public const int ScaleMin = 1;
    public const int ScaleMax = 5;

    public const string Source =
        "Andersson Elffers Felix, Midterm review City Deals, eindrapport voor Agenda Stad, 23 juni 2023; bijlagen "
        + "\"Methode | Vragenlijst self-assessment\" en \"Methode | Verdiepende elementen in bijeenkomsten\"";

    public static class Indicators
    {
        public const string ProcessDesign = "process-design";
        public const string PartnerComposition = "partner-composition";
        public const string Results = "results";
        public const string ProcessSafeguarding = "process-safeguarding";
        public const string KnowledgeSharing = "knowledge-sharing";
        public const string ResultsSafeguarding = "results-safeguarding";
        public const string PartnershipSafeguarding = "partnership-safeguarding";
        public const string Measurability = "measurability";
    }

    public static readonly LocalizedText Instruction = new(
        "Scoop op een schaal van 1 tot 5 hoe deze City Deal wat u betreft het doet op onderstaande indicatoren",
        "Score on a scale of 1 to 5 how, in your view, this City Deal is doing on the indicators below");

    private static readonly LocalizedText Low = new("Zeer zwak", "Very weak");
    private static readonly LocalizedText High = new("Zeer sterk", "Very strong");

    public static PulseTemplate Template { get; } = Build();

    private static PulseTemplate Build()
    {
        // The follow-up headings differ from the indicator names in two places ("Borging van samenwerking",
        // "Meetbaarheid"); the published heading is kept as the follow-up's own title.
        PulseIndicator[] indicators =
        [
            Indicator(Indicators.ProcessDesign, "Vormgeving van het proces", "Design of the process",
                new("Vormgeving van het proces", "Design of the process"),
                ("De herkenbaarheid van het proces", "The recognisability of the process"),
                ("Is het proces in staat de creativiteit te faciliteren?", "Is the process able to make room for creativity?"),
                ("Is de City Deal in staat gemotiveerd bij te sturen?", "Is the City Deal able to change course, with good reasons?"),
                ("Is het proces voldoende adaptief?", "Is the process adaptive enough?")),
            Indicator(Indicators.PartnerComposition, "Samenstelling van de partners", "Composition of the partners",
                new("Samenstelling van de partners", "Composition of the partners"),
                ("Zijn alle noodzakelijke partners aanwezig?", "Are all necessary partners present?"),
                ("Zijn er daarnaast voldoende partners of wellicht te weinig of te veel?", "Besides that, are there enough partners, or perhaps too few or too many?"),
                ("Complementariteit van partners", "Complementarity of partners"),
                ("Onderbouwing van de selectie van partners", "Reasons for the selection of partners")),
            Indicator(Indicators.Results, "Resultaat", "Result",
                new("Resultaat", "Result"),
                ("Netwerk waarde: wordt een netwerk gevormd?", "Network value: is a network being formed?"),
                ("Affectieve waarde: leren de partners elkaars perspectieven kennen?", "Affective value: do the partners get to know each other's perspectives?"),
                ("Inhoudelijke waarde: worden problemen gezien en oplossingen gevonden?", "Substantive value: are problems recognised and solutions found?"),
                ("Instrumentele waarde: worden deze oplossingen omgezet in concrete acties en producten?", "Instrumental value: are these solutions turned into concrete actions and products?"),
                ("Strategische waarde: wordt bijgedragen aan het agenderen van het onderwerp?", "Strategic value: does the deal help put the subject on the agenda?")),
            Indicator(Indicators.ProcessSafeguarding, "Borging van het proces", "Safeguarding the process",
                new("Borging van het proces", "Safeguarding the process"),
                ("Helder afspraken en procedures", "Clear agreements and procedures"),
                ("Gezamenlijke reflectie op het proces", "Joint reflection on the process"),
                ("Oog op de voortgang binnen het proces", "An eye on progress within the process")),
            Indicator(Indicators.KnowledgeSharing, "Ontwikkelen en delen van kennis", "Developing and sharing knowledge",
                new("Ontwikkelen en delen van kennis", "Developing and sharing knowledge"),
                ("Gericht op leerervaringen", "Focused on learning experiences"),
                ("Delen van kennis", "Sharing knowledge"),
                ("Toegankelijk maken van kennis", "Making knowledge accessible")),
            Indicator(Indicators.ResultsSafeguarding, "Borging van resultaat", "Safeguarding the result",
                new("Borging van resultaat", "Safeguarding the result"),
                ("Bijdrage aan nieuw gemeentelijk beleid", "Contribution to new municipal policy"),
                ("Bijdrage aan nieuw landelijk beleid", "Contribution to new national policy")),
            Indicator(Indicators.PartnershipSafeguarding, "Borging van partners", "Safeguarding the partners",
                new("Borging van samenwerking", "Safeguarding the collaboration"),
                ("Iedereen verbindt naar de eigen organisatie", "Everyone makes the link to their own organisation"),
                ("Helder taken, rollen en verantwoordelijkheden", "Clear tasks, roles and responsibilities"),
                ("Commitment van partners", "Commitment of partners")),
            Indicator(Indicators.Measurability, "Meetbaarheid van resultaat", "Measurability of the result",
                new("Meetbaarheid", "Measurability"),
                ("Helderheid input", "Clarity of input"),
                ("Helderheid output", "Clarity of output"),
                ("Helderheid outcome", "Clarity of outcome")),
        ];

        PulseQuestion[] statements =
        [
            Statement("process-design-1", Indicators.ProcessDesign,
                "Binnen deze City Deal is men in staat een herkenbaar en creatief proces vorm te geven.",
                "Within this City Deal, those involved are able to shape a recognisable and creative process."),
            Statement("process-design-2", Indicators.ProcessDesign,
                "Binnen deze City Deal is men in staat het proces waar nodig gemotiveerd bij te sturen.",
                "Within this City Deal, those involved are able to adjust the process where needed, for stated reasons."),
            Statement("partner-composition-1", Indicators.PartnerComposition,
                "Bij deze City Deal is een goede selectie van relevante partners betrokken.",
                "This City Deal involves a good selection of relevant partners."),
            Statement("results-1", Indicators.Results,
                "Deze City Deal levert resultaten die bijdragen aan de aanvankelijke geformuleerde beleidsdoelen.",
                "This City Deal delivers results that contribute to the policy goals as originally formulated."),
            Statement("process-safeguarding-1", Indicators.ProcessSafeguarding,
                "In deze City Deal is het proces op heldere en controleerbare wijze geformaliseerd in navolgbare afspraken.",
                "In this City Deal, the process has been formalised clearly and verifiably in agreements that can be followed."),
            Statement("process-safeguarding-2", Indicators.ProcessSafeguarding,
                "In deze City Deal is het proces op heldere en controleerbare wijze geformaliseerd (besluitvormings)procedures.",
                "In this City Deal, the process has been formalised clearly and verifiably in (decision-making) procedures."),
            Statement("knowledge-sharing-1", Indicators.KnowledgeSharing,
                "Binnen deze City Deal richten de activiteiten zich actief op het produceren van kennis.",
                "Within this City Deal, the activities actively focus on producing knowledge."),
            Statement("knowledge-sharing-2", Indicators.KnowledgeSharing,
                "Binnen deze City Deal richten de activiteiten zich actief op het delen van opgedane kennis.",
                "Within this City Deal, the activities actively focus on sharing the knowledge gained."),
            Statement("knowledge-sharing-3", Indicators.KnowledgeSharing,
                "Binnen deze City Deal wordt actief voorbereid op het opschalen van de beschikbare kennis.",
                "Within this City Deal, scaling up the available knowledge is actively prepared."),
            Statement("results-safeguarding-1", Indicators.ResultsSafeguarding,
                "Deze City Deal heeft bijgedragen of gaat naar alle waarschijnlijkheid bijdragen aan betere vormgeving van beleid in lijn met de aanvankelijke probleemstelling.",
                "This City Deal has contributed, or in all likelihood will contribute, to better policy design in line with the original problem statement."),
            Statement("partnership-safeguarding-1", Indicators.PartnershipSafeguarding,
                "Bij deze City Deal zijn de betrokken partners gecommitteerd en dragen bij volgens afgesproken toezeggingen.",
                "In this City Deal, the partners involved are committed and contribute according to the commitments agreed."),
            Statement("measurability-1", Indicators.Measurability,
                "Deze City Deal maakt de input in de City Deal inzichtelijk op een wijze die eenvoudig te meten en delen is met relevante partijen.",
                "This City Deal makes the input into the City Deal visible in a way that is easy to measure and to share with relevant parties."),
            Statement("measurability-2", Indicators.Measurability,
                "Deze City Deal maakt de output van de City Deal inzichtelijk op een wijze die eenvoudig te meten en delen is met relevante partijen.",
                "This City Deal makes the output of the City Deal visible in a way that is easy to measure and to share with relevant parties."),
            Statement("measurability-3", Indicators.Measurability,
                "Deze City Deal maakt, wanneer van toepassing, de gemaakte outcome van de City Deal inzichtelijk op een wijze die eenvoudig te meten en delen is met relevante partijen.",
                "This City Deal makes, where applicable, the outcome achieved by the City Deal visible in a way that is easy to measure and to share with relevant parties."),
        ];

        return new PulseTemplate(
            TemplateId,
            new("Self-assessment City Deal (midterm review)", "City Deal self-assessment (midterm review)"),
            indicators,
            statements)
        {
            Instruction = Instruction,
            Source = Source,
        };
    }

    // The full name labels the chart axis too: the review's diagram names the indicators in full.
    private static PulseIndicator Indicator(string id, string nl, string en, LocalizedText followUpHeading, params (string Nl, string En)[] followUp) =>
        new(id, new(nl, en), new(nl, en))
        {
            FollowUp = new PulseFollowUp(followUpHeading, [.. followUp.Select(e => new LocalizedText(e.Nl, e.En))]),
        };

    private static ScaleQuestion Statement(string id, string indicatorId, string nl, string en) =>
        new(id, new(nl, en), indicatorId, ScaleMin, ScaleMax, Low, High);
}
