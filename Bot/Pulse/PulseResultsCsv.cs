using CityDealBot.Cards.Localization;
using System.Text;
using CityDealBot.DutchTime;

namespace CityDealBot.Pulse;

/// <summary>
/// Aggregated results as CSV for Dutch Excel: UTF-8 with BOM, semicolons, decimal commas, Dutch headers.
/// Holds aggregates only, never a respondent or a remark; withheld values are blank with the reason in the last column.
/// </summary>
public static class PulseResultsCsv
{
    public static IReadOnlyList<string> Headers { get; } =
    [
        "Deal", "Peiling", "Sluitdatum", "Indicator", "Aantal reacties", "Gemiddelde deal", "Laagste score", "Hoogste score",
        "Gemiddelde alle deals", "Gemiddeld laagste alle deals", "Gemiddeld hoogste alle deals", "Aantal deals", "Verschil met vorige peiling", "Verschil met nulmeting", "Toelichting",
    ];

    private const char Separator = ';';

    public static byte[] Export(PulseResults results, string dealName)
    {
        var csv = new StringBuilder();
        AppendRow(csv, [.. Headers]);

        var closes = AmsterdamTime.LocalDateTime(results.ClosesAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var indicator in results.Indicators)
        {
            var notes = new List<string>();
            string Value(Disclosure<double> value)
            {
                if (value.IsShown)
                {
                    return Number(value.Value);
                }

                notes.Add(value.Withholding!.Explanation.Nl);
                return string.Empty;
            }

            var mean = Value(indicator.DealMean);
            var low = indicator.Range.IsShown ? Number(indicator.Range.Value.Min) : Note(indicator.Range.Withholding!, notes);
            var high = indicator.Range.IsShown ? Number(indicator.Range.Value.Max) : string.Empty;
            var allDeals = Value(indicator.AllDealsMean);
            var allDealsLow = indicator.AllDealsSpread.IsShown ? Number(indicator.AllDealsSpread.Value.Min) : string.Empty;
            var allDealsHigh = indicator.AllDealsSpread.IsShown ? Number(indicator.AllDealsSpread.Value.Max) : string.Empty;
            var delta = indicator.Trend.IsShown ? Number(indicator.Trend.Value!.Delta) : Note(indicator.Trend.Withholding!, notes);
            var sinceBaseline = indicator.SinceBaseline.IsShown ? Number(indicator.SinceBaseline.Value!.Delta) : Note(indicator.SinceBaseline.Withholding!, notes);

            AppendRow(csv,
            [
                dealName, results.Title.Nl, closes, indicator.Indicator.Name.Nl,
                indicator.RespondentCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                mean, low, high, allDeals, allDealsLow, allDealsHigh,
                indicator.ContributingDeals.ToString(System.Globalization.CultureInfo.InvariantCulture),
                delta, sinceBaseline, string.Join(" ", notes.Distinct()),
            ]);
        }

        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(csv.ToString());
        return [.. preamble, .. body];
    }

    public static IReadOnlyList<string> ProgrammeHeaders { get; } =
    [
        "Deal", "Status", "Sluitdatum", "Aantal reacties", "Indicator", "Gemiddelde deal", "Verschil met vorige peiling", "Verschil met nulmeting", "Toelichting",
    ];

    /// <summary>
    /// A programme round over all deals, one row per deal and indicator (one row for a deal without results):
    /// what a partner of that deal may see, so the same thresholds hold; withheld values are blank with the reason.
    /// </summary>
    public static byte[] ExportProgramme(IEnumerable<(string DealName, string Status, PulseResults? Results)> deals)
    {
        var csv = new StringBuilder();
        AppendRow(csv, [.. ProgrammeHeaders]);
        foreach (var (dealName, status, results) in deals)
        {
            if (results is null)
            {
                AppendRow(csv, [dealName, status, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty]);
                continue;
            }

            var closes = AmsterdamTime.LocalDateTime(results.ClosesAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var respondents = results.RespondentCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var indicator in results.Indicators)
            {
                var notes = new List<string>();
                var mean = indicator.DealMean.IsShown ? Number(indicator.DealMean.Value) : Note(indicator.DealMean.Withholding!, notes);
                var delta = indicator.Trend.IsShown ? Number(indicator.Trend.Value!.Delta) : Note(indicator.Trend.Withholding!, notes);
                var sinceBaseline = indicator.SinceBaseline.IsShown ? Number(indicator.SinceBaseline.Value!.Delta) : Note(indicator.SinceBaseline.Withholding!, notes);
                AppendRow(csv, [dealName, status, closes, respondents, indicator.Indicator.Name.Nl, mean, delta, sinceBaseline, string.Join(" ", notes.Distinct())]);
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Note(PulseWithholding withholding, List<string> notes)
    {
        notes.Add(withholding.Explanation.Nl);
        return string.Empty;
    }

    private static string Number(double value) => value.ToString("0.00", PulseNumbers.For(Language.Dutch));

    private static void AppendRow(StringBuilder csv, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(Separator);
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    /// <summary>Quotes when needed, and defuses text that Excel would run as a formula (names come from dealmakers).</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, System.Globalization.NumberStyles.Float, PulseNumbers.For(Language.Dutch), out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([Separator, '"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
