using System.Globalization;
using CityDealBot.DutchTime;
using CityDealBot.Tests.EndToEnd;
using CityDealBot.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CityDealBot.Tests.Dashboard;

/// <summary>
/// The dashboard in Debian's Chromium against the bot on loopback in local mode with Azurite: the local sign-in as one
/// of the configured users, the programme and deal views with their charts and tables, refusals that show no data,
/// and axe-core over every page. The screenshots in docs/images come from here (with UPDATE_SNAPSHOTS=1).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardBrowserTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000aa";
    private const string AdministratorId = "0000b000-0000-4000-8000-000000000001";
    private const int Deals = 3;
    private const int Rounds = 5;

    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _usersFile = null!;

    public async Task InitializeAsync()
    {
        // The Playground's configuration format, with the seeded people as its users.
        _usersFile = Path.Combine(Directory.CreateTempSubdirectory("citydealbot-dashboard-").FullName, ".m365agentsplayground.yml");
        File.WriteAllText(_usersFile, $"""
            version: "0.1.1"
            tenantId: {Tenant}
            bot:
              id: 00000000-0000-0000-0000-00000000000011
              name: CityDealBot
            currentUser:
              id: user-id-0
              name: Petra Programma
              aadObjectId: {AdministratorId}
            users:
              - id: user-id-1
                name: Dirk Dealmaker
                aadObjectId: {DashboardSeed.DealmakerOf(0)}
              - id: user-id-2
                name: Pim Partner
                aadObjectId: {DashboardSeed.PartnerOf(0)}
            """);
        _bot = new BotFactory(storage, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Programme:Administrators:0"] = AdministratorId,
            ["Dashboard:LocalUsersFile"] = _usersFile,
        });
        _client = _bot.StartOnLoopback();
        await new DashboardSeed(storage.ConnectionString, _bot.TablePrefix, Tenant).SeedAsync(Deals, Rounds);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = PlaygroundSession.ChromiumPath(), Headless = true, Args = PlaygroundSession.ChromiumFlags });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _client.Dispose();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task The_programme_page_shows_every_deal_with_its_chart_and_row_and_passes_axe()
    {
        var page = await SignedInPageAsync("Petra Programma", "/dashboard/programme");

        Assert.Equal("nl", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Agenda Stad: alle deals");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Alle deals per indicator: gemiddelde (verschil met de nulmeting)" });
        for (var deal = 0; deal < Deals; deal++)
        {
            var row = table.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = DashboardSeed.NameOf(deal), Exact = true }) });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            // The seed gives the latest round of deal d 6 + (d + 4) % 5 respondents.
            await Assertions.Expect(row.GetByRole(AriaRole.Cell).First).ToHaveTextAsync((6 + ((deal + Rounds - 1) % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("figcaption", new() { HasText = DashboardSeed.NameOf(deal) })).ToHaveCountAsync(1);
        }

        // One small spider chart per deal, each an image whose name describes its values.
        var charts = page.Locator("ul.multiples svg[role=img]");
        await Assertions.Expect(charts).ToHaveCountAsync(Deals);
        Assert.StartsWith("Spinnenwebdiagram van de peiling", await charts.First.Locator("title").TextContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("svg.network line")).ToHaveCountAsync(Deals - 1);
        // The network's table: deal 0 met deal 1 only, once in a speeddate and once over coffee.
        var network = page.GetByRole(AriaRole.Region, new() { Name = "Tabel: Contacten tussen deals" });
        var link = network.GetByRole(AriaRole.Row).Filter(new() { HasText = DashboardSeed.NameOf(0) });
        await Assertions.Expect(link).ToHaveCountAsync(1);
        await Assertions.Expect(link).ToContainTextAsync(DashboardSeed.NameOf(1));
        await Assertions.Expect(link.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Assertions.Expect(link.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("1");
        await Assertions.Expect(link.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("svg.timeline circle").First).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Vervolgsessie " + DashboardSeed.NameOf(2) })).ToHaveCountAsync(1);

        await AssertNoAxeViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Screenshot("dashboard-programme.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Agenda Stad: all deals");
        await AssertNoAxeViolationsAsync(page);

        // The administrator opens a deal they are not part of: its view, without what the deal keeps internal.
        var dealView = await page.GotoAsync(Deal(0));
        Assert.Equal(200, dealView!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DashboardSeed.NameOf(0));
        Assert.DoesNotContain(DashboardSeed.LessonOf(0), await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_by_Town_Deal_shows_only_the_Town_Deals_in_every_section_and_passes_axe()
    {
        var page = await SignedInPageAsync("Petra Programma", "/dashboard/programme");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Alle 3 deals getoond.");

        // The seed makes deal 1 the only Town Deal (deal 0 a City Deal, deal 2 a Regio Deal).
        await page.GetByLabel("Soort deal").SelectOptionAsync(new SelectOptionValue { Label = "Town Deal" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Toon deze deals" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("kind=TownDeal", StringComparison.Ordinal));

        await Assertions.Expect(page.GetByLabel("Soort deal")).ToHaveValueAsync("TownDeal");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 van de 3 deals getoond");
        await Assertions.Expect(page.Locator("ul.multiples svg[role=img]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("figcaption")).ToContainTextAsync(DashboardSeed.NameOf(1) + "Town Deal · Kwartiermaker");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Vervolgsessie " + DashboardSeed.NameOf(1) })).ToHaveCountAsync(1);
        // Deal 1 met deals 0 and 2 only, which are not selected: no contacts between two Town Deals.
        await Assertions.Expect(page.Locator("svg.network")).ToHaveCountAsync(0);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(DashboardSeed.NameOf(0), html, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardSeed.NameOf(2), html, StringComparison.Ordinal);
        await AssertNoAxeViolationsAsync(page);

        // The selection survives the language switch, and the phase narrows it further.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Kind of deal")).ToHaveValueAsync("TownDeal");
        await page.GetByLabel("Phase").SelectOptionAsync(new SelectOptionValue { Label = "Exploration (verkenning)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show these deals" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("phase=Verkenning", StringComparison.Ordinal));
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("0 of the 3 deals shown");
        Assert.DoesNotContain(DashboardSeed.NameOf(1), await page.ContentAsync(), StringComparison.Ordinal);

        var invalid = await page.GotoAsync("/dashboard/programme?kind=Metropool");
        Assert.Equal(200, invalid!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Een keuze in het adres bestaat niet en is genegeerd. Alle 3 deals getoond.");
    }

    [Fact]
    public async Task The_timeline_lists_each_deals_end_date_and_its_extend_or_close_milestone()
    {
        var page = await SignedInPageAsync("Petra Programma", "/dashboard/programme");
        var today = AmsterdamTime.LocalDate(DateTimeOffset.UtcNow);
        var timeline = page.GetByRole(AriaRole.Region, new() { Name = "Tabel: De komende 24 maanden" });
        foreach (var (deal, kind) in new[] { (0, "City Deal"), (1, "Town Deal"), (2, "Regio Deal") })
        {
            var rows = timeline.GetByRole(AriaRole.Row).Filter(new() { HasText = DashboardSeed.NameOf(deal) });
            var end = rows.Filter(new() { HasText = "Einde van de " + kind });
            await Assertions.Expect(end).ToHaveCountAsync(1);
            await Assertions.Expect(end.GetByRole(AriaRole.Cell).First).ToHaveTextAsync(DashboardSeed.EndOf(deal, today).ToString("d MMM yyyy", Dutch));
            await Assertions.Expect(end.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("Einddatum");

            var extendOrClose = rows.Filter(new() { HasText = "Verlengen of afronden? (6 maanden voor het einde)" });
            await Assertions.Expect(extendOrClose).ToHaveCountAsync(1);
            await Assertions.Expect(extendOrClose.GetByRole(AriaRole.Cell).First).ToHaveTextAsync(DashboardSeed.ExtendOrCloseOf(deal, today).ToString("d MMM yyyy", Dutch));
            await Assertions.Expect(extendOrClose.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("Mijlpaal");
            // Steering groups meet in March and September (the seed's profile): a report prompt for the next one.
            await Assertions.Expect(rows.Filter(new() { HasText = "Voortgangsrapportage voor de stuurgroep van " })).Not.ToHaveCountAsync(0);
        }

        // The strip draws one mark per end date in its own row, as the table lists them.
        await Assertions.Expect(page.Locator("svg.timeline circle[fill='" + CityDealBot.Dashboard.DashboardCharts.KindColor(CityDealBot.Dashboard.TimelineKind.DealEnd) + "']")).ToHaveCountAsync(Deals);

        // The deal view names the deal's own kind: a Town Deal is never called a City Deal.
        await page.GotoAsync(Deal(1));
        await Assertions.Expect(page.Locator("main > p.meta")).ToContainTextAsync("Town Deal · Kwartiermaker · eindigt op");
        var own = page.GetByRole(AriaRole.Region, new() { Name = "Tabel: Mijlpalen en einddatum" });
        await Assertions.Expect(own.GetByRole(AriaRole.Row).Filter(new() { HasText = "Einde van de Town Deal" }).GetByRole(AriaRole.Cell).First)
            .ToHaveTextAsync(DashboardSeed.EndOf(1, today).ToString("d MMM yyyy", Dutch));
        await Assertions.Expect(own.GetByRole(AriaRole.Row).Filter(new() { HasText = "Verlengen of afronden?" }).GetByRole(AriaRole.Cell).First)
            .ToHaveTextAsync(DashboardSeed.ExtendOrCloseOf(1, today).ToString("d MMM yyyy", Dutch));
        await AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task A_dealmaker_sees_the_deal_with_remarks_and_export_and_the_page_passes_axe()
    {
        var page = await SignedInPageAsync("Dirk Dealmaker", Deal(0));

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DashboardSeed.NameOf(0));
        var end = DashboardSeed.EndOf(0, AmsterdamTime.LocalDate(DateTimeOffset.UtcNow)).ToString("d MMM yyyy", Dutch);
        await Assertions.Expect(page.Locator("main > p.meta")).ToHaveTextAsync($"City Deal · Uitvoering (na het convenant) · eindigt op {end}");
        await Assertions.Expect(page.Locator("figure svg.radar")).ToHaveCountAsync(1);
        // The trend table: one column per round besides the indicator and the line.
        await Assertions.Expect(page.GetByRole(AriaRole.Table).First.GetByRole(AriaRole.Columnheader)).ToHaveCountAsync(Rounds + 2);
        await Assertions.Expect(page.GetByText($"Opmerking van deal 0 ronde {Rounds - 1}")).ToBeVisibleAsync();
        var export = page.GetByRole(AriaRole.Link, new() { Name = "Download de resultaten van de laatste peiling (CSV, link werkt 15 minuten)" });
        Assert.Contains("/pulse/exports/", await export.GetAttributeAsync("href"), StringComparison.Ordinal);
        // The deal's own lessons, internal ones too; never another deal's.
        await Assertions.Expect(page.GetByText(DashboardSeed.LessonOf(0))).ToBeVisibleAsync();
        Assert.DoesNotContain(DashboardSeed.LessonOf(1), await page.ContentAsync(), StringComparison.Ordinal);

        await AssertNoAxeViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Screenshot("dashboard-deal.png"), FullPage = true });
    }

    [Fact]
    public async Task A_partner_sees_their_own_deal_without_remarks_but_not_another_deal_nor_the_programme()
    {
        var page = await SignedInPageAsync("Pim Partner", Deal(0));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DashboardSeed.NameOf(0));
        await Assertions.Expect(page.GetByText("Opmerking van deal")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download de resultaten" })).ToHaveCountAsync(0);

        var other = await page.GotoAsync(Deal(1));
        Assert.Equal(403, other!.Status);
        var refused = await page.ContentAsync();
        Assert.Contains("Deze deal is alleen zichtbaar voor haar leden.", refused, StringComparison.Ordinal);
        AssertNoDealData(refused);
        await AssertNoAxeViolationsAsync(page);

        var programme = await page.GotoAsync("/dashboard/programme");
        Assert.Equal(403, programme!.Status);
        AssertNoDealData(await page.ContentAsync());
    }

    [Fact]
    public async Task Without_a_session_the_pages_send_the_visitor_to_the_local_sign_in()
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _bot.BaseAddress.ToString() });
        await page.GotoAsync("/dashboard/programme");
        Assert.Contains("/dashboard/signin", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(3);
        AssertNoDealData(await page.ContentAsync());
        await AssertNoAxeViolationsAsync(page);
    }

    private static void AssertNoDealData(string html)
    {
        for (var deal = 0; deal < Deals; deal++)
        {
            Assert.DoesNotContain(DashboardSeed.NameOf(deal), html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Opmerking", html, StringComparison.Ordinal);
    }

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private static string Deal(int deal) => "/dashboard/deal?channel=" + Uri.EscapeDataString(DashboardSeed.ChannelOf(deal));

    private async Task<IPage> SignedInPageAsync(string user, string path)
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _bot.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Radio, new() { Name = user }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
        return page;
    }

    private static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
        Assert.True(results.Violations.Length == 0, string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})")));
        Assert.NotEmpty(results.Passes);
    }

    /// <summary>The docs' screenshots are rewritten with UPDATE_SNAPSHOTS=1, as the card snapshots are; an ordinary run
    /// leaves the working tree alone and keeps its screenshots with the other test artifacts.</summary>
    private static string Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1"
            ? Path.Combine(RepoPaths.Root, "docs", "images")
            : Path.Combine(RepoPaths.Root, "artifacts", "tests", "dashboard");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
