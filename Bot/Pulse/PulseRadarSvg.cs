using CityDealBot.Cards.Localization;
using System.Globalization;
using System.Net;
using System.Text;

namespace CityDealBot.Pulse;

/// <summary>
/// The spider chart of <see cref="PulseRadarChart"/> as inline SVG for web pages: the same layers, radii and colours
/// from <see cref="PulseRadarGeometry"/>. The full chart carries axis labels, scale numbers and a legend; the compact
/// one (a small multiple) only the lines. Both are an image with <see cref="PulseChartDescription"/> as their text.
/// </summary>
public static class PulseRadarSvg
{
    public static string Render(PulseResults results, Language language, string id, bool compact)
    {
        var shape = PulseRadarGeometry.Shape(results, language);
        // The full chart leaves room beside the rim for the axis names; the compact one has none.
        var size = compact ? 160 : 420;
        var width = compact ? size : 560;
        var radius = compact ? 70.0 : 130.0;
        var centre = size / 2.0;
        var middle = width / 2.0;
        var height = compact ? size : size + 70;
        var svg = new StringBuilder(compact ? 2_000 : 6_000);
        var description = PulseChartDescription.Describe(results, language);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t\" class=\"radar\">");
        svg.Append("<title id=\"").Append(id).Append("-t\">").Append(WebUtility.HtmlEncode(description)).Append("</title>");

        string Points(IReadOnlyList<double> radii) =>
            string.Join(' ', radii.Select((r, i) => Xy(PulseRadarGeometry.Point(i, radii.Count, r))));
        string Xy((double X, double Y) p) =>
            string.Create(CultureInfo.InvariantCulture, $"{middle + (p.X * radius):0.#},{centre - (p.Y * radius):0.#}");

        foreach (var ring in shape.Rings)
        {
            svg.Append("<polygon fill=\"none\" stroke=\"").Append(PulseRadarGeometry.GridColor).Append("\" points=\"")
                .Append(Points([.. Enumerable.Repeat(ring.Radius, shape.AxisCount)])).Append("\"/>");
        }

