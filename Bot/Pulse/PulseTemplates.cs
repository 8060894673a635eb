namespace CityDealBot.Pulse;

/// <summary>
/// The templates the bot knows, by id. A round keeps the id of the template it ran with, so results, stored
/// tallies (partitioned by template id) and trends of older rounds stay as they were when the default changes.
/// </summary>
public static class PulseTemplates
{
    /// <summary>What a new pulse asks.</summary>
    public static PulseTemplate Default => MidtermReviewTemplate.Template;

    public static IReadOnlyList<PulseTemplate> All { get; } = [MidtermReviewTemplate.Template, LegacyPulseTemplate.Template];

    public static PulseTemplate? Find(string? templateId) => All.FirstOrDefault(t => t.Id == templateId);
}
