using System.Text.RegularExpressions;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CityDealBot.Tests.EndToEnd;

/// <summary>
/// The whole local loop for real: the bot on loopback in local mode with Azurite, the Microsoft 365 Agents
/// Playground as the Teams client, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed partial class PlaygroundSession : IAsyncDisposable
{
    internal static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _workDir;
    private ChildProcess? _playground;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private PlaygroundSession(BotFactory bot, HttpClient botClient, string workDir)
    {
        Bot = bot;
        BotClient = botClient;
        _workDir = workDir;
    }

    public BotFactory Bot { get; }

    /// <summary>Talks to the bot directly, e.g. to its testing hooks.</summary>
    public HttpClient BotClient { get; }

    public IPage Page { get; private set; } = null!;

    public string Url { get; private set; } = string.Empty;

    public static async Task<PlaygroundSession> StartAsync(AzuriteFixture storage, IDictionary<string, string?>? settings = null)
    {
        var bot = new BotFactory(storage, settings);
        var client = bot.StartOnLoopback();
        var workDir = Directory.CreateTempSubdirectory("citydealbot-playground-").FullName;
        File.Copy(Path.Combine(RepoPaths.Tools, "playground", ".m365agentsplayground.yml"), Path.Combine(workDir, ".m365agentsplayground.yml"));
        var session = new PlaygroundSession(bot, client, workDir);
        try
        {
            await session.LaunchAsync(new Uri(client.BaseAddress!, "/api/messages"));
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return session;
    }

    public async Task OpenConversationAsync(string name)
    {
        var entry = Page.GetByRole(AriaRole.Treeitem, new() { Name = name }).Or(Page.GetByText(name, new() { Exact = true })).First;
        await entry.ClickAsync();
        // On a busy machine a click can land while the list redraws; the start page then stays. Clicking the same
        // conversation again is harmless, and what the test expects to see next is asserted by the test itself.
        var startPage = Page.GetByText("Getting Started", new() { Exact = true });
        for (var attempt = 0; attempt < 3 && await startPage.IsVisibleAsync(); attempt++)
        {
            await Page.WaitForTimeoutAsync(2_000);
            if (await startPage.IsVisibleAsync())
            {
                await entry.ClickAsync();
            }
        }
    }

    /// <summary>A new channel post that @mentions the bot, picked from the mention picker as a person would.</summary>
    public async Task PostInChannelMentioningBotAsync(string botName, string text)
    {
        var editor = Page.Locator("[data-lexical-editor=true]").First;
        await editor.ClickAsync();
        await Page.Keyboard.TypeAsync("@");
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = botName }).ClickAsync();
        await Page.Keyboard.TypeAsync(" " + text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
    }

    public async Task SendInChatAsync(string text)
    {
        var editor = Page.Locator("[data-lexical-editor=true]").Last;
        await editor.ClickAsync();
        await Page.Keyboard.TypeAsync(text);
        await Page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Keeps a screenshot of the page for a failed test, next to the other test artifacts.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepoPaths.Artifacts, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        File.WriteAllText(Path.Combine(RepoPaths.Artifacts, name + ".playground.log"), _playground?.Output ?? string.Empty);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
        }

        await Bot.DisposeAsync();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // The Playground may still hold its log file; the temp folder is cleaned up by the system.
        }
    }

    private async Task LaunchAsync(Uri botEndpoint)
    {
        var port = RepoPaths.FreePort();
        _playground = ChildProcess.Start(
            RepoPaths.NodeBin("agentsplayground"),
            ["-e", botEndpoint.ToString(), "-c", "msteams", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dt"],
            _workDir,
            new Dictionary<string, string> { ["TEAMSAPPTESTER_BROWSER"] = "none" });
        // The Playground silently takes another port when the asked one is busy: read the one it chose.
        var actualPort = await _playground.WaitForOutputAsync(ListeningLine(), TimeSpan.FromSeconds(60));
        Url = $"http://localhost:{actualPort}";

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ChromiumFlags,
        });
        Page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        // Two cores run the bot, Azurite, the Playground and Chromium at once: allow for a slow first turn.
        Page.SetDefaultTimeout(45_000);
        Assertions.SetDefaultExpectTimeout(45_000);
        await Page.GotoAsync(Url);
        // The Playground installs the bot right after it connects and redraws its conversation list when the bot has
        // answered; a click before that redraw is lost. Its log panel lists the answered conversationUpdate.
        await Assertions.Expect(Page.GetByText("conversationUpdate").First).ToBeVisibleAsync();
    }

    internal static string ChromiumPath()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Chromium is missing: the README's test command installs Debian's chromium package.");
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
