using CityDealBot.Cards.Localization;
using System.Text;

namespace CityDealBot.Pulse;

/// <summary>The text alternative of the radar chart: every value the chart shows, and what it leaves out and why.</summary>
public static class PulseChartDescription
{
    public static string Describe(PulseResults results, Language language)
    {
        var english = language == Language.English;
        var text = new StringBuilder();
        text.Append(english
            ? $"Spider chart of the pulse \"{results.Title.En}\": {results.RespondentCount} {(results.RespondentCount == 1 ? "response" : "responses")}."
            : $"Spinnenwebdiagram van de peiling \"{results.Title.Nl}\": {results.RespondentCount.ToString("N0", PulseNumbers.For(language))} {(results.RespondentCount == 1 ? "reactie" : "reacties")}.");

        if (results.Withholding is not null)
        {
            text.Append(' ').Append(results.Withholding.Explanation.In(language));
            return text.ToString();
        }

        var scales = results.Indicators.Select(i => (i.ScaleMin, i.ScaleMax)).Distinct().ToList();
        var commonScale = scales.Count == 1;
        if (commonScale)
        {
            text.Append(english
                ? $" Scores run from {scales[0].ScaleMin} to {scales[0].ScaleMax}."
                : $" Scores lopen van {scales[0].ScaleMin} tot {scales[0].ScaleMax}.");
        }

        foreach (var indicator in results.Indicators)
        {
            text.Append(' ').Append(indicator.Indicator.Name.In(language)).Append(": ");
            if (!indicator.DealMean.IsShown)
            {
                text.Append(indicator.DealMean.Withholding!.Explanation.In(language));
                continue;
            }

            var parts = new List<string>
            {
                (english ? "mean " : "gemiddeld ") + PulseNumbers.Score(indicator.DealMean.Value, language)
                    + (commonScale ? string.Empty : english ? $" on a scale of {indicator.ScaleMin} to {indicator.ScaleMax}" : $" op een schaal van {indicator.ScaleMin} tot {indicator.ScaleMax}"),
            };
            if (indicator.Range.IsShown)
            {
                parts.Add((english ? "range " : "spreiding ")
                    + PulseNumbers.Score(indicator.Range.Value.Min, language) + (english ? " to " : " tot ") + PulseNumbers.Score(indicator.Range.Value.Max, language));
            }

            if (indicator.AllDealsMean.IsShown)
            {
                parts.Add((english ? "all deals " : "alle deals ") + PulseNumbers.Score(indicator.AllDealsMean.Value, language));
            }

            if (indicator.AllDealsSpread.IsShown)
            {
                parts.Add((english ? "average spread of all deals " : "gemiddelde spreiding alle deals ")
                    + PulseNumbers.Score(indicator.AllDealsSpread.Value.Min, language) + (english ? " to " : " tot ") + PulseNumbers.Score(indicator.AllDealsSpread.Value.Max, language));
            }

            if (indicator.Trend.IsShown)
            {
                parts.Add((english ? "change since previous pulse " : "verschil met vorige peiling ") + PulseNumbers.Delta(indicator.Trend.Value!.Delta, language));
            }

            text.Append(string.Join("; ", parts)).Append('.');
        }

        var firstAllDeals = results.Indicators.Select(i => i.AllDealsMean).FirstOrDefault(d => !d.IsShown);
        if (firstAllDeals.Withholding is { } withheld)
        {
            text.Append(' ').Append(withheld.Explanation.In(language));
        }

        return text.ToString();
    }
}
