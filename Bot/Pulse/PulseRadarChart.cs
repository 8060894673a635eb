using CityDealBot.Cards.Localization;
using ScottPlot;

namespace CityDealBot.Pulse;

/// <summary>A rendered chart: PNG bytes, pixel size, and a text alternative for screen readers.</summary>
public sealed record PulseChart(byte[] Png, int Width, int Height, string AltText);

/// <summary>
/// Spider chart of a round's results, drawn as the midterm review drew it (appendix "Methode | Opzet" and the
/// introduction "Aanpak"): the deal's mean as a dark green line, the mean of all deals as a dark red line, the
/// deal's lowest–highest range as a light grey band, and the average spread over all deals (dotted dark red,
/// the mean of the deals' lowest and of their highest answers) as a reference; one axis per indicator.
/// </summary>
public static class PulseRadarChart
{
    public const int MinimumIndicators = 3;
    public const int DefaultSize = 800;
    public const int MinimumSize = 300;

    private static readonly Color DealColor = Color.FromHex("#1E6B2E");
    private static readonly Color BandColor = Color.FromHex("#C4C4C4");
    private static readonly Color AllDealsColor = Color.FromHex("#9B1B1B");
    private static readonly Color GridColor = Color.FromHex("#D6D6D6");
    private static readonly Color TextColor = Color.FromHex("#202020");

