using System.Text.RegularExpressions;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Pulse;

/// <summary>
/// The default template against the published midterm review itself: the appendix is read from the source
/// document at test time and parsed here, independently of the template's code.
/// </summary>
public sealed partial class MidtermReviewSourceTests
{
    private const string SourceFile = "002_d6868b1b1248dc32.txt";
    private const string QuestionnaireHeading = "Methode | Vragenlijst self-assessment";
    private const string FollowUpHeading = "Methode | Verdiepende elementen in bijeenkomsten";

    private static readonly Lazy<string[]> SourceLines = new(() =>
    {
        var path = RepoPaths.Seed(SourceFile);
        Assert.True(File.Exists(path), $"The midterm review text is missing at {path}: the shared seeds folder belongs beside the repository.");
        return File.ReadAllLines(path);
    });

    /// <summary>The lines of one appendix section: from its heading to the next "Methode |" heading or "Meer weten?".</summary>
    private static List<string> Section(string heading)
    {
        var lines = SourceLines.Value;
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"Section '{heading}' not found in the source.");
        return [.. lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("Methode |", StringComparison.Ordinal) && l != "Meer weten?")];
    }

    /// <summary>Headings (numbered or plain lines) with the "- " bullets under them, in document order.</summary>
    private static List<(string Heading, List<string> Bullets)> Groups(IEnumerable<string> lines, Regex heading)
    {
        var groups = new List<(string, List<string>)>();
        foreach (var line in lines.Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0))
        {
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                groups[^1].Item2.Add(line[2..]);
            }
            else if (heading.Match(line) is { Success: true } match)
            {
                groups.Add((match.Groups["name"].Value, []));
            }
        }

        return groups;
    }

    [Fact]
    public void Indicator_names_and_all_fourteen_statements_match_the_appendix_character_for_character_in_order()
    {
        var published = Groups(Section(QuestionnaireHeading), NumberedHeading());
        var template = MidtermReviewTemplate.Template;

        Assert.Equal(8, published.Count);
        Assert.Equal(14, published.Sum(g => g.Bullets.Count));
        Assert.Equal(published.Select(g => g.Heading), template.Indicators.Select(i => i.Name.Nl));
        foreach (var ((heading, statements), indicator) in published.Zip(template.Indicators))
        {
            Assert.Equal(statements, template.StatementsOf(indicator.Id).Select(s => s.Text.Nl));
        }

        // The statements appear on the card in the published order too, not only per indicator.
        Assert.Equal(published.SelectMany(g => g.Bullets), template.ScaleQuestions.Select(s => s.Text.Nl));
    }

    [Fact]
    public void The_instruction_line_and_the_scale_are_as_published()
    {
        var intro = Section(QuestionnaireHeading).First(l => l.Contains("Respondenten zijn gevraagd", StringComparison.Ordinal));
        var quoted = QuotedText().Match(intro);
        Assert.True(quoted.Success, "No quoted instruction in: " + intro);
        Assert.Equal(quoted.Groups["text"].Value, MidtermReviewTemplate.Template.Instruction!.Nl);

        var scale = ScaleRange().Match(quoted.Groups["text"].Value);
        Assert.All(MidtermReviewTemplate.Template.ScaleQuestions, s =>
            Assert.Equal((int.Parse(scale.Groups["min"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(scale.Groups["max"].Value, System.Globalization.CultureInfo.InvariantCulture)), (s.Min, s.Max)));
    }

    [Fact]
    public void The_follow_up_elements_match_the_appendix_in_order()
    {
        // Headings are plain lines; "Resultaat¹" carries a footnote mark from the slide, which is not part of the name.
        var published = Groups(Section(FollowUpHeading), PlainHeading())
            .Select(g => (Heading: g.Heading.TrimEnd('¹', '²', '³'), g.Bullets))
            .ToList();
        var template = MidtermReviewTemplate.Template;

        Assert.Equal(8, published.Count);
        Assert.Equal(published.Select(g => g.Heading), template.Indicators.Select(i => i.FollowUp!.Heading.Nl));
        foreach (var ((_, elements), indicator) in published.Zip(template.Indicators))
        {
            Assert.Equal(elements, indicator.FollowUp!.Elements.Select(e => e.Nl));
        }
    }

    [GeneratedRegex(@"^\d+\. (?<name>.+)$")]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"^(?<name>[^-].*)$")]
    private static partial Regex PlainHeading();

    [GeneratedRegex("\"(?<text>[^\"]+)\"")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"schaal van (?<min>\d+) tot (?<max>\d+)")]
    private static partial Regex ScaleRange();
}