        for (var i = 0; i < shape.AxisCount; i++)
        {
            var (x, y) = PulseRadarGeometry.Point(i, shape.AxisCount, 1);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line stroke=\"{PulseRadarGeometry.GridColor}\" x1=\"{middle:0.#}\" y1=\"{centre:0.#}\" x2=\"{middle + (x * radius):0.#}\" y2=\"{centre - (y * radius):0.#}\"/>");
        }

        if (shape.RangeMin is not null)
        {
            // Outer ring, then the inner ring: the even-odd rule leaves the inside unfilled.
            svg.Append("<path fill-rule=\"evenodd\" fill=\"").Append(PulseRadarGeometry.BandColor)
                .Append(CultureInfo.InvariantCulture, $"\" fill-opacity=\"{PulseRadarGeometry.BandOpacity}\" d=\"M")
                .Append(Points(shape.RangeMax!)).Append("Z M").Append(Points(shape.RangeMin)).Append("Z\"/>");
        }

        if (shape.AllDealsSpreadMin is not null)
        {
            foreach (var edge in new[] { shape.AllDealsSpreadMin, shape.AllDealsSpreadMax! })
            {
                svg.Append("<polygon fill=\"none\" stroke-dasharray=\"2 3\" stroke=\"").Append(PulseRadarGeometry.AllDealsColor)
                    .Append("\" points=\"").Append(Points(edge)).Append("\"/>");
            }
        }

        if (shape.AllDealsMean is not null)
        {
            svg.Append("<polygon fill=\"none\" stroke-width=\"2\" stroke=\"").Append(PulseRadarGeometry.AllDealsColor)
                .Append("\" points=\"").Append(Points(shape.AllDealsMean)).Append("\"/>");
        }

        svg.Append("<polygon fill=\"none\" stroke-width=\"").Append(compact ? "2" : "3").Append("\" stroke=\"").Append(PulseRadarGeometry.DealColor)
            .Append("\" points=\"").Append(Points(shape.DealMean)).Append("\"/>");
        if (!compact)
        {
            for (var i = 0; i < shape.AxisCount; i++)
            {
                var (x, y) = PulseRadarGeometry.Point(i, shape.AxisCount, shape.DealMean[i]);
                svg.Append(CultureInfo.InvariantCulture, $"<circle r=\"4\" fill=\"{PulseRadarGeometry.DealColor}\" cx=\"{middle + (x * radius):0.#}\" cy=\"{centre - (y * radius):0.#}\"/>");
            }

            AppendLabels(svg, shape, language, middle, centre, radius);
            AppendLegend(svg, results, shape, language, size);
        }

        return svg.Append("</svg>").ToString();
    }

    private static void AppendLabels(StringBuilder svg, PulseRadarShape shape, Language language, double middle, double centre, double radius)
    {
        svg.Append("<g font-size=\"12\" fill=\"").Append(PulseRadarGeometry.TextColor).Append("\" aria-hidden=\"true\">");
        for (var i = 0; i < shape.AxisCount; i++)
        {
            var (x, y) = PulseRadarGeometry.Point(i, shape.AxisCount, 1.08);
            var anchor = Math.Abs(x) < 0.2 ? "middle" : x > 0 ? "start" : "end";
            var lines = PulseRadarChart.WrapLabel(shape.Indicators[i].Indicator.ShortName.In(language)).Split('\n');
            var top = centre - (y * radius) - (y > 0.5 ? (lines.Length - 1) * 13 : y < -0.5 ? -10 : (lines.Length - 1) * 6);
            svg.Append(CultureInfo.InvariantCulture, $"<text font-weight=\"bold\" text-anchor=\"{anchor}\" x=\"{middle + (x * radius):0.#}\" y=\"{top:0.#}\">");
            for (var l = 0; l < lines.Length; l++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<tspan x=\"{middle + (x * radius):0.#}\" dy=\"{(l == 0 ? 0 : 13)}\">").Append(WebUtility.HtmlEncode(lines[l])).Append("</tspan>");
            }

            svg.Append("</text>");
        }

        // Scale numbers between the first two axes, where no data line runs along them.
        foreach (var ring in shape.Rings.Where(r => r.Label.Length > 0))
        {
            var angle = Math.PI / shape.AxisCount;
            svg.Append(CultureInfo.InvariantCulture,
                $"<text font-size=\"10\" x=\"{middle + (Math.Sin(angle) * ring.Radius * radius):0.#}\" y=\"{centre - (Math.Cos(angle) * ring.Radius * radius):0.#}\">{ring.Label}</text>");
        }

        svg.Append("</g>");
    }

    private static void AppendLegend(StringBuilder svg, PulseResults results, PulseRadarShape shape, Language language, int size)
    {
        var texts = PulseRadarChart.ChartTexts.For(language);
        var numbers = PulseNumbers.For(language);
        var items = new List<(string Text, string Swatch)>
        {
            (string.Format(numbers, texts.DealMean, results.RespondentCount.ToString("N0", numbers)),
                $"<line x1=\"0\" x2=\"18\" y1=\"-4\" y2=\"-4\" stroke-width=\"3\" stroke=\"{PulseRadarGeometry.DealColor}\"/>"),
        };
        if (shape.RangeMin is not null)
        {
            items.Add((texts.Range, string.Create(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"-10\" width=\"18\" height=\"10\" fill=\"{PulseRadarGeometry.BandColor}\" fill-opacity=\"{PulseRadarGeometry.BandOpacity}\"/>")));
        }

        if (shape.AllDealsMean is not null)
        {
            items.Add((string.Format(numbers, texts.AllDeals, shape.ContributingDeals), $"<line x1=\"0\" x2=\"18\" y1=\"-4\" y2=\"-4\" stroke-width=\"2\" stroke=\"{PulseRadarGeometry.AllDealsColor}\"/>"));
        }

        if (shape.AllDealsSpreadMin is not null)
        {
            items.Add((string.Format(numbers, texts.AllDealsSpread, shape.ContributingDeals), $"<line x1=\"0\" x2=\"18\" y1=\"-4\" y2=\"-4\" stroke-dasharray=\"2 3\" stroke=\"{PulseRadarGeometry.AllDealsColor}\"/>"));
        }

        svg.Append("<g font-size=\"11\" fill=\"").Append(PulseRadarGeometry.TextColor).Append("\" aria-hidden=\"true\">");
        for (var i = 0; i < items.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate(10,{size + 8 + (i * 15)})\">").Append(items[i].Swatch)
                .Append("<text x=\"24\">").Append(WebUtility.HtmlEncode(items[i].Text)).Append("</text></g>");
        }

        svg.Append("</g>");
    }
}
