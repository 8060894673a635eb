using CityDealBot.Cards.Localization;
using System.ComponentModel.DataAnnotations;

namespace CityDealBot.Pulse;

/// <summary>Who is looking at the results: free-text remarks are for dealmakers only.</summary>
public enum PulseViewerRole
{
    Partner,
    Dealmaker,
}

/// <summary>Privacy thresholds, bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class PulsePrivacyOptions
{
    public const string SectionName = "Pulse:Privacy";
    public const int LowestRespondentThreshold = 3;
    public const int HighestRespondentThreshold = 25;

    /// <summary>Results, ranges, choices and remarks show only from this many respondents.</summary>
    [Range(LowestRespondentThreshold, HighestRespondentThreshold)]
    public int MinimumRespondents { get; set; } = 5;

    /// <summary>The all-deals mean shows only when this many deals (each above the respondent threshold) contribute.</summary>
    [Range(3, 1000)]
    public int MinimumDeals { get; set; } = 3;

    public void EnsureValid()
    {
        if (MinimumRespondents is < LowestRespondentThreshold or > HighestRespondentThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumRespondents), MinimumRespondents,
                $"The respondent threshold must be between {LowestRespondentThreshold} and {HighestRespondentThreshold}.");
        }

        if (MinimumDeals < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumDeals), MinimumDeals, "The all-deals mean needs at least 3 deals.");
        }
    }
}

public enum PulseWithholdingReason
{
    /// <summary>Fewer respondents than the privacy threshold (for the round, an indicator or a question).</summary>
    TooFewRespondents,

    /// <summary>Fewer deals above the threshold than needed for an all-deals mean.</summary>
    TooFewDeals,

    /// <summary>The deal has no earlier pulse with this indicator.</summary>
    NoPreviousPulse,

    /// <summary>Earlier pulses exist, but none had enough respondents to compare with.</summary>
    PreviousPulseTooFewRespondents,

    /// <summary>Free-text remarks are shown to dealmakers only.</summary>
    DealmakersOnly,

    /// <summary>The deal's earlier pulses used another questionnaire (template), so their scores are not compared.</summary>
    PreviousPulseOtherTemplate,

    /// <summary>This round is the deal's baseline (nulmeting): its first round of this template.</summary>
    IsBaseline,

    /// <summary>The baseline had too few respondents for this indicator to compare with.</summary>
    BaselineTooFewRespondents,
}

/// <summary>Why a value is not shown, with the numbers a card needs to explain it.</summary>
public sealed record PulseWithholding(PulseWithholdingReason Reason, int Actual, int Required)
{
    public LocalizedText Explanation => Reason switch
    {
        PulseWithholdingReason.TooFewRespondents => new(
            $"Niet getoond: {Actual} {(Actual == 1 ? "reactie" : "reacties")}, er zijn er minstens {Required} nodig om antwoorden anoniem te houden.",
            $"Not shown: {Actual} {(Actual == 1 ? "response" : "responses")}; at least {Required} are needed to keep answers anonymous."),
        PulseWithholdingReason.TooFewDeals => new(
            $"Het gemiddelde van alle deals verschijnt pas als minstens {Required} deals genoeg reacties hebben; nu zijn dat er {Actual}.",
            $"The all-deals mean appears once at least {Required} deals have enough responses; so far {Actual} do."),
        PulseWithholdingReason.NoPreviousPulse => new(
            "Er is geen eerdere peiling van deze deal om mee te vergelijken.",
            "There is no earlier pulse of this deal to compare with."),
        PulseWithholdingReason.PreviousPulseTooFewRespondents => new(
            $"De vorige peiling had te weinig reacties om mee te vergelijken ({Actual}, minstens {Required} nodig).",
            $"The previous pulse had too few responses to compare with ({Actual}; at least {Required} needed)."),
        PulseWithholdingReason.PreviousPulseOtherTemplate => new(
            "Niet vergeleken: de vorige peiling van deze deal gebruikte een andere vragenlijst, dus de scores zijn niet vergelijkbaar.",
            "Not compared: this deal's previous pulse used a different questionnaire, so the scores are not comparable."),
        PulseWithholdingReason.IsBaseline => new(
            "Dit is de nulmeting van deze deal: latere peilingen met dezelfde vragenlijst worden ermee vergeleken.",
            "This is the deal's baseline: later pulses with the same questionnaire are compared with it."),
        PulseWithholdingReason.BaselineTooFewRespondents => new(
            $"De nulmeting had te weinig reacties om mee te vergelijken ({Actual}, minstens {Required} nodig).",
            $"The baseline had too few responses to compare with ({Actual}; at least {Required} needed)."),
        PulseWithholdingReason.DealmakersOnly => new(
            "Opmerkingen zijn alleen zichtbaar voor dealmakers.",
            "Remarks are visible to dealmakers only."),
        _ => throw new InvalidOperationException($"Unknown reason {Reason}."),
    };
}

