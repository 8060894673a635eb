using CityDealBot.Cards.Localization;
namespace CityDealBot.Pulse;

/// <summary>
/// A set of questions partners answer in one pulse. Scale questions are grouped under indicators
/// (one or more statements per indicator); results are computed per indicator.
/// </summary>
public sealed record PulseTemplate(
    string Id,
    LocalizedText Title,
    IReadOnlyList<PulseIndicator> Indicators,
    IReadOnlyList<PulseQuestion> Questions,
    bool AllowsRemark = true,
    int MaxRemarkLength = PulseTemplate.DefaultMaxRemarkLength)
{
    public const int DefaultMaxRemarkLength = 1000;

    /// <summary>The line above the statements telling partners how to score, when the template has one.</summary>
    public LocalizedText? Instruction { get; init; }

    /// <summary>Where a published questionnaire comes from (author, title, date, section), shown with the form.</summary>
    public string? Source { get; init; }

    public IEnumerable<ScaleQuestion> ScaleQuestions => Questions.OfType<ScaleQuestion>();

    public IEnumerable<ChoiceQuestion> ChoiceQuestions => Questions.OfType<ChoiceQuestion>();

    public IEnumerable<ScaleQuestion> StatementsOf(string indicatorId) =>
        ScaleQuestions.Where(q => q.IndicatorId == indicatorId);

    public PulseQuestion? FindQuestion(string questionId) =>
        Questions.FirstOrDefault(q => q.Id == questionId);
}

/// <summary>A theme the pulse measures, e.g. "Borging van resultaat". ShortName labels a chart axis.</summary>
public sealed record PulseIndicator(string Id, LocalizedText Name, LocalizedText ShortName)
{
    /// <summary>What to talk about when this indicator comes up in the follow-up conversation, if the template says.</summary>
    public PulseFollowUp? FollowUp { get; init; }
}

/// <summary>The elements that structure the follow-up conversation about one indicator, under their own heading.</summary>
public sealed record PulseFollowUp(LocalizedText Heading, IReadOnlyList<LocalizedText> Elements);

/// <summary>One question on the pulse card.</summary>
public abstract record PulseQuestion(string Id, LocalizedText Text, bool Required);

/// <summary>A statement scored on a whole-number scale from Min to Max, counted under an indicator.</summary>
public sealed record ScaleQuestion(
    string Id,
    LocalizedText Text,
    string IndicatorId,
    int Min,
    int Max,
    LocalizedText MinLabel,
    LocalizedText MaxLabel,
    bool Required = true) : PulseQuestion(Id, Text, Required);

/// <summary>A question with one answer picked from a list of options.</summary>
public sealed record ChoiceQuestion(
    string Id,
    LocalizedText Text,
    IReadOnlyList<ChoiceOption> Options,
    bool Required = true) : PulseQuestion(Id, Text, Required);

public sealed record ChoiceOption(string Id, LocalizedText Label);

/// <summary>What one partner filled in: scores per scale question, picked options per choice question, a remark.</summary>
public sealed record PulseAnswerSet(
    IReadOnlyDictionary<string, int> Scores,
    IReadOnlyDictionary<string, string> Choices,
    string? Remark = null)
{
    public static PulseAnswerSet Empty { get; } = new(new Dictionary<string, int>(), new Dictionary<string, string>());
}
