using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Integration;

/// <summary>
/// Every command the committed Teams manifest offers (manifest/app), in both languages and in each scope its list
/// is for, sent through POST /api/messages as Teams would send it: the bot answers it, and not with "unknown
/// command" or a problem. Channel commands run in a deal that was registered by installing the bot first.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManifestCommandTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string GroupChatId = "19:kernteam-klimaat@thread.v2";

    // Commands about something that must exist first: the results of a pulse need a pulse.
    private static readonly Dictionary<string, string> PreparedBy = new(StringComparer.Ordinal)
    {
        ["resultaten"] = "peiling",
        ["results"] = "pulse",
    };

    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        _bot.Connector.Members.Add(new JsonObject { ["id"] = "29:anne", ["name"] = "Anne de Vries", ["email"] = "anne.devries@utrecht.nl", ["aadObjectId"] = "aad-anne", ["tenantId"] = Activities.Tenant });
        var installed = await _bot.SendAsync(Activities.BotAddedToTeam(_bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        Assert.Single(await _bot.RowsAsync("Deals"));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>Rows (manifest scope, language file, title) read from the committed manifest, not from the bot.</summary>
    public static TheoryData<string, string, string> EveryManifestCommand()
    {
        var app = Path.Combine(RepoPaths.Root, "manifest", "app");
        var lists = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "manifest.template.json")))!["bots"]![0]!["commandLists"]!.AsArray();
        var rows = new TheoryData<string, string, string>();
        foreach (var file in new[] { "nl.json", "en.json" })
        {
            var strings = JsonNode.Parse(File.ReadAllText(Path.Combine(app, file)))!.AsObject();
            for (var list = 0; list < lists.Count; list++)
            {
                for (var command = 0; strings[$"bots[0].commandLists[{list}].commands[{command}].title"] is { } title; command++)
                {
                    foreach (var scope in lists[list]!["scopes"]!.AsArray())
                    {
                        rows.Add(scope!.GetValue<string>(), file, title.GetValue<string>());
                    }
                }
            }
        }

        return rows;
    }

    [Fact]
    public void The_manifest_offers_commands_in_every_scope_in_both_languages()
    {
        var rows = EveryManifestCommand().Select(r => ((string)r[0], (string)r[1])).Distinct().ToList();
        foreach (var scope in new[] { "team", "groupChat", "personal" })
        {
            Assert.Contains((scope, "nl.json"), rows);
            Assert.Contains((scope, "en.json"), rows);
        }
    }

    [Theory]
    [MemberData(nameof(EveryManifestCommand))]
    public async Task Every_manifest_command_works_where_the_manifest_offers_it(string scope, string languageFile, string title)
    {
        var language = languageFile == "en.json" ? Language.English : Language.Dutch;
        var locale = language == Language.English ? "en-US" : "nl-NL";
        var activity = scope switch
        {
            "team" => Activities.ChannelMessage(_bot.ServiceUrl, title, locale),
            "groupChat" => GroupChatMessage(title, locale),
            // A partner, not the deal's only dealmaker: "vergeet mij" then asks for confirmation instead of refusing.
            "personal" => Activities.PersonalMessage(_bot.ServiceUrl, title, locale, "29:bram", "aad-bram", "Bram Jansen"),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "not a manifest scope"),
        };
        if (PreparedBy.TryGetValue(title, out var preparation))
        {
            Assert.Equal(HttpStatusCode.OK, (await _bot.SendAsync(Activities.ChannelMessage(_bot.ServiceUrl, preparation, locale))).StatusCode);
        }

        var before = _bot.Connector.Calls.Count;

        var response = await _bot.SendAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Replies leave in the background after the turn is answered: wait (bounded) for the first one.
        List<string> Replies() => [.. _bot.Connector.Calls.Skip(before)
            .Where(c => c.Method == "POST" && c.Path.Contains("/activities", StringComparison.Ordinal) && c.Body is not null)
            .Select(c => FakeConnector.Json(c.Body!))];
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Replies().Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no reply to '{title}' within 15 s");
            await Task.Delay(25);
        }

        var replies = Replies();

        var texts = Texts.For(language);
        // The unknown-command text up to the command it quotes (the bot quotes only the first word).
        var unknownCommand = texts["error.unknown_command"].Split("{0}")[0];
        var problemTitle = texts["error.title"];
        foreach (var reply in replies)
        {
            Assert.DoesNotContain(unknownCommand, reply, StringComparison.Ordinal);
            Assert.DoesNotContain(problemTitle, reply, StringComparison.Ordinal);
            Assert.DoesNotContain("\"style\":\"attention\"", reply, StringComparison.Ordinal);
        }
    }

    private JsonObject GroupChatMessage(string text, string locale) => new()
    {
        ["type"] = "message",
        ["id"] = "msg-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = _bot.ServiceUrl,
        ["locale"] = locale,
        ["from"] = new JsonObject { ["id"] = "29:anne", ["aadObjectId"] = "aad-anne", ["name"] = "Anne de Vries" },
        ["recipient"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "CityDealBot" },
        ["conversation"] = new JsonObject { ["id"] = GroupChatId, ["conversationType"] = "groupChat", ["isGroup"] = true, ["tenantId"] = Activities.Tenant },
        ["text"] = $"<at>CityDealBot</at> {text}",
        ["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>CityDealBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "CityDealBot" },
        }),
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Activities.Tenant } },
    };
}