/// <summary>A value that is either shown or withheld with a reason; never both. Create through <see cref="Disclosure"/>.</summary>
public readonly record struct Disclosure<T>
{
    internal Disclosure(T? value, PulseWithholding? withholding)
    {
        Value = value;
        Withholding = withholding;
    }

    /// <summary>The value; only meaningful when <see cref="IsShown"/>.</summary>
    public T? Value { get; }

    public PulseWithholding? Withholding { get; }

    public bool IsShown => Withholding is null;
}

public static class Disclosure
{
    public static Disclosure<T> Shown<T>(T value) => new(value, null);

    public static Disclosure<T> Withheld<T>(PulseWithholding withholding) => new(default, withholding);

    public static Disclosure<T> Withheld<T>(PulseWithholdingReason reason, int actual, int required) => new(default, new(reason, actual, required));
}

/// <summary>Lowest and highest score of an indicator (for the all-deals spread: the means of the deals' lowest and highest).</summary>
public readonly record struct ScoreRange(double Min, double Max)
{
    public double Width => Max - Min;
}

/// <summary>The round a deal's later results are compared with: its first round of the template (nulmeting).</summary>
public sealed record PulseBaseline(string RoundId, DateTimeOffset ClosesAt);

/// <summary>Change of the deal mean against the most recent earlier pulse that could be shown.</summary>
public sealed record PulseTrend(string PreviousRoundId, DateTimeOffset PreviousClosesAt, double PreviousMean, double Delta);

/// <summary>
/// One indicator as a viewer may see it. AllDealsSpread is the average spread over all deals (mean of the deals'
/// lowest and of their highest answers), shown under the same rule as AllDealsMean.
/// </summary>
public sealed record IndicatorResult(
    PulseIndicator Indicator,
    int ScaleMin,
    int ScaleMax,
    int RespondentCount,
    Disclosure<double> DealMean,
    Disclosure<ScoreRange> Range,
    Disclosure<double> AllDealsMean,
    int ContributingDeals,
    Disclosure<PulseTrend> Trend,
    Disclosure<ScoreRange> AllDealsSpread)
{
    /// <summary>
    /// Change against the deal's baseline (nulmeting): its first round of the same template. Withheld with
    /// <see cref="PulseWithholdingReason.IsBaseline"/> when this round is the baseline.
    /// </summary>
    public Disclosure<PulseTrend> SinceBaseline { get; init; } = Disclosure.Withheld<PulseTrend>(PulseWithholdingReason.IsBaseline, 0, 0);
}

public sealed record ChoiceResult(ChoiceQuestion Question, int RespondentCount, Disclosure<IReadOnlyDictionary<string, int>> CountsByOption);

/// <summary>
/// What one viewer may see of one round. Every value carries its own shown/withheld state so a card can
/// explain (in nl/en) why something is missing. <see cref="Withholding"/> is set when the round as a whole
/// has too few respondents.
/// </summary>
public sealed record PulseResults(
    string DealId,
    string RoundId,
    LocalizedText Title,
    DateTimeOffset ClosesAt,
    int RespondentCount,
    int RespondentThreshold,
    PulseViewerRole Viewer,
    PulseWithholding? Withholding,
    IReadOnlyList<IndicatorResult> Indicators,
    IReadOnlyList<ChoiceResult> Choices,
    Disclosure<IReadOnlyList<string>> Remarks)
{
    public bool IsShown => Withholding is null;

    /// <summary>The deal's baseline round of this template (its first), or null when this round is the baseline.</summary>
    public PulseBaseline? Baseline { get; init; }
}
