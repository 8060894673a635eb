using System.Globalization;
using System.Net;
using System.Text;
using CityDealBot.Cards.Localization;
using CityDealBot.DutchTime;
using CityDealBot.Lifecycle;
using CityDealBot.Pulse;

namespace CityDealBot.Dashboard;

/// <summary>The dashboard's pages as server-rendered HTML: no front-end framework, charts inline as SVG, every chart with a table or text.</summary>
public static class DashboardPages
{
    public static string Programme(ProgrammeData data, DashboardTexts t, DashboardViewer viewer, PulsePrivacyOptions privacy, string selfPath, bool invalidFilter = false)
    {
        var language = t.Language;
        var html = Start(t, t["programme.title"], viewer, selfPath);
        html.Append("<h1>").Append(H(t["programme.title"])).Append("</h1>");
        html.Append("<p>").Append(H(t.Format("programme.intro", privacy.MinimumRespondents, privacy.MinimumDeals))).Append("</p>");
        AppendFilters(html, data, t, invalidFilter);
        html.Append("<nav aria-label=\"").Append(H(t["nav"])).Append("\"><ul class=\"toc\">");
        foreach (var (id, key) in new[] { ("results", "results"), ("participation", "participation"), ("network", "network"), ("timeline", "timeline") })
        {
            html.Append("<li><a href=\"#").Append(id).Append("\">").Append(H(t[key])).Append("</a></li>");
        }

        html.Append("</ul></nav>");

        // Self-assessment: a small spider chart per deal, then every value in one table.
        html.Append("<section aria-labelledby=\"results\"><h2 id=\"results\">").Append(H(t["results"])).Append("</h2>");
        html.Append("<p>").Append(H(t.Format("results.note", data.Template.Title.In(language)))).Append("</p><ul class=\"multiples\">");
        for (var i = 0; i < data.Deals.Count; i++)
        {
            var deal = data.Deals[i];
            html.Append("<li><figure>");
            if (deal.Latest is { } latest && PulseRadarGeometry.CanRender(latest))
            {
                html.Append(PulseRadarSvg.Render(latest, language, "deal" + i.ToString(CultureInfo.InvariantCulture), compact: true));
            }
            else
            {
                html.Append("<p class=\"empty\">").Append(H(deal.Latest is { Withholding: { } w } ? w.Explanation.In(language) : t["no.pulse"])).Append("</p>");
            }

            html.Append("<figcaption>").Append(H(deal.Name)).Append("<br><span class=\"meta\">").Append(H(KindAndPhase(deal.Profile, t))).Append("</span>");
            if (deal.Latest is { } shown)
            {
                html.Append("<br><span class=\"meta\">").Append(H(t["respondents"])).Append(": ").Append(shown.RespondentCount.ToString("N0", t.Language.Culture())).Append("</span>");
            }

            html.Append("</figcaption></figure></li>");
        }

        html.Append("</ul>");
        var indicators = data.Template.Indicators;
        html.Append(Region(t, t["results.table"])).Append("<table><caption id=\"results-table\">").Append(H(t["results.table"])).Append("</caption><thead><tr>");
        html.Append("<th scope=\"col\">").Append(H(t["deal"])).Append("</th><th scope=\"col\">").Append(H(t["respondents"])).Append("</th><th scope=\"col\">").Append(H(t["closed"])).Append("</th>");
        foreach (var indicator in indicators)
        {
            html.Append("<th scope=\"col\"><abbr title=\"").Append(H(indicator.Name.In(language))).Append("\">").Append(H(indicator.ShortName.In(language))).Append("</abbr></th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var deal in data.Deals)
        {
            html.Append("<tr><th scope=\"row\">").Append(H(deal.Name)).Append("</th>");
            if (deal.Latest is not { } latest)
            {
                html.Append("<td>0</td><td colspan=\"").Append(indicators.Count + 1).Append("\">").Append(H(t["no.pulse"])).Append("</td></tr>");
                continue;
            }

            html.Append("<td>").Append(latest.RespondentCount.ToString("N0", t.Language.Culture())).Append("</td><td>").Append(H(Date(latest.ClosesAt, t))).Append("</td>");
            foreach (var indicator in latest.Indicators)
            {
                html.Append("<td>").Append(H(ScoreWithBaseline(indicator, language, t))).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
        AppendWithheldNotes(html, data.Deals.Select(d => d.Latest).OfType<PulseResults>(), language);
        html.Append("</section>");

        // Participation: response rates and CoP attendance.
        html.Append("<section aria-labelledby=\"participation\"><h2 id=\"participation\">").Append(H(t["participation"])).Append("</h2>");
        html.Append("<h3>").Append(H(t["response.rate"])).Append("</h3><p class=\"note\">").Append(H(t["response.note"])).Append("</p>");
        html.Append(Region(t, t["response.rate"])).Append("<table><thead><tr><th scope=\"col\">").Append(H(t["deal"]))
            .Append("</th><th scope=\"col\">").Append(H(t["respondents"])).Append("</th><th scope=\"col\">").Append(H(t["members"])).Append("</th><th scope=\"col\">").Append(H(t["rate"])).Append("</th></tr></thead><tbody>");
        foreach (var deal in data.Deals)
        {
            var respondents = deal.Latest?.RespondentCount ?? 0;
            var rate = deal.Members == 0 || deal.Latest is null ? null : (double?)respondents / deal.Members;
            html.Append("<tr><th scope=\"row\">").Append(H(deal.Name)).Append("</th><td>").Append(deal.Latest is null ? "–" : respondents.ToString("N0", t.Language.Culture()))
                .Append("</td><td>").Append(deal.Members.ToString("N0", t.Language.Culture())).Append("</td><td>");
            if (rate is { } r)
            {
                html.Append(CultureInfo.InvariantCulture, $"<meter min=\"0\" max=\"1\" value=\"{Math.Min(r, 1):0.###}\" aria-hidden=\"true\"></meter> ").Append(r.ToString("P0", t.Language.Culture()));
            }
            else
            {
                html.Append('–');
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        html.Append("<h3>").Append(H(t["cop"])).Append("</h3>");
        AppendSessions(html, data.Sessions.Where(s => s.IsPast).ToList(), t, t["cop.none"], withDeal: true, withAttendance: true);
        html.Append("</section>");

        // Contacts across deals: a network of deals, never of people.
        html.Append("<section aria-labelledby=\"network\"><h2 id=\"network\">").Append(H(t["network"])).Append("</h2><p>").Append(H(t["network.note"])).Append("</p>");
        if (data.Contacts.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(H(t["network.none"])).Append("</p>");
        }
        else
        {
            var dealCount = data.Contacts.SelectMany(c => new[] { c.DealA, c.DealB }).Distinct(StringComparer.Ordinal).Count();
            html.Append("<figure>").Append(DashboardCharts.Network(data.Contacts, t.Format("network.alt", dealCount, data.Contacts.Count))).Append("</figure>");
            html.Append(Region(t, t["network"])).Append("<table><thead><tr><th scope=\"col\">").Append(H(t["deal.a"])).Append("</th><th scope=\"col\">").Append(H(t["deal.b"]))
                .Append("</th><th scope=\"col\">").Append(H(t["speeddates"])).Append("</th><th scope=\"col\">").Append(H(t["coffees"])).Append("</th><th scope=\"col\">").Append(H(t["total"])).Append("</th></tr></thead><tbody>");
            foreach (var contact in data.Contacts)
            {
                html.Append("<tr><td>").Append(H(contact.DealA)).Append("</td><td>").Append(H(contact.DealB)).Append("</td><td>").Append(contact.Speeddates)
                    .Append("</td><td>").Append(contact.Coffees).Append("</td><td>").Append(contact.Total).Append("</td></tr>");
            }

            html.Append("</tbody></table></div>");
        }

        html.Append("</section>");

        // The next 24 months.
        html.Append("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">").Append(H(t["timeline"])).Append("</h2><p>").Append(H(t["timeline.note"])).Append("</p>");
        var to = data.Today.AddMonths(DashboardReader.HorizonMonths);
        var summary = t.Format("timeline.alt", Date(data.Today, t), Date(to, t),
            data.Timeline.Count(i => i.Kind == TimelineKind.Election), data.Timeline.Count(i => i.Kind == TimelineKind.LobbyMoment), data.Timeline.Count(i => i.Kind == TimelineKind.CopSession),
            data.Timeline.Count(i => i.Kind == TimelineKind.DealMilestone), data.Timeline.Count(i => i.Kind == TimelineKind.DealEnd));
        html.Append("<figure>").Append(DashboardCharts.Timeline(data.Timeline, data.Today, DashboardReader.HorizonMonths, t, summary)).Append("</figure>");
        AppendTimelineTable(html, data.Timeline, t, withDeals: true, t["timeline"]);
        html.Append("</section>");
        return End(html);
    }

    public static string Deal(DealData data, DashboardTexts t, DashboardViewer viewer, string? exportUrl, string selfPath)
    {
        var language = t.Language;
        var results = data.Results;
        var html = Start(t, t.Format("deal.title", results.Name), viewer, selfPath);
        html.Append("<h1>").Append(H(t.Format("deal.title", results.Name))).Append("</h1>");
        html.Append("<p class=\"meta\">").Append(H(KindAndPhase(results.Profile, t)));
        if (results.Profile?.End is { } end)
        {
            html.Append(" · ").Append(H(t.Format("deal.ends", Date(end, t))));
        }

        html.Append("</p>");

        html.Append("<section aria-labelledby=\"latest\"><h2 id=\"latest\">").Append(H(t["latest"])).Append("</h2>");
        if (results.Latest is not { } latest)
        {
            html.Append("<p class=\"empty\">").Append(H(t["no.pulse"])).Append("</p>");
        }
        else
        {
            html.Append("<p>").Append(H(latest.Title.In(language))).Append(" · ").Append(H(t["closed"])).Append(' ').Append(H(Date(latest.ClosesAt, t))).Append(" · ")
                .Append(H(t["respondents"])).Append(": ").Append(latest.RespondentCount.ToString("N0", t.Language.Culture())).Append("</p>");
            if (PulseRadarGeometry.CanRender(latest))
            {
                html.Append("<figure>").Append(PulseRadarSvg.Render(latest, language, "latest-chart", compact: false)).Append("</figure>");
            }

            html.Append("<p class=\"description\">").Append(H(PulseChartDescription.Describe(latest, language))).Append("</p>");
            if (exportUrl is not null)
            {
                html.Append("<p><a href=\"").Append(H(exportUrl)).Append("\">").Append(H(t["export"])).Append("</a></p>");
            }

            if (latest.Viewer == PulseViewerRole.Dealmaker)
            {
                html.Append("<h3>").Append(H(t["remarks"])).Append("</h3>");
                if (!latest.Remarks.IsShown)
                {
                    html.Append("<p>").Append(H(latest.Remarks.Withholding!.Explanation.In(language))).Append("</p>");
                }
                else if (latest.Remarks.Value!.Count == 0)
                {
                    html.Append("<p>").Append(H(t["remarks.none"])).Append("</p>");
                }
                else
                {
                    html.Append("<ul class=\"remarks\">");
                    foreach (var remark in latest.Remarks.Value)
                    {
                        html.Append("<li>").Append(H(remark)).Append("</li>");
                    }

                    html.Append("</ul>");
                }
            }
        }

        html.Append("</section>");

        html.Append("<section aria-labelledby=\"trend\"><h2 id=\"trend\">").Append(H(t["trend"])).Append("</h2><p>").Append(H(t["trend.note"])).Append("</p>");
        if (results.Rounds.Count > 0)
        {
            html.Append(Region(t, t["trend"])).Append("<table><thead><tr><th scope=\"col\">").Append(H(t["indicator"])).Append("</th>");
            foreach (var round in results.Rounds)
            {
                html.Append("<th scope=\"col\">").Append(H(Date(round.ClosesAt, t))).Append(" (").Append(round.RespondentCount).Append(")</th>");
            }

            html.Append("<th scope=\"col\"><span class=\"visually-hidden\">").Append(H(t["trend"])).Append("</span></th></tr></thead><tbody>");
            for (var i = 0; i < data.Template.Indicators.Count; i++)
            {
                var indicator = results.Rounds[^1].Indicators[i];
                html.Append("<tr><th scope=\"row\">").Append(H(indicator.Indicator.Name.In(language))).Append("</th>");
                var values = new List<double?>();
                foreach (var round in results.Rounds)
                {
                    var cell = round.Indicators[i].DealMean;
                    values.Add(cell.IsShown ? cell.Value : null);
                    html.Append("<td>").Append(H(cell.IsShown ? PulseNumbers.Score(cell.Value, language) : t["not.shown"])).Append("</td>");
                }

                html.Append("<td>").Append(DashboardCharts.Sparkline(values, indicator.ScaleMin, indicator.ScaleMax)).Append("</td></tr>");
            }

            html.Append("</tbody></table></div>");
            AppendWithheldNotes(html, results.Rounds, language);
        }
        else
        {
            html.Append("<p class=\"empty\">").Append(H(t["no.pulse"])).Append("</p>");
        }

        html.Append("</section>");

        html.Append("<section aria-labelledby=\"lobby\"><h2 id=\"lobby\">").Append(H(t["lobby"])).Append("</h2>");
        if (data.Lobby.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(H(t["lobby.none"])).Append("</p>");
        }
        else
        {
            AppendTimelineTable(html, data.Lobby, t, withDeals: false, t["lobby"]);
        }

        html.Append("</section><section aria-labelledby=\"milestones\"><h2 id=\"milestones\">").Append(H(t["milestones"])).Append("</h2>");
        if (data.Milestones.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(H(results.Profile is null ? t["milestones.no.profile"] : t["milestones.none"])).Append("</p>");
        }
        else
        {
            html.Append("<p>").Append(H(t["milestones.note"])).Append("</p>");
            AppendTimelineTable(html, data.Milestones, t, withDeals: false, t["milestones"]);
        }

        html.Append("</section><section aria-labelledby=\"sessions\"><h2 id=\"sessions\">").Append(H(t["sessions"])).Append("</h2>");
        AppendSessions(html, data.Sessions, t, t["sessions.none"], withDeal: false, withAttendance: true);
        html.Append("</section><section aria-labelledby=\"lessons\"><h2 id=\"lessons\">").Append(H(t["lessons"])).Append("</h2>");
        if (data.Lessons.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(H(t["lessons.none"])).Append("</p>");
        }
        else
        {
            html.Append("<ul class=\"lessons\">");
            foreach (var lesson in data.Lessons)
            {
                var labels = new List<string> { Date(lesson.CreatedAt, t), LifecycleTexts.ThemeName(lesson.Theme, t.Language), t[lesson.IsPublic ? "lessons.public" : "lessons.internal"] };
                if (lesson.DidNotWork)
                {
                    labels.Add(t["lessons.did_not_work"]);
                }

                html.Append("<li><p class=\"meta\">").Append(H(string.Join(" · ", labels))).Append("</p><p>").Append(H(lesson.What))
                    .Append("</p><p><strong>").Append(H(t["lessons.learned"])).Append("</strong> ").Append(H(lesson.Learned)).Append("</p></li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>");
        return End(html);
    }

    /// <summary>The deal's own kind and phase ("Town Deal · Kwartiermaker"), or that its profile is not filled in.</summary>
    private static string KindAndPhase(DealProfile? profile, DashboardTexts t) =>
        profile is null ? t["profile.none"] : $"{DealProfileNames.Kind(profile.Kind, t.Language)} · {DealProfileNames.Phase(profile.Phase, t.Language)}";

    /// <summary>
    /// The programme view's filters: a plain GET form, so the selection is in the address, works without script and
    /// is read on the server. The current language goes along; every section below shows the selected deals only.
    /// </summary>
    private static void AppendFilters(StringBuilder html, ProgrammeData data, DashboardTexts t, bool invalidFilter)
    {
        html.Append("<form method=\"get\" action=\"/dashboard/programme\" class=\"filters\"><fieldset><legend>").Append(H(t["filters"])).Append("</legend>");
        if (t.Language == Language.English)
        {
            html.Append("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        }

        AppendSelect(html, "kind", t["filters.kind"], t["filters.kind.all"], data.Filter.Kind,
            Enum.GetValues<DealKind>().Select(k => (k.ToString(), k == DealKind.Other ? t["filters.kind.other"] : DealProfileNames.Kind(k, t.Language))), t);
        AppendSelect(html, "phase", t["filters.phase"], t["filters.phase.all"], data.Filter.Phase,
            Enum.GetValues<DealPhase>().Select(p => (p.ToString(), DealProfileNames.Phase(p, t.Language))), t);
        html.Append("<button type=\"submit\">").Append(H(t["filters.apply"])).Append("</button></fieldset></form>");

        html.Append("<p role=\"status\">");
        if (invalidFilter)
        {
            html.Append(H(t["filters.invalid"])).Append(' ');
        }

        if (data.Filter.IsActive)
        {
            var lang = t.Language == Language.English ? "?lang=en" : string.Empty;
            html.Append(H(t.Format("filters.shown", data.Deals.Count, data.AllDeals))).Append(" <a href=\"/dashboard/programme").Append(lang).Append("\">").Append(H(t["filters.clear"])).Append("</a>");
        }
        else
        {
            html.Append(H(t.Format("filters.all", data.AllDeals)));
        }

        html.Append("</p><p class=\"note\">").Append(H(t["filters.theme"])).Append("</p>");
    }

    private static void AppendSelect(StringBuilder html, string name, string label, string all, string? selected, IEnumerable<(string Value, string Text)> options, DashboardTexts t)
    {
        html.Append("<div class=\"field\"><label for=\"filter-").Append(name).Append("\">").Append(H(label)).Append("</label><select id=\"filter-").Append(name).Append("\" name=\"").Append(name).Append("\">");
        foreach (var (value, text) in options.Prepend((string.Empty, all)).Append((ProgrammeFilter.NoProfile, t["filters.none"])))
        {
            html.Append("<option value=\"").Append(H(value)).Append('"').Append((selected ?? string.Empty) == value ? " selected" : string.Empty).Append('>').Append(H(text)).Append("</option>");
        }

        html.Append("</select></div>");
    }

    /// <summary>The refusal: what the page is and why not, and nothing of its data.</summary>
    public static string Forbidden(DashboardTexts t, string reasonKey, DashboardViewer? viewer, string selfPath)
    {
        var html = Start(t, t["forbidden.title"], viewer, selfPath);
        html.Append("<h1>").Append(H(t["forbidden.title"])).Append("</h1><p>").Append(H(t[reasonKey])).Append("</p>");
        return End(html);
    }

    public static string Message(DashboardTexts t, string titleKey, string messageKey)
    {
        var html = Start(t, t[titleKey], null, null);
        html.Append("<h1>").Append(H(t[titleKey])).Append("</h1><p>").Append(H(t[messageKey])).Append("</p>");
        return End(html);
    }

    public static string LocalSignIn(DashboardTexts t, IReadOnlyList<LocalUser> users, string returnUrl)
    {
        var html = Start(t, t["signin.title"], null, null);
        html.Append("<h1>").Append(H(t["signin.title"])).Append("</h1><p>").Append(H(t["signin.intro"])).Append("</p>");
        if (users.Count == 0)
        {
            html.Append("<p>").Append(H(t["signin.none"])).Append("</p>");
            return End(html);
        }

        html.Append("<form method=\"post\" action=\"/dashboard/signin\"><input type=\"hidden\" name=\"returnUrl\" value=\"").Append(H(returnUrl)).Append("\">");
        html.Append("<fieldset><legend>").Append(H(t["signin.user"])).Append("</legend>");
        for (var i = 0; i < users.Count; i++)
        {
            var id = "user" + i.ToString(CultureInfo.InvariantCulture);
            html.Append("<div><input type=\"radio\" name=\"user\" id=\"").Append(id).Append("\" value=\"").Append(H(users[i].ObjectId)).Append('"').Append(i == 0 ? " checked" : string.Empty)
                .Append("><label for=\"").Append(id).Append("\">").Append(H(users[i].Name)).Append("</label></div>");
        }

        html.Append("</fieldset><button type=\"submit\">").Append(H(t["signin.button"])).Append("</button></form>");
        return End(html);
    }

    /// <summary>The page a Teams tab opens: it asks Teams for a token, starts a session with it and goes on to the view.</summary>
    public static string TeamsShell(DashboardTexts t, string view)
    {
        var html = Start(t, t["app"], null, null, script: true);
        html.Append("<div id=\"teams\" data-view=\"").Append(H(view)).Append("\" data-failed=\"").Append(H(t["teams.failed"])).Append("\"><p role=\"status\">")
            .Append(H(t["teams.loading"])).Append("</p></div>");
        return End(html);
    }

    /// <summary>The channel tab's configuration page: the deal is the channel's own, so there is nothing to choose but Save.</summary>
    public static string Configure(DashboardTexts t)
    {
        var html = Start(t, t["configure.title"], null, null, script: true);
        html.Append("<h1>").Append(H(t["configure.title"])).Append("</h1><p id=\"configure\" data-configure=\"deal\" data-name=\"").Append(H(t["configure.title"])).Append("\">")
            .Append(H(t["configure.intro"])).Append("</p>");
        return End(html);
    }

    private static StringBuilder Start(DashboardTexts t, string title, DashboardViewer? viewer, string? selfPath, bool script = false)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!doctype html><html lang=\"").Append(t.Code).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(H(title)).Append(" – ").Append(H(t["app"])).Append("</title><link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css\">");
        if (script)
        {
            html.Append("<script src=\"/dashboard/assets/teams-js.min.js\" defer></script><script src=\"/dashboard/assets/dashboard-teams.js\" defer></script>");
        }

        html.Append("</head><body><a class=\"skip\" href=\"#main\">").Append(H(t["skip"])).Append("</a><header><span class=\"app\">").Append(H(t["app"])).Append("</span>");
        if (selfPath is not null)
        {
            var other = t.Language == Language.English ? "nl" : "en";
            var separator = selfPath.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            html.Append("<a href=\"").Append(H(selfPath + separator + "lang=" + other)).Append("\" lang=\"").Append(other).Append("\" hreflang=\"").Append(other).Append("\">")
                .Append(H(t["language"])).Append("</a>");
        }

        if (viewer is not null)
        {
            html.Append("<span>").Append(H(t.Format("signed.in", viewer.Name))).Append("</span><form method=\"post\" action=\"/dashboard/signout\"><button type=\"submit\">")
                .Append(H(t["signout"])).Append("</button></form>");
        }

        return html.Append("</header><main id=\"main\">");
    }

    private static string End(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static void AppendWithheldNotes(StringBuilder html, IEnumerable<PulseResults> results, Language language)
    {
        var notes = results
            .SelectMany(r => r.Indicators.SelectMany(i => new[] { i.DealMean.Withholding, i.AllDealsMean.Withholding }).Prepend(r.Withholding))
            .OfType<PulseWithholding>()
            .Select(w => w.Explanation.In(language))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (notes.Count == 0)
        {
            return;
        }

        html.Append("<ul class=\"notes\">");
        foreach (var note in notes)
        {
            html.Append("<li>").Append(H(note)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static void AppendSessions(StringBuilder html, IReadOnlyList<SessionSummary> sessions, DashboardTexts t, string none, bool withDeal, bool withAttendance)
    {
        if (sessions.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(H(none)).Append("</p>");
            return;
        }

        html.Append(Region(t, none == t["cop.none"] ? t["cop"] : t["sessions"])).Append("<table><thead><tr><th scope=\"col\">").Append(H(t["date"])).Append("</th><th scope=\"col\">").Append(H(t["session"])).Append("</th>");
        if (withDeal)
        {
            html.Append("<th scope=\"col\">").Append(H(t["deal"])).Append("</th>");
        }

        if (withAttendance)
        {
            html.Append("<th scope=\"col\">").Append(H(t["attending"])).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var session in sessions)
        {
            html.Append("<tr><td>").Append(H(Date(session.StartsAt, t))).Append("</td><td>").Append(H(session.Title)).Append("</td>");
            if (withDeal)
            {
                html.Append("<td>").Append(H(session.DealName)).Append("</td>");
            }

            if (withAttendance)
            {
                html.Append("<td>").Append(session.IsPast ? session.Yes.ToString(CultureInfo.InvariantCulture) : "–").Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void AppendTimelineTable(StringBuilder html, IReadOnlyList<TimelineItem> items, DashboardTexts t, bool withDeals, string name)
    {
        html.Append(Region(t, name)).Append("<table><thead><tr><th scope=\"col\">").Append(H(t["date"])).Append("</th><th scope=\"col\">")
            .Append(H(t["kind"])).Append("</th><th scope=\"col\">").Append(H(t["what"])).Append("</th>");
        if (withDeals)
        {
            html.Append("<th scope=\"col\">").Append(H(t["deals"])).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var item in items)
        {
            html.Append("<tr><td>").Append(H(Date(item.Date, t))).Append("</td><td><span class=\"dot\" data-kind=\"").Append(item.Kind).Append("\" aria-hidden=\"true\"></span>").Append(H(t["kind." + item.Kind]))
                .Append("</td><td>").Append(H(item.Title.In(t.Language)));
            if (item.Election is { } election)
            {
                html.Append(" (").Append(H(election.In(t.Language))).Append(')');
            }

            html.Append("</td>");
            if (withDeals)
            {
                html.Append("<td>").Append(H(item.Deals.Count == 0 ? "–" : item.Deals.Count <= 5 ? string.Join(", ", item.Deals) : $"{item.Deals.Count}: {string.Join(", ", item.Deals)}")).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static string ScoreWithBaseline(IndicatorResult indicator, Language language, DashboardTexts t)
    {
        if (!indicator.DealMean.IsShown)
        {
            return t["not.shown"];
        }

        var score = PulseNumbers.Score(indicator.DealMean.Value, language);
        if (indicator.SinceBaseline.IsShown)
        {
            return $"{score} ({PulseNumbers.Delta(indicator.SinceBaseline.Value!.Delta, language)})";
        }

        return indicator.SinceBaseline.Withholding?.Reason == PulseWithholdingReason.IsBaseline ? $"{score} ({t["baseline"]})" : score;
    }

    /// <summary>A table that may scroll sideways: focusable for keyboard users, named apart from its section.</summary>
    private static string Region(DashboardTexts t, string name) =>
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"" + H(t.Format("table.of", name)) + "\">";

    private static string Date(DateTimeOffset instant, DashboardTexts t) => Date(AmsterdamTime.LocalDate(instant), t);

    private static string Date(DateOnly date, DashboardTexts t) => date.ToString("d MMM yyyy", t.Language.Culture());

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
