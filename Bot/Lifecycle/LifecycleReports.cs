using System.Globalization;
using System.Net;
using System.Text;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Storage;

namespace CityDealBot.Lifecycle;

/// <summary>Which report: the progress report before a steering group (its year-month) or the year report for the administrators' network.</summary>
public sealed record LifecycleReportId(bool IsSteeringGroup, int Year, int Month)
{
    public const string SteeringPrefix = "steering:";
    public const string YearPrefix = "year:";

    public override string ToString() => IsSteeringGroup
        ? SteeringPrefix + new DateOnly(Year, Month, 1).ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : YearPrefix + Year.ToString(CultureInfo.InvariantCulture);

    public static LifecycleReportId Steering(DateOnly month) => new(true, month.Year, month.Month);

    public static LifecycleReportId ForYear(int year) => new(false, year, 12);

    public static LifecycleReportId? Parse(string text)
    {
        if (text.StartsWith(SteeringPrefix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(text[SteeringPrefix.Length..] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return Steering(month);
        }

        return text.StartsWith(YearPrefix, StringComparison.Ordinal)
            && int.TryParse(text[YearPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2200
            ? ForYear(year)
            : null;
    }
}

/// <summary>A report as a file: an HTML document a steering group can read in a browser or open in Word.</summary>
public sealed record LifecycleReportFile(string FileName, string Html);

/// <summary>
/// Builds a deal's progress report (before a steering group) and year report (for the administrators' network),
/// pre-filled from what the features tell through <see cref="IDealInsightSource"/> (pulse trend, lobby moments,
/// CoP participation, new contacts across deals) and the deal's own lessons of the period.
/// </summary>
public sealed class LifecycleReports(
    DealDirectory directory,
    DealProfileStore profiles,
    LessonStore lessons,
    IEnumerable<IDealInsightSource> insights,
    TimeProvider time)
{
    /// <summary>The period a report covers: since the previous steering group (or the deal's start, at most a year back), or the calendar year, up to now.</summary>
    public static (DateOnly From, DateOnly To) Period(LifecycleReportId report, DealProfile profile, DateOnly today)
    {
        if (!report.IsSteeringGroup)
        {
            var yearStart = new DateOnly(report.Year, 1, 1);
            var from = profile.Start is { } s && s > yearStart ? s : yearStart;
            var yearEnd = new DateOnly(report.Year, 12, 31);
            return (from, today < yearEnd ? today : yearEnd);
        }

        var meeting = new DateOnly(report.Year, report.Month, 1);
        var previous = LifecycleSchedule.Plan(profile)
            .Where(p => p.Kind == LifecyclePromptKind.SteeringGroupReport)
            .Select(p => DateOnly.ParseExact(p.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Where(m => m < meeting)
            .DefaultIfEmpty(meeting.AddYears(-1))
            .Max();
        var start = profile.Start is { } begin && begin > previous ? begin : previous;
        var end = meeting.AddMonths(1).AddDays(-1);
        return (start, today < end ? today : end);
    }

    public async Task<LifecycleReportFile?> BuildAsync(string dealKey, LifecycleReportId report, Language language, CancellationToken ct)
    {
        var stored = await profiles.FindAsync(dealKey, ct);
        if (stored is null)
        {
            return null;
        }

        var texts = Texts.For(language);
        var profile = stored.Profile;
        var deal = await directory.FindDealByKeyAsync(dealKey, ct);
        var dealName = deal?.TeamName ?? deal?.ChannelName ?? stored.DealName;
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        var (from, to) = Period(report, profile, today);
        var fromInstant = AmsterdamTime.ToInstant(from, TimeOnly.MinValue);
        var toInstant = AmsterdamTime.ToInstant(to.AddDays(1), TimeOnly.MinValue);
        var kind = DealProfileNames.Kind(profile.Kind, language);
        var title = report.IsSteeringGroup
            ? texts.Format("lifecycle.report.title.steering", DealProfileNames.Month(report.Month, language), report.Year)
            : texts.Format("lifecycle.report.title.year", report.Year);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language.Code()).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode($"{dealName}: {title}")).Append("</title>\n<style>")
            .Append("body{font-family:Segoe UI,Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.45;color:#1b1b1b}")
            .Append("h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}")
            .Append("table{border-collapse:collapse}th,td{text-align:left;padding:.2em 1em .2em 0;vertical-align:top}.subtle{color:#555}")
            .Append(".fill{border:1px dashed #999;min-height:4em;padding:.5em}</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(dealName)).Append("</h1>\n<p class=\"subtle\">").Append(Encode($"{kind} · {title}")).Append("</p>\n");

        html.Append("<h2>").Append(Encode(texts["lifecycle.report.profile"])).Append("</h2>\n<table>\n");
        var managers = deal is null ? [] : await NamesAsync(deal.ChannelId, DealRoles.ProjectManager, ct);
        var dealmakers = deal is null ? [] : await NamesAsync(deal.ChannelId, DealRoles.Dealmaker, ct);
        foreach (var (label, value) in LifecycleTexts.ProfileFacts(profile, language, managers, dealmakers)
            .Append((texts["lifecycle.report.period"], $"{LifecycleTexts.Date(from, language)} – {LifecycleTexts.Date(to, language)}")))
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(label)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");

        var sections = new List<DealInsight>();
        if (deal is not null)
        {
            foreach (var source in insights.OrderBy(s => s.Topic))
            {
                if (await source.DescribeAsync(deal, fromInstant, toInstant, language, ct) is { } insight)
                {
                    sections.Add(insight);
                }
            }
        }

        foreach (var topic in Enum.GetValues<DealInsightTopic>())
        {
            var section = sections.FirstOrDefault(s => s.Topic == topic);
            html.Append("<h2>").Append(Encode(section?.Title ?? texts["lifecycle.report.topic." + topic.ToString().ToLowerInvariant()])).Append("</h2>\n");
            AppendList(html, section?.Lines ?? [], texts["lifecycle.report.nothing"]);
        }

        var periodLessons = (await lessons.ListForDealAsync(dealKey, 200, ct)).Where(l => l.CreatedAt >= fromInstant && l.CreatedAt < toInstant).ToList();
        html.Append("<h2>").Append(Encode(texts["lifecycle.report.lessons"])).Append("</h2>\n");
        AppendList(html, [.. periodLessons.Select(l => $"{LifecycleTexts.ThemeName(l.Theme, language)}{(l.DidNotWork ? " (" + texts["lifecycle.lesson.not_worked"] + ")" : string.Empty)}: {l.What} — {l.Learned}")],
            texts["lifecycle.report.nothing"]);

        var upcoming = LifecycleSchedule.Plan(profile).Where(p => p.DueDate > to).Take(4).ToList();
        html.Append("<h2>").Append(Encode(texts["lifecycle.report.next"])).Append("</h2>\n");
        AppendList(html, [.. upcoming.Select(p => $"{LifecycleTexts.Date(p.DueDate, language)}: {LifecycleTexts.PromptName(p, profile, language)}")], texts["lifecycle.report.nothing"]);

        html.Append("<h2>").Append(Encode(texts["lifecycle.report.decisions"])).Append("</h2>\n<div class=\"fill\">&nbsp;</div>\n");
        html.Append("<p class=\"subtle\">").Append(Encode(texts.Format("lifecycle.report.generated", AmsterdamTime.Display(time.GetUtcNow(), language)))).Append("</p>\n</body>\n</html>\n");

        var fileName = report.IsSteeringGroup
            ? $"voortgangsrapportage-{report.Year:D4}-{report.Month:D2}.html"
            : $"jaarverslag-{report.Year:D4}.html";
        return new LifecycleReportFile(fileName, html.ToString());
    }

    private async Task<IReadOnlyList<string>> NamesAsync(string channelId, string role, CancellationToken ct) =>
        [.. (await directory.ListMembersAsync(channelId, ct)).Where(m => m.Role == role).Select(m => m.Name).Order(StringComparer.CurrentCulture)];

    private static void AppendList(StringBuilder html, IReadOnlyList<string> lines, string empty)
    {
        if (lines.Count == 0)
        {
            html.Append("<p class=\"subtle\">").Append(Encode(empty)).Append("</p>\n");
            return;
        }

        html.Append("<ul>\n");
        foreach (var line in lines)
        {
            html.Append("<li>").Append(Encode(line)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>Lifecycle texts shared by the cards, the report and the prompts.</summary>
public static class LifecycleTexts
{
    public static string Date(DateOnly date, Language language) => date.ToString(language == Language.English ? "d MMMM yyyy" : "d MMMM yyyy", language.Culture());

    public static string ThemeName(string theme, Language language) =>
        Texts.For(language)["lifecycle.theme." + (LessonThemes.All.Contains(theme) ? theme : LessonThemes.Process)];

    /// <summary>The prompt's name in a list of planned moments.</summary>
    public static string PromptName(LifecyclePrompt prompt, DealProfile profile, Language language)
    {
        var texts = Texts.For(language);
        var key = "lifecycle.plan." + prompt.Kind.ToString().ToLowerInvariant();
        return prompt.Kind switch
        {
            LifecyclePromptKind.SteeringGroupReport => texts.Format(key, DealProfileNames.Month(int.Parse(prompt.Period[5..], CultureInfo.InvariantCulture), language)),
            LifecyclePromptKind.NetworkMeeting => texts.Format(key, prompt.Period),
            _ => texts.Format(key, DealProfileNames.Kind(profile.Kind, language)),
        };
    }

    /// <summary>The profile as label and value pairs, for the card, the report and the welcome.</summary>
    public static IEnumerable<(string Label, string Value)> ProfileFacts(DealProfile profile, Language language, IReadOnlyList<string> managers, IReadOnlyList<string> dealmakers)
    {
        var texts = Texts.For(language);
        var unknown = texts["lifecycle.profile.unknown"];
        yield return (texts["lifecycle.profile.kind"], KindChoiceName(profile.Kind, language));
        yield return (texts["lifecycle.profile.phase"], DealProfileNames.Phase(profile.Phase, language));
        yield return (texts["lifecycle.profile.start"], profile.Start is { } start ? Date(start, language) : unknown);
        yield return (texts["lifecycle.profile.end"], profile.End is { } end ? Date(end, language) : unknown);
        yield return (texts["lifecycle.profile.steering"], profile.SteeringGroupMonths.Count > 0
            ? string.Join(", ", profile.SteeringGroupMonths.Order().Select(m => DealProfileNames.Month(m, language)))
            : unknown);
        yield return (texts["lifecycle.profile.network"], texts.Format("lifecycle.profile.network.value", texts[$"lifecycle.profile.week.{profile.NetworkWeek}"], DealProfileNames.Month(profile.NetworkMonth, language)));
        yield return (texts["lifecycle.profile.managers"], managers.Count > 0 ? string.Join(", ", managers) : unknown);
        yield return (texts["lifecycle.profile.dealmakers"], dealmakers.Count > 0 ? string.Join(", ", dealmakers) : unknown);
    }

    /// <summary>The kind as a choice on the card: "Andere deal" rather than a bare "deal".</summary>
    public static string KindChoiceName(DealKind kind, Language language) =>
        kind == DealKind.Other ? Texts.For(language)["lifecycle.kind.other"] : DealProfileNames.Kind(kind, language);
}
