using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CityDealBot.Bench;
using CityDealBot.Tests.Dashboard;
using CityDealBot.Tests.Infrastructure;

// The programme dashboard from storage: 40 deals with 5 closed pulse rounds each (answers, tallies), lobby settings,
// CoP sessions and contacts across deals, in Azurite. CityDealBot runs as its own process (Release, production
// mode, shipped settings); a programme administrator's Teams SSO token, signed by a loopback Entra ID, starts a
// session, then GET /dashboard/programme is timed over HTTP from request to the last byte. Checked on every
// answer: 200, all 40 deals in the table and 40 small spider charts. Transferred: the page and its stylesheet.
// Usage: Dashboard.Bench <repo root> [measured requests]
var repo = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var measured = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
const int Deals = 40;
const int Rounds = 5;
const double TargetP95Ms = 300;
const int TargetBytes = 500 * 1024;
const string AppId = "6a2d4c8e-1b3f-4a5d-9e7c-0f1a2b3c4d5e";
const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const string PublicHost = "citydealbot.example.nl";
const string Administrator = "0000b000-0000-4000-8000-0000000000ad";
const string Prefix = "dashboard";

await using var entra = await TestEntraLogin.StartAsync(Tenant);
await using var botLogin = await TestBotFrameworkLogin.StartAsync();
await using var bot = await ProductionBot.StartAsync(repo, "dashboard", AppId, Tenant, botLogin.MetadataUrl, Prefix, new Dictionary<string, string>
{
    ["Dashboard__Instance"] = entra.Instance,
    ["Links__PublicBaseUrl"] = $"https://{PublicHost}/",
    ["Programme__Administrators__0"] = Administrator,
});

var seeding = Stopwatch.StartNew();
await new DashboardSeed(bot.StorageConnectionString, Prefix, Tenant).SeedAsync(Deals, Rounds);
Console.WriteLine($"Seeded {Deals} deals with {Rounds} closed rounds each in {seeding.Elapsed.TotalSeconds:0.0} s.");

using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(bot.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
using var start = new HttpRequestMessage(HttpMethod.Post, "/dashboard/session");
start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", entra.Mint($"api://{PublicHost}/{AppId}", Administrator, "Programme administrator"));
var session = await http.SendAsync(start);
if (session.StatusCode != HttpStatusCode.NoContent)
{
    Console.Error.WriteLine($"The Teams token did not start a session: HTTP {(int)session.StatusCode}.");
    return 2;
}

var cookie = session.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
var stylesheet = await http.GetByteArrayAsync("/dashboard/assets/dashboard.css");

var times = new List<double>();
long pageBytes = 0;
var wrong = 0;
for (var i = -10; i < measured; i++)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/programme");
    request.Headers.Add("Cookie", cookie);
    var clock = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    var body = await response.Content.ReadAsByteArrayAsync();
    var ms = Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
    var html = System.Text.Encoding.UTF8.GetString(body);
    var dealsShown = Enumerable.Range(0, Deals).Count(d => html.Contains("<th scope=\"row\">" + WebUtility.HtmlEncode(DashboardSeed.NameOf(d)) + "</th>", StringComparison.Ordinal));
    var charts = SmallChart().Count(html);
    if (response.StatusCode != HttpStatusCode.OK || dealsShown != Deals || charts != Deals)
    {
        Console.Error.WriteLine($"Request {i}: HTTP {(int)response.StatusCode}, {dealsShown} deals in the table, {charts} charts.");
        wrong++;
    }

    if (i >= 0)
    {
        times.Add(ms);
        pageBytes = body.Length + HeaderBytes(response);
    }
}

times.Sort();

// Where the time goes: the reads the page makes, timed one by one in this process against the same Azurite.
var tables = new CityDealBot.Storage.StorageTables(Microsoft.Extensions.Options.Options.Create(new CityDealBot.Storage.StorageOptions { ConnectionString = bot.StorageConnectionString, TablePrefix = Prefix }));
var directory = new CityDealBot.Deals.DealDirectory(tables, TimeProvider.System);
var pulses = new CityDealBot.Pulse.PulseStore(tables, TimeProvider.System);
var lobby = new CityDealBot.Elections.Lobby.LobbyStore(tables);
var sessions = new CityDealBot.CopSessions.CopSessionStore(tables);
var speeddates = new CityDealBot.Speeddates.SpeeddateStore(tables);
var coffee = new CityDealBot.Coffee.CoffeeStore(tables);
var profiles = new CityDealBot.Lifecycle.DealProfileStore(tables, TimeProvider.System);
var reader = new CityDealBot.Dashboard.DashboardReader(directory, pulses, lobby, new CityDealBot.Elections.Lobby.LobbyCalendarSource(lobby), sessions, speeddates, coffee,
    profiles, new CityDealBot.Lifecycle.LessonStore(tables, TimeProvider.System), Microsoft.Extensions.Options.Options.Create(new CityDealBot.Pulse.PulsePrivacyOptions()), TimeProvider.System);
