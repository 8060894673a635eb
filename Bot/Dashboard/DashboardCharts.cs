using System.Globalization;
using System.Net;
using System.Text;
using CityDealBot.Pulse;

namespace CityDealBot.Dashboard;

/// <summary>The dashboard's own SVG pictures (the spider charts come from <see cref="PulseRadarSvg"/>); each has a table beside it.</summary>
public static class DashboardCharts
{
    private const string InkColor = "#202020";
    private const string NodeColor = "#1D4F91";
    private const string EdgeColor = "#5A6B7D";

    /// <summary>Deals on a circle, a line between two deals whose people met, thicker for more contacts.</summary>
    public static string Network(IReadOnlyList<DealContact> contacts, string title)
    {
        var deals = contacts.SelectMany(c => new[] { c.DealA, c.DealB }).Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        // Wide enough for names beside the nodes on the left and right.
        const int Size = 460;
        const int Width = 820;
        const double Centre = Size / 2.0;
        const double Middle = Width / 2.0;
        const double Radius = 170;
        // Deals sit on a circle as the spider chart's axes do: the first at the top, then clockwise.
        var position = deals.Select((d, i) => (d, PulseRadarGeometry.Point(i, deals.Count, 1))).ToDictionary(p => p.d, p => p.Item2, StringComparer.Ordinal);
        var max = contacts.Count == 0 ? 1 : contacts.Max(c => c.Total);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Size}\" width=\"{Width}\" height=\"{Size}\" role=\"img\" aria-labelledby=\"network-t\" class=\"network\">");
        svg.Append("<title id=\"network-t\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        foreach (var contact in contacts)
        {
            var (a, b) = (position[contact.DealA], position[contact.DealB]);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line stroke=\"{EdgeColor}\" stroke-opacity=\"0.7\" stroke-width=\"{1 + (5.0 * contact.Total / max):0.#}\" x1=\"{Middle + (a.X * Radius):0.#}\" y1=\"{Centre - (a.Y * Radius):0.#}\" x2=\"{Middle + (b.X * Radius):0.#}\" y2=\"{Centre - (b.Y * Radius):0.#}\"/>");
        }

        svg.Append("<g font-size=\"11\" fill=\"").Append(InkColor).Append("\">");
        foreach (var (deal, (x, y)) in position)
        {
            var anchor = Math.Abs(x) < 0.2 ? "middle" : x > 0 ? "start" : "end";
            svg.Append(CultureInfo.InvariantCulture, $"<circle r=\"6\" fill=\"{NodeColor}\" cx=\"{Middle + (x * Radius):0.#}\" cy=\"{Centre - (y * Radius):0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text text-anchor=\"{anchor}\" x=\"{Middle + (x * (Radius + 12)):0.#}\" y=\"{Centre - (y * (Radius + 12)) + 4:0.#}\">")
                .Append(WebUtility.HtmlEncode(Shorten(deal))).Append("</text>");
        }

        return svg.Append("</g></svg>").ToString();
    }

    /// <summary>A strip of <paramref name="months"/> months from <paramref name="from"/>: one row per kind, a mark per item.</summary>
    public static string Timeline(IReadOnlyList<TimelineItem> items, DateOnly from, int months, DashboardTexts texts, string title)
    {
        const int Width = 960;
        const int Left = 130;
        const int RowHeight = 34;
        var kinds = Enum.GetValues<TimelineKind>();
        var height = 40 + (kinds.Length * RowHeight);
        var to = from.AddMonths(months);
        var days = to.DayNumber - from.DayNumber;
        double X(DateOnly date) => Left + ((Width - Left - 60.0) * (date.DayNumber - from.DayNumber) / days);
        var culture = texts.Language == Cards.Localization.Language.English ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("nl-NL");

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"timeline-t\" class=\"timeline\">");
        svg.Append("<title id=\"timeline-t\">").Append(WebUtility.HtmlEncode(title)).Append("</title><g font-size=\"11\" fill=\"").Append(InkColor).Append("\">");
        for (var m = 0; m <= months; m += 3)
        {
            var tick = new DateOnly(from.Year, from.Month, 1).AddMonths(m);
            if (tick < from)
            {
                continue;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<line stroke=\"#D6D6D6\" x1=\"{X(tick):0.#}\" x2=\"{X(tick):0.#}\" y1=\"20\" y2=\"{height - 6}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(tick) + 2:0.#}\" y=\"14\">").Append(WebUtility.HtmlEncode(tick.ToString("MMM yyyy", culture))).Append("</text>");
        }

        for (var k = 0; k < kinds.Length; k++)
        {
            var y = 40 + (k * RowHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 4}\">").Append(WebUtility.HtmlEncode(texts["kind." + kinds[k]])).Append("</text>");
            foreach (var item in items.Where(i => i.Kind == kinds[k] && i.Date >= from && i.Date <= to))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle r=\"5\" fill=\"{KindColor(kinds[k])}\" cx=\"{X(item.Date):0.#}\" cy=\"{y}\"/>");
            }
        }

        return svg.Append("</g></svg>").ToString();
    }

    /// <summary>A small line of the values over the rounds; decoration beside the table cells that carry the numbers.</summary>
    public static string Sparkline(IReadOnlyList<double?> values, double scaleMin, double scaleMax)
    {
        const int Width = 90;
        const int Height = 24;
        var points = values
            .Select((v, i) => v is null ? null : string.Create(CultureInfo.InvariantCulture,
                $"{(values.Count == 1 ? Width / 2.0 : 3 + ((Width - 6.0) * i / (values.Count - 1))):0.#},{Height - 3 - ((Height - 6.0) * (v.Value - scaleMin) / (scaleMax - scaleMin)):0.#}"))
            .OfType<string>()
            .ToList();
        if (points.Count == 0)
        {
            return string.Empty;
        }

        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" aria-hidden=\"true\" focusable=\"false\">");
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(PulseRadarGeometry.DealColor).Append("\" stroke-width=\"2\" points=\"").Append(string.Join(' ', points)).Append("\"/>");
        return svg.Append("</svg>").ToString();
    }

    public static string KindColor(TimelineKind kind) => kind switch
    {
        TimelineKind.Election => PulseRadarGeometry.AllDealsColor,
        TimelineKind.LobbyMoment => NodeColor,
        TimelineKind.DealMilestone => "#8A4B00",
        TimelineKind.DealEnd => "#5B2A86",
        _ => PulseRadarGeometry.DealColor,
    };

    private static string Shorten(string name) => name.Length <= 28 ? name : name[..27] + "…";
}
