using CityDealBot.Cards.Localization;
using System.Buffers.Binary;
using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

public class PulseRadarChartTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 26, 11, 0, 0, TimeSpan.Zero);
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static PulseResults Results(double mean, int respondents = 12, int deals = 4)
    {
        var current = PulseResultsBuilderTests.Tally("deal-0", "r1", March, respondents, mean, 1.5, 5);
        var others = Enumerable.Range(1, deals - 1).Select(d => PulseResultsBuilderTests.Tally($"deal-{d}", $"x{d}", March, 6, 3.0)).ToList();
        return PulseResultsBuilder.Build(MidtermReviewTemplate.Template, current, [], others, PulseViewerRole.Partner);
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

    [Theory]
    [InlineData(800)]
    [InlineData(600)]
    [InlineData(300)]
    public void Renders_a_png_of_the_requested_size(int size)
    {
        var chart = PulseRadarChart.Render(Results(3.4), Language.Dutch, size);

        Assert.Equal(PngSignature, chart.Png.AsSpan(0, 8).ToArray());
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(chart.Png, 12, 4));
        Assert.Equal((size, size), PngSize(chart.Png));
        Assert.Equal((size, size), (chart.Width, chart.Height));
        Assert.True(chart.Png.Length > 5_000, "a blank image compresses far smaller than a drawn chart");
    }

    [Fact]
    public void Different_data_gives_a_different_image()
    {
        var low = PulseRadarChart.Render(Results(2.0), Language.Dutch).Png;
        var high = PulseRadarChart.Render(Results(4.5), Language.Dutch).Png;
        var highAgain = PulseRadarChart.Render(Results(4.5), Language.Dutch).Png;

        Assert.NotEqual(low, high);
        Assert.Equal(high, highAgain);
    }

    /// <summary>Pixels within a small distance of a colour; anti-aliased edges are left out by the tolerance.</summary>
    private static int PixelsNear(byte[] png, string hex, int tolerance = 24)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var target = SkiaSharp.SKColor.Parse(hex);
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (Math.Abs(pixel.Red - target.Red) + Math.Abs(pixel.Green - target.Green) + Math.Abs(pixel.Blue - target.Blue) <= tolerance)
            {
                count++;
            }
        }

        return count;
    }

    [Fact]
    public void Drawn_as_the_review_drew_it_dark_green_deal_dark_red_all_deals_and_a_light_grey_range()
    {
        var full = PulseRadarChart.Render(Results(3.4), Language.Dutch).Png;
        var withoutAllDeals = PulseRadarChart.Render(Results(3.4, deals: 2), Language.Dutch).Png;

        Assert.True(PixelsNear(full, "#1E6B2E") > 1_000, "the deal's mean is a dark green line");
        Assert.True(PixelsNear(full, "#9B1B1B") > 1_000, "the all-deals mean is a dark red line");
        // The range band: light grey, #C4C4C4 at 55 % over white = 0.55 * 196 + 0.45 * 255 ≈ 222 (#DEDEDE).
        Assert.True(PixelsNear(full, "#DEDEDE", tolerance: 9) > 10_000, "the deal's range is a light grey band");
        Assert.True(PixelsNear(withoutAllDeals, "#9B1B1B") < 100, "without enough deals there is no dark red line");
    }

    [Theory]
    [InlineData(Language.Dutch, "gemiddelde spreiding alle deals 1,1 tot 5,0")]
    [InlineData(Language.English, "average spread of all deals 1.1 to 5.0")]
    public void Alt_text_states_the_average_spread_of_all_deals(Language language, string spread)
    {
        // This deal answered 1.5–5, the three others 1–5: lowest (1.5 + 3 * 1) / 4 = 1.125, highest 5.
        var chart = PulseRadarChart.Render(Results(3.4), language);
        Assert.Contains(spread, chart.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Language_changes_the_image()
    {
        var results = Results(3.0);
        Assert.NotEqual(PulseRadarChart.Render(results, Language.Dutch).Png, PulseRadarChart.Render(results, Language.English).Png);
    }

    [Fact]
    public void Without_enough_deals_the_all_deals_line_is_left_out_of_the_image()
    {
        Assert.NotEqual(PulseRadarChart.Render(Results(3.0, deals: 2), Language.Dutch).Png, PulseRadarChart.Render(Results(3.0, deals: 3), Language.Dutch).Png);
    }

    [Theory]
    [InlineData(Language.Dutch, "gemiddeld 3,4", "spreiding 1,5 tot 5,0", "alle deals 3,1")]
    [InlineData(Language.English, "mean 3.4", "range 1.5 to 5.0", "all deals 3.1")]
    public void Alt_text_states_the_values_in_the_chosen_language(Language language, string mean, string range, string allDeals)
    {
        // Deal mean 3.4 and three other deals at 3.0: all-deals mean (3.4 + 3 * 3.0) / 4 = 3.1.
        var chart = PulseRadarChart.Render(Results(3.4), language);

        Assert.Contains(mean, chart.AltText, StringComparison.Ordinal);
        Assert.Contains(range, chart.AltText, StringComparison.Ordinal);
        Assert.Contains(allDeals, chart.AltText, StringComparison.Ordinal);
        Assert.Contains(MidtermReviewTemplate.Template.Indicators[7].Name.In(language), chart.AltText, StringComparison.Ordinal);
        Assert.Contains("12", chart.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Alt_text_explains_a_withheld_all_deals_mean()
    {
        var text = PulseChartDescription.Describe(Results(3.4, deals: 2), Language.English);
        Assert.DoesNotContain("all deals 3", text, StringComparison.Ordinal);
        Assert.Contains("at least 3 deals", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Withheld_results_cannot_be_drawn_and_their_description_says_why()
    {
        var results = Results(3.0, respondents: 4);
        Assert.False(PulseRadarChart.CanRender(results));
        Assert.Throws<InvalidOperationException>(() => PulseRadarChart.Render(results, Language.Dutch));
        Assert.Contains("minstens 5", PulseChartDescription.Describe(results, Language.Dutch), StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_with_fewer_than_three_indicators_is_not_drawn()
    {
        var results = Results(3.0);
        var two = results with { Indicators = [.. results.Indicators.Take(2)] };
        Assert.False(PulseRadarChart.CanRender(two));
        Assert.True(PulseRadarChart.CanRender(results with { Indicators = [.. results.Indicators.Take(3)] }));
    }

    [Theory]
    [InlineData(299)]
    [InlineData(801)]
    public void Size_outside_bounds_is_refused(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PulseRadarChart.Render(Results(3.0), Language.Dutch, size));

    [Theory]
    [InlineData("Kennis", "Kennis")]
    [InlineData("Borging samenwerking", "Borging\nsamenwerking")]
    [InlineData("Vormgeving proces", "Vormgeving\nproces")]
    [InlineData("Process continuity", "Process\ncontinuity")]
    [InlineData("Onderzoeksprogrammering", "Onderzoeksprogrammering")]
    public void Long_axis_names_wrap_at_the_middle_space(string name, string expected) =>
        Assert.Equal(expected, PulseRadarChart.WrapLabel(name));
}