var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
async Task<T> TimeAsync<T>(string step, Func<Task<T>> work)
{
    var clock = Stopwatch.GetTimestamp();
    var result = await work();
    if (!steps.TryGetValue(step, out var list))
    {
        steps[step] = list = [];
    }

    list.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
    return result;
}

var texts = new CityDealBot.Dashboard.DashboardTexts(CityDealBot.Cards.Localization.Language.Dutch);
var viewer = new CityDealBot.Dashboard.DashboardViewer(Administrator, "Programme administrator", Tenant);
for (var i = -5; i < 30; i++)
{
    if (i == 0)
    {
        steps.Clear();
    }

    await TimeAsync("storage: active deals (scan)", () => directory.ListActiveDealsAsync(CancellationToken.None));
    await TimeAsync($"storage: stored tallies ({Deals * Rounds}, one partition)", () => pulses.TalliesAsync(CityDealBot.Pulse.PulseTemplates.Default.Id, CancellationToken.None));
    await TimeAsync("storage: member counts (scan, keys only)", () => directory.MemberCountsAsync(CancellationToken.None));
    await TimeAsync("storage: lobby settings (scan)", () => lobby.GetAllSettingsAsync(CancellationToken.None));
    await TimeAsync("storage: CoP sessions in the window", () => sessions.UpcomingAsync(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddMonths(24), CancellationToken.None));
    await TimeAsync("storage: CoP attendance (scan)", () => sessions.AttendingCountsAsync(CancellationToken.None));
    await TimeAsync("storage: speeddate meetings and deals (scans)", async () => (await speeddates.AllMeetingsAsync(CancellationToken.None), await speeddates.ConfirmedDealsAsync(CancellationToken.None)));
    await TimeAsync("storage: coffee meetings and deals (scans)", async () => (await coffee.HistoryAsync(DateOnly.MaxValue, CancellationToken.None), await coffee.DealsOfMembersAsync(CancellationToken.None)));
    await TimeAsync("storage: deal profiles (scan)", () => profiles.ListAsync(CancellationToken.None));
    var data = await TimeAsync("all reads together, in parallel, and the results", () => reader.ProgrammeAsync(CancellationToken.None));
    await TimeAsync("HTML with the SVG charts", () => Task.FromResult(CityDealBot.Dashboard.DashboardPages.Programme(data, texts, viewer, new CityDealBot.Pulse.PulsePrivacyOptions(), "/dashboard/programme")));
}

double Percentile(double p) => times[(int)Math.Ceiling(p * times.Count) - 1];
var transferred = pageBytes + stylesheet.Length;
Console.WriteLine();
Console.WriteLine($"Programme dashboard, {Deals} deals × {Rounds} rounds, {measured} requests after 10 warm-up, one at a time:");
Console.WriteLine();
Console.WriteLine("| | p50 | p95 | p99 | max |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GET /dashboard/programme (ms) | {Percentile(0.50):0.0} | {Percentile(0.95):0.0} | {Percentile(0.99):0.0} | {times[^1]:0.0} |"));
Console.WriteLine();
Console.WriteLine("| Transferred | bytes |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| page (headers and HTML, uncompressed) | {pageBytes:N0} |");
Console.WriteLine($"| stylesheet | {stylesheet.Length:N0} |");
Console.WriteLine($"| total (no scripts on this page) | {transferred:N0} |");
Console.WriteLine();
Console.WriteLine("Where the time goes (the same reads in the benchmark's process, 30 times, median ms):");
Console.WriteLine();
Console.WriteLine("| step | median ms |");
Console.WriteLine("|---|---:|");
foreach (var (step, list) in steps)
{
    list.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {list[list.Count / 2]:0.0} |"));
}

Console.WriteLine();
var ok = wrong == 0 && Percentile(0.95) < TargetP95Ms && transferred < TargetBytes;
Console.WriteLine(ok
    ? $"OK: p95 {Percentile(0.95):0.0} ms < {TargetP95Ms} ms, {transferred:N0} bytes < {TargetBytes:N0}, every page held all {Deals} deals."
    : $"MISSED: p95 {Percentile(0.95):0.0} ms (target {TargetP95Ms}), {transferred:N0} bytes (target {TargetBytes:N0}), {wrong} wrong pages.");
return ok ? 0 : 1;

static long HeaderBytes(HttpResponseMessage response) =>
    response.Headers.Concat(response.Content.Headers).Sum(h => h.Key.Length + 4 + h.Value.Sum(v => v.Length)) + 17;

internal static partial class Program
{
    [GeneratedRegex("<li><figure><svg [^>]*class=\"radar\"")]
    private static partial Regex SmallChart();
}
