using CityDealBot.Cards.Localization;
namespace CityDealBot.Pulse;

/// <summary>
/// The first pulse the bot used (template id <c>midterm-review-2023</c>): the midterm review's eight themes in the
/// project's own wording, twelve statements. New pulses use <see cref="MidtermReviewTemplate"/>, the questionnaire
/// as published; this one stays so that pulses already run keep their questions, results and trend.
/// </summary>
public static class LegacyPulseTemplate
{
    public const string TemplateId = "midterm-review-2023";
    public const int ScaleMin = 1;
    public const int ScaleMax = 5;

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

    private static readonly LocalizedText Disagree = new("Helemaal oneens", "Strongly disagree");
    private static readonly LocalizedText Agree = new("Helemaal eens", "Strongly agree");

    public static PulseTemplate Template { get; } = Build();

    private static PulseTemplate Build()
    {
        PulseIndicator[] indicators =
        [
            new(Indicators.ProcessDesign, new("Vormgeving van het proces", "Process design"), new("Vormgeving proces", "Process design")),
            new(Indicators.PartnerComposition, new("Samenstelling van partners", "Composition of partners"), new("Samenstelling", "Partner mix")),
            new(Indicators.Results, new("Resultaten", "Results"), new("Resultaten", "Results")),
            new(Indicators.ProcessSafeguarding, new("Borging van het proces", "Safeguarding the process"), new("Borging proces", "Process continuity")),
            new(Indicators.KnowledgeSharing, new("Kennis ontwikkelen en delen", "Developing and sharing knowledge"), new("Kennis", "Knowledge")),
            new(Indicators.ResultsSafeguarding, new("Borging van resultaten", "Safeguarding results"), new("Borging resultaten", "Results continuity")),
            new(Indicators.PartnershipSafeguarding, new("Borging van samenwerking", "Commitment of partners"), new("Borging samenwerking", "Partner commitment")),
            new(Indicators.Measurability, new("Meetbaarheid", "Measurability"), new("Meetbaarheid", "Measurability")),
        ];

        PulseQuestion[] statements =
        [
            Statement("process-goals", Indicators.ProcessDesign,
                "De deal heeft heldere doelen en een werkwijze die alle partners kennen.",
                "The deal has clear goals and a way of working that all partners know."),
            Statement("process-roles", Indicators.ProcessDesign,
                "Rollen en taken binnen de deal zijn duidelijk verdeeld.",
                "Roles and tasks within the deal are clearly divided."),
            Statement("partners-right-table", Indicators.PartnerComposition,
                "De juiste partijen zitten aan tafel om de opgave aan te pakken.",
                "The right parties are at the table to tackle the challenge."),
            Statement("partners-mandate", Indicators.PartnerComposition,
                "Partners brengen voldoende mandaat en capaciteit in.",
                "Partners bring enough mandate and capacity."),
            Statement("results-visible", Indicators.Results,
                "De deal levert zichtbare resultaten op voor de opgave.",
                "The deal delivers visible results for the challenge."),
            Statement("process-continuity", Indicators.ProcessSafeguarding,
                "De samenwerking loopt door, ook als mensen van functie wisselen.",
                "The collaboration carries on when people change jobs."),
            Statement("process-records", Indicators.ProcessSafeguarding,
                "Afspraken, besluiten en documenten zijn vastgelegd en vindbaar.",
                "Agreements, decisions and documents are recorded and easy to find."),
            Statement("knowledge-develop", Indicators.KnowledgeSharing,
                "In de deal ontwikkelen we nieuwe kennis over de opgave.",
                "In the deal we develop new knowledge about the challenge."),
            Statement("knowledge-share", Indicators.KnowledgeSharing,
                "Kennis uit de deal wordt gedeeld buiten de eigen partners.",
                "Knowledge from the deal is shared beyond its own partners."),
            Statement("results-embedded", Indicators.ResultsSafeguarding,
                "Resultaten krijgen een plek in beleid of in de vaste organisatie van partners.",
                "Results find a place in partners' policies or regular organisation."),
            Statement("partners-committed", Indicators.PartnershipSafeguarding,
                "Partners blijven zich inzetten voor de deal tot het einde van de looptijd.",
                "Partners stay committed to the deal until it ends."),
            Statement("measuring-progress", Indicators.Measurability,
                "Het is duidelijk hoe we de voortgang en resultaten van de deal meten.",
                "It is clear how we measure the deal's progress and results."),
        ];

        return new PulseTemplate(
            TemplateId,
            new("Peiling City Deal (zelfevaluatie midterm review)", "City Deal pulse (midterm review self-assessment)"),
            indicators,
            statements)
        {
            Instruction = new("Geef per stelling aan in hoeverre je het ermee eens bent.", "For each statement, say how far you agree."),
        };
    }

    private static ScaleQuestion Statement(string id, string indicatorId, string nl, string en) =>
        new(id, new(nl, en), indicatorId, ScaleMin, ScaleMax, Disagree, Agree);
}