    // ScottPlot's own sans-serif detection can land on a serif face on Linux, so pick a known family that is installed.
    private static readonly Lazy<string> SansFont = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] preferred = ["Segoe UI", "Open Sans", "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];
        return preferred.FirstOrDefault(installed.Contains) ?? Fonts.Default;
    });

    /// <summary>A radar needs at least three axes and a deal mean on each of them.</summary>
    public static bool CanRender(PulseResults results) =>
        results.IsShown
        && results.Indicators.Count >= MinimumIndicators
        && results.Indicators.All(i => i.DealMean.IsShown);

    /// <param name="results">Results that pass <see cref="CanRender"/>.</param>
    /// <param name="language">Language of labels, legend and alt text.</param>
    /// <param name="size">Width and height in pixels.</param>
    /// <param name="dealName">Shown under the title when given.</param>
    public static PulseChart Render(PulseResults results, Language language, int size = DefaultSize, string? dealName = null)
    {
        if (!CanRender(results))
        {
            throw new InvalidOperationException("These results cannot be drawn as a radar chart; check CanRender first.");
        }

        if (size is < MinimumSize or > DefaultSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Chart size must be between {MinimumSize} and {DefaultSize} pixels.");
        }

        var indicators = results.Indicators;
        var showBand = indicators.All(i => i.Range.IsShown);
        var showAllDeals = indicators.All(i => i.AllDealsMean.IsShown);
        var showAllDealsSpread = indicators.All(i => i.AllDealsSpread.IsShown);

        using var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Font.Set(SansFont.Value);
        plot.HideGrid();
        plot.Axes.Frameless();

        var polar = plot.Add.PolarAxis(radius: 1);
        polar.Rotation = Angle.FromDegrees(-90);
        polar.Clockwise = true;
        polar.StraightLines = true;

        var commonScale = indicators.Select(i => (i.ScaleMin, i.ScaleMax)).Distinct().Count() == 1;
        var (scaleMin, scaleMax) = (indicators[0].ScaleMin, indicators[0].ScaleMax);
        if (commonScale)
        {
            var steps = Enumerable.Range(scaleMin, scaleMax - scaleMin + 1).ToArray();
            polar.SetCircles(steps.Select(s => Radius(s, scaleMin, scaleMax)).ToArray(), steps.Select(s => LabelsEveryStep(steps.Length) || (s - scaleMin) % 2 == 0 ? s.ToString(PulseNumbers.For(language)) : string.Empty).ToArray());
        }
        else
        {
            polar.SetCircles(1, 5);
        }

        polar.SetSpokes(indicators.Select(i => i.Indicator.ShortName.In(language)).ToArray(), 1.0);
        foreach (var circle in polar.Circles)
        {
            circle.LineColor = GridColor;
            circle.LabelStyle.FontSize = size / 50f;
            circle.LabelStyle.ForeColor = TextColor.WithAlpha(0.7);
        }

        for (var i = 0; i < polar.Spokes.Count; i++)
        {
            var spoke = polar.Spokes[i];
            spoke.LineColor = GridColor;

            // The axis's own labels are centred on their point; own texts anchor on the side facing the chart,
            // so long names grow outward instead of over the data.
            spoke.LabelText = string.Empty;
            var label = plot.Add.Text(WrapLabel(indicators[i].Indicator.ShortName.In(language)), polar.GetCoordinates(1.06, spoke.Angle));
            label.LabelFontName = SansFont.Value;
            label.LabelFontSize = size / 42f;
            label.LabelBold = true;
            label.LabelFontColor = TextColor;
            label.LabelAlignment = LabelAlignment(i, polar.Spokes.Count);
        }

        // Scale numbers sit between the first two axes, where no data line runs along them.
        foreach (var circle in polar.Circles)
        {
            circle.LabelAngle = Angle.FromDegrees(-90 + 180.0 / indicators.Count);
            circle.LabelStyle.FontName = SansFont.Value;
            circle.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.8);
        }

        double Scaled(IndicatorResult indicator, double value) => Radius(value, indicator.ScaleMin, indicator.ScaleMax);

        if (showBand)
        {
            var outer = polar.GetCoordinates(indicators.Select(i => Scaled(i, i.Range.Value.Max)).ToArray());
            var inner = polar.GetCoordinates(indicators.Select(i => Scaled(i, i.Range.Value.Min)).ToArray());

            // Outer ring, then the inner ring in reverse: the opposite winding leaves the inside unfilled.
            var ring = outer.Append(outer[0]).Concat(inner.Append(inner[0]).Reverse()).ToArray();
            var band = plot.Add.Polygon(ring);
            band.FillColor = BandColor.WithAlpha(0.55);
            band.LineWidth = 0;
            band.LineColor = Colors.Transparent;
        }

        if (showAllDealsSpread)
        {
            // The reference spread: two thin dotted rings, so the deal's own band stays readable underneath.
            foreach (var edge in new Func<ScoreRange, double>[] { r => r.Min, r => r.Max })
            {
                var ring = plot.Add.Polygon(polar.GetCoordinates(indicators.Select(i => Scaled(i, edge(i.AllDealsSpread.Value))).ToArray()));
                ring.FillColor = Colors.Transparent;
                ring.LineColor = AllDealsColor.WithAlpha(0.8);
                ring.LineWidth = size / 500f;
                ring.LinePattern = LinePattern.Dotted;
            }
        }

        if (showAllDeals)
        {
            var allDeals = plot.Add.Polygon(polar.GetCoordinates(indicators.Select(i => Scaled(i, i.AllDealsMean.Value)).ToArray()));
            allDeals.FillColor = Colors.Transparent;
            allDeals.LineColor = AllDealsColor;
            allDeals.LineWidth = size / 280f;
        }

        var deal = plot.Add.Polygon(polar.GetCoordinates(indicators.Select(i => Scaled(i, i.DealMean.Value)).ToArray()));
        deal.FillColor = Colors.Transparent;
        deal.LineColor = DealColor;
        deal.LineWidth = size / 220f;
        deal.MarkerShape = MarkerShape.FilledCircle;
        deal.MarkerSize = size / 90f;
        deal.MarkerColor = DealColor;

        var texts = ChartTexts.For(language);
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = string.Format(PulseNumbers.For(language), texts.DealMean, results.RespondentCount.ToString("N0", PulseNumbers.For(language))),
            LineColor = DealColor,
            LineWidth = 3,
            MarkerShape = MarkerShape.FilledCircle,
            MarkerColor = DealColor,
            MarkerSize = 8,
        });
        if (showBand)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = texts.Range, FillColor = BandColor.WithAlpha(0.55) });
        }

        var deals = indicators.Min(i => i.ContributingDeals);
        if (showAllDeals)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = string.Format(PulseNumbers.For(language), texts.AllDeals, deals),
                LineColor = AllDealsColor,
                LineWidth = 3,
            });
        }

        if (showAllDealsSpread)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = string.Format(PulseNumbers.For(language), texts.AllDealsSpread, deals),
                LineColor = AllDealsColor.WithAlpha(0.8),
                LineWidth = 2,
                LinePattern = LinePattern.Dotted,
            });
        }

        plot.Legend.FontSize = size / 50f;
        plot.Legend.FontName = SansFont.Value;
        plot.Legend.FontColor = TextColor;
        plot.Legend.OutlineColor = GridColor;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Vertical;

        var title = results.Title.In(language) + (string.IsNullOrWhiteSpace(dealName) ? string.Empty : "\n" + dealName.Trim());
        plot.Title(title, size: size / 36f);
        plot.Axes.Title.Label.ForeColor = TextColor;
        plot.Axes.Title.Label.FontName = SansFont.Value;

        // Room around the unit circle for the spoke labels; square units keep the radar round.
        plot.Axes.SetLimits(-1.75, 1.75, -1.3, 1.3);
        plot.Axes.SquareUnits();

        var png = plot.GetImageBytes(size, size, ImageFormat.Png);
        return new PulseChart(png, size, size, PulseChartDescription.Describe(results, language));
    }

    /// <summary>Anchors each axis label on the side facing the chart, so long names grow outward instead of over the data.</summary>
    private static Alignment LabelAlignment(int index, int count)
    {
        // Axis 0 points up; angles run clockwise in screen terms.
        var degrees = 360.0 * index / count;
        var x = Math.Sin(degrees * Math.PI / 180);
        var y = Math.Cos(degrees * Math.PI / 180);
        const double Vertical = 0.92;
        if (y > Vertical)
        {
            return Alignment.LowerCenter;
        }

        if (y < -Vertical)
        {
            return Alignment.UpperCenter;
        }

        return x > 0 ? Alignment.MiddleLeft : Alignment.MiddleRight;
    }

    // Long scales (e.g. 0–10) get a number on every other ring so the numbers do not run together.
    private static bool LabelsEveryStep(int steps) => steps <= 6;

    /// <summary>Splits a long axis name over two lines at the space nearest its middle.</summary>
    internal static string WrapLabel(string label)
    {
        const int MaxLineLength = 12;
        if (label.Length <= MaxLineLength)
        {
            return label;
        }

        var middle = label.Length / 2;
        var best = -1;
        for (var i = 0; i < label.Length; i++)
        {
            if (label[i] == ' ' && (best < 0 || Math.Abs(i - middle) < Math.Abs(best - middle)))
            {
                best = i;
            }
        }

        return best < 0 ? label : label[..best] + "\n" + label[(best + 1)..];
    }

    /// <summary>Maps a score so the lowest scale point sits one step out from the centre and the highest on the rim.</summary>
    private static double Radius(double value, int scaleMin, int scaleMax) => (value - scaleMin + 1) / (scaleMax - scaleMin + 1);

    private sealed record ChartTexts(string DealMean, string Range, string AllDeals, string AllDealsSpread)
    {
        private static readonly ChartTexts Dutch = new(
            "Gemiddelde van deze deal ({0} reacties)", "Spreiding in deze deal: laagste tot hoogste score", "Gemiddelde van alle deals ({0} deals)",
            "Gemiddelde spreiding van alle deals ({0} deals)");

        private static readonly ChartTexts English = new(
            "Mean of this deal ({0} responses)", "Spread in this deal: lowest to highest score", "Mean of all deals ({0} deals)",
            "Average spread of all deals ({0} deals)");

        public static ChartTexts For(Language language) => language == Language.English ? English : Dutch;
    }
}
