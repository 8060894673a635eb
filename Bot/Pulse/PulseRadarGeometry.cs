using CityDealBot.Cards.Localization;
namespace CityDealBot.Pulse;

/// <summary>
/// What the spider chart draws, decided once for both renderings (the results card's PNG and the dashboard's SVG):
/// which layers show under the privacy rules, each layer's radius per axis, the rings, and the colours. Axis 0
/// points up and the axes run clockwise; a score maps so the lowest scale point sits one step out from the centre
/// and the highest on the rim.
/// </summary>
public sealed record PulseRadarShape(
    IReadOnlyList<IndicatorResult> Indicators,
    IReadOnlyList<double> DealMean,
    IReadOnlyList<double>? RangeMin,
    IReadOnlyList<double>? RangeMax,
    IReadOnlyList<double>? AllDealsMean,
    IReadOnlyList<double>? AllDealsSpreadMin,
    IReadOnlyList<double>? AllDealsSpreadMax,
    IReadOnlyList<PulseRadarRing> Rings,
    int ContributingDeals)
{
    public int AxisCount => Indicators.Count;
}

/// <summary>A grid ring at <paramref name="Radius"/> (0–1) labelled with its scale point, or unlabelled when the label is empty.</summary>
public sealed record PulseRadarRing(double Radius, string Label);

public static class PulseRadarGeometry
{
    public const string DealColor = "#1E6B2E";
    public const string BandColor = "#C4C4C4";
    public const double BandOpacity = 0.55;
    public const string AllDealsColor = "#9B1B1B";
    public const string GridColor = "#D6D6D6";
    public const string TextColor = "#202020";

    /// <summary>A radar needs at least three axes and a deal mean on each of them.</summary>
    public static bool CanRender(PulseResults results) =>
        results.IsShown
        && results.Indicators.Count >= PulseRadarChart.MinimumIndicators
        && results.Indicators.All(i => i.DealMean.IsShown);

    /// <summary>The layers of <paramref name="results"/> (which must pass <see cref="CanRender"/>); a layer withheld on any axis is left out whole.</summary>
    public static PulseRadarShape Shape(PulseResults results, Language language)
    {
        if (!CanRender(results))
        {
            throw new InvalidOperationException("These results cannot be drawn as a radar chart; check CanRender first.");
        }

        var indicators = results.Indicators;
        double[] Layer(Func<IndicatorResult, double> value) => [.. indicators.Select(i => Radius(value(i), i.ScaleMin, i.ScaleMax))];

        var showBand = indicators.All(i => i.Range.IsShown);
        var showAllDeals = indicators.All(i => i.AllDealsMean.IsShown);
        var showSpread = indicators.All(i => i.AllDealsSpread.IsShown);

        var commonScale = indicators.Select(i => (i.ScaleMin, i.ScaleMax)).Distinct().Count() == 1;
        List<PulseRadarRing> rings;
        if (commonScale)
        {
            var (scaleMin, scaleMax) = (indicators[0].ScaleMin, indicators[0].ScaleMax);
            var steps = Enumerable.Range(scaleMin, scaleMax - scaleMin + 1).ToArray();
            rings = [.. steps.Select(s => new PulseRadarRing(
                Radius(s, scaleMin, scaleMax),
                LabelsEveryStep(steps.Length) || (s - scaleMin) % 2 == 0 ? s.ToString(PulseNumbers.For(language)) : string.Empty))];
        }
        else
        {
            rings = [.. Enumerable.Range(1, 5).Select(s => new PulseRadarRing(s / 5.0, string.Empty))];
        }

        return new PulseRadarShape(
            indicators,
            Layer(i => i.DealMean.Value),
            showBand ? Layer(i => i.Range.Value.Min) : null,
            showBand ? Layer(i => i.Range.Value.Max) : null,
            showAllDeals ? Layer(i => i.AllDealsMean.Value) : null,
            showSpread ? Layer(i => i.AllDealsSpread.Value.Min) : null,
            showSpread ? Layer(i => i.AllDealsSpread.Value.Max) : null,
            rings,
            indicators.Min(i => i.ContributingDeals));
    }

    /// <summary>Maps a score so the lowest scale point sits one step out from the centre and the highest on the rim.</summary>
    public static double Radius(double value, int scaleMin, int scaleMax) => (value - scaleMin + 1) / (scaleMax - scaleMin + 1);

    /// <summary>The angle of axis <paramref name="index"/> in degrees, clockwise from straight up.</summary>
    public static double AxisDegrees(int index, int count) => 360.0 * index / count;

    /// <summary>A point at <paramref name="radius"/> on axis <paramref name="index"/>, with y pointing up.</summary>
    public static (double X, double Y) Point(int index, int count, double radius)
    {
        var radians = AxisDegrees(index, count) * Math.PI / 180;
        return (radius * Math.Sin(radians), radius * Math.Cos(radians));
    }

    // Long scales (e.g. 0–10) get a number on every other ring so the numbers do not run together.
    private static bool LabelsEveryStep(int steps) => steps <= 6;
}
