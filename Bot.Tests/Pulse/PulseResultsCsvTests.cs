using System.Text;
using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

public class PulseResultsCsvTests
{
    private static readonly DateTimeOffset Closes = new(2026, 3, 26, 23, 30, 0, TimeSpan.Zero); // 27 March in Amsterdam

    private static string[] Lines(byte[] csv) =>
        Encoding.UTF8.GetString(csv, 3, csv.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private static PulseResults Shown()
    {
        var current = PulseResultsBuilderTests.Tally("deal-0", "r2", Closes, 7, 3.25, 1.5, 4.75, remarks: ["Jan vindt het traag"]);
        var previous = PulseResultsBuilderTests.Tally("deal-0", "r1", Closes.AddMonths(-6), 6, 3.5);
        return PulseResultsBuilder.Build(MidtermReviewTemplate.Template, current, [previous], [], PulseViewerRole.Dealmaker);
    }

    [Fact]
    public void Starts_with_a_utf8_bom_and_dutch_semicolon_headers()
    {
        var csv = PulseResultsCsv.Export(Shown(), "Slimme Stad");

        Assert.Equal([0xEF, 0xBB, 0xBF], csv.AsSpan(0, 3).ToArray());
        Assert.Equal("Deal;Peiling;Sluitdatum;Indicator;Aantal reacties;Gemiddelde deal;Laagste score;Hoogste score;Gemiddelde alle deals;Gemiddeld laagste alle deals;Gemiddeld hoogste alle deals;Aantal deals;Verschil met vorige peiling;Verschil met nulmeting;Toelichting", Lines(csv)[0]);
        Assert.Equal(1 + MidtermReviewTemplate.Template.Indicators.Count, Lines(csv).Length);
    }

    [Fact]
    public void Values_use_decimal_commas_and_withheld_values_are_blank_with_a_note()
    {
        var row = Lines(PulseResultsCsv.Export(Shown(), "Slimme Stad"))[1].Split(';');

        Assert.Equal("Slimme Stad", row[0]);
        Assert.Equal("2026-03-27", row[2]);
        Assert.Equal("Vormgeving van het proces", row[3]);
        Assert.Equal("7", row[4]);
        Assert.Equal("3,25", row[5]);
        Assert.Equal("1,50", row[6]);
        Assert.Equal("4,75", row[7]);
        Assert.Equal(string.Empty, row[8]); // all-deals mean and spread: only one deal
        Assert.Equal((string.Empty, string.Empty), (row[9], row[10]));
        Assert.Equal("1", row[11]);
        Assert.Equal("-0,25", row[12]);
        Assert.Contains("minstens 3 deals", row[14], StringComparison.Ordinal);
    }

    [Fact]
    public void With_enough_deals_the_all_deals_mean_and_average_spread_are_filled_in()
    {
        // This deal 3.25 over 2–4.75; three others 3.0 over 1–5: mean 3.0625, spread (2 + 3) / 4 to (4.75 + 15) / 4.
        var current = PulseResultsBuilderTests.Tally("deal-0", "r2", Closes, 7, 3.25, 2, 4.75);
        var others = Enumerable.Range(1, 3).Select(d => PulseResultsBuilderTests.Tally($"deal-{d}", $"x{d}", Closes, 6, 3.0)).ToList();
        var row = Lines(PulseResultsCsv.Export(PulseResultsBuilder.Build(MidtermReviewTemplate.Template, current, [], others, PulseViewerRole.Dealmaker), "Deal"))[1].Split(';');

        Assert.Equal(["3,06", "1,25", "4,94", "4"], new[] { row[8], row[9], row[10], row[11] });
    }

    [Fact]
    public void Below_the_threshold_every_value_is_blank_and_explained()
    {
        var current = PulseResultsBuilderTests.Tally("deal-0", "r2", Closes, 4, 3.25, 1, 5);
        var results = PulseResultsBuilder.Build(MidtermReviewTemplate.Template, current, [], [], PulseViewerRole.Dealmaker);
        var row = Lines(PulseResultsCsv.Export(results, "Deal"))[1].Split(';');

        Assert.Equal(["", "", "", "", "", "", "", ""], new[] { row[5], row[6], row[7], row[8], row[9], row[10], row[12], row[13] });
        Assert.Contains("4 reacties", row[14], StringComparison.Ordinal);
    }

    [Fact]
    public void Remarks_and_respondents_never_appear()
    {
        var text = Encoding.UTF8.GetString(PulseResultsCsv.Export(Shown(), "Slimme Stad"));
        Assert.DoesNotContain("Jan vindt", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slimme Stad", "Slimme Stad")]
    [InlineData("Stad; Land", "\"Stad; Land\"")]
    [InlineData("De \"nieuwe\" deal", "\"De \"\"nieuwe\"\" deal\"")]
    [InlineData("regel\neen", "\"regel\neen\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+31 deal", "'+31 deal")]
    [InlineData("@deal", "'@deal")]
    [InlineData("-0,25", "-0,25")]
    public void Fields_are_quoted_and_formulas_defused(string value, string expected) =>
        Assert.Equal(expected, PulseResultsCsv.Field(value));

    [Fact]
    public void Deal_name_with_separator_stays_in_one_column()
    {
        var lines = Lines(PulseResultsCsv.Export(Shown(), "Water; Stad"));
        Assert.StartsWith("\"Water; Stad\";", lines[1], StringComparison.Ordinal);
    }
}
