using CityDealBot.Cards.Localization;
using System.Net;
using System.Text.RegularExpressions;
using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

/// <summary>The dashboard's SVG spider chart draws what the results card's chart draws, from the same geometry.</summary>
public partial class PulseRadarSvgTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 26, 11, 0, 0, TimeSpan.Zero);

    private static PulseResults Results(double mean, int deals)
    {
        var current = PulseResultsBuilderTests.Tally("deal-0", "r1", March, 12, mean, 1.5, 5);
        var others = Enumerable.Range(1, deals - 1).Select(d => PulseResultsBuilderTests.Tally($"deal-{d}", $"x{d}", March, 6, 3.0)).ToList();
        return PulseResultsBuilder.Build(MidtermReviewTemplate.Template, current, [], others, PulseViewerRole.Partner);
    }

    [Fact]
    public void The_deal_line_sits_where_the_score_maps_on_each_axis()
    {
        var svg = PulseRadarSvg.Render(Results(3.4, deals: 4), Language.Dutch, "c", compact: true);

        // Compact chart: centre (80, 80), rim at 70. On a 1–5 scale 3.4 lies (3.4 − 1 + 1) / 5 = 0.68 of the way out,
        // so the first axis (straight up) has its point at y = 80 − 0.68 × 70 = 32.4.
        var dealLine = Polygons(svg).Single(p => p.Stroke == PulseRadarGeometry.DealColor);
        Assert.StartsWith("80,32.4 ", dealLine.Points, StringComparison.Ordinal);
        Assert.Equal(MidtermReviewTemplate.Template.Indicators.Count, dealLine.Points.Split(' ').Length);
    }

    [Fact]
    public void The_all_deals_line_follows_the_same_threshold_as_the_card()
    {
        var enough = PulseRadarSvg.Render(Results(3.4, deals: 4), Language.Dutch, "c", compact: true);
        var tooFew = PulseRadarSvg.Render(Results(3.4, deals: 2), Language.Dutch, "c", compact: true);

        Assert.Contains(Polygons(enough), p => p.Stroke == PulseRadarGeometry.AllDealsColor);
        Assert.DoesNotContain(Polygons(tooFew), p => p.Stroke == PulseRadarGeometry.AllDealsColor);
        Assert.NotNull(PulseRadarGeometry.Shape(Results(3.4, deals: 4), Language.Dutch).AllDealsMean);
        Assert.Null(PulseRadarGeometry.Shape(Results(3.4, deals: 2), Language.Dutch).AllDealsMean);
    }

    [Fact]
    public void The_chart_is_an_image_named_by_the_cards_text_alternative()
    {
        var results = Results(3.4, deals: 4);
        var svg = PulseRadarSvg.Render(results, Language.English, "deal7", compact: false);

        Assert.Contains("role=\"img\" aria-labelledby=\"deal7-t\"", svg, StringComparison.Ordinal);
        Assert.Contains($"<title id=\"deal7-t\">{WebUtility.HtmlEncode(PulseChartDescription.Describe(results, Language.English))}</title>", svg, StringComparison.Ordinal);
        Assert.Contains("Mean of this deal (12 responses)", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Withheld_results_are_not_drawn()
    {
        var current = PulseResultsBuilderTests.Tally("deal-0", "r1", March, 3, 3.0, 1, 5);
        var results = PulseResultsBuilder.Build(MidtermReviewTemplate.Template, current, [], [], PulseViewerRole.Partner);

        Assert.False(PulseRadarGeometry.CanRender(results));
        Assert.Throws<InvalidOperationException>(() => PulseRadarSvg.Render(results, Language.Dutch, "c", compact: true));
    }

    private static List<(string Stroke, string Points)> Polygons(string svg) =>
        [.. Polygon().Matches(svg).Select(m => (m.Groups["stroke"].Value, m.Groups["points"].Value))];

    [GeneratedRegex("<polygon [^>]*stroke=\"(?<stroke>#[0-9A-Fa-f]{6})\" points=\"(?<points>[^\"]+)\"")]
    private static partial Regex Polygon();
}
