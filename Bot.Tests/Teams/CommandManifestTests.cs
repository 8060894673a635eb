using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityDealBot.Cards.Localization;
using CityDealBot.Teams;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Teams;

/// <summary>
/// The Teams manifest's command lists (manifest/app: the template in Dutch, nl.json and en.json) are generated from
/// the bot's command catalogue. This test fails when the committed files differ from what the catalogue gives;
/// run it with UPDATE_SNAPSHOTS=1 to rewrite them, then review the diff.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommandManifestTests(AzuriteFixture storage)
{
    private const string CommandListKeyPrefix = "bots[0].commandLists[";

    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string AppFolder => Path.Combine(RepoPaths.Root, "manifest", "app");

    [Fact]
    public async Task The_committed_manifest_offers_exactly_the_catalogue_s_command_menu()
    {
        var lists = await CommandMenuFromTheRunningBotAsync();
        var files = new Dictionary<string, JsonObject>
        {
            ["manifest.template.json"] = WithCommandLists(Read("manifest.template.json"), lists),
            ["nl.json"] = WithLocalizedCommands(Read("nl.json"), lists, Language.Dutch),
            ["en.json"] = WithLocalizedCommands(Read("en.json"), lists, Language.English),
        };

        var stale = files.Where(f => !JsonNode.DeepEquals(f.Value, Read(f.Key))).Select(f => f.Key).ToList();
        if (stale.Count > 0 && Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            foreach (var name in stale)
            {
                await File.WriteAllTextAsync(Path.Combine(AppFolder, name), files[name].ToJsonString(Written) + "\n");
            }

            stale.Clear();
        }

        Assert.True(stale.Count == 0, $"manifest/app/{string.Join(", ", stale)} differ from the command catalogue; run this test with UPDATE_SNAPSHOTS=1 and review the diff.");
    }

    [Fact]
    public async Task Every_scope_has_a_menu_within_the_manifest_limits_in_both_languages()
    {
        var lists = await CommandMenuFromTheRunningBotAsync();
        Assert.Equal(["team", "groupChat", "personal"], lists.Select(l => l.ManifestScope));
        foreach (var list in lists)
        {
            Assert.InRange(list.Dutch.Count, 4, 10);
            Assert.Equal(list.Dutch.Count, list.English.Count);
            foreach (var language in new[] { Language.Dutch, Language.English })
            {
                var titles = list.In(language).Select(c => c.Title.ToLowerInvariant()).ToList();
                Assert.Equal(titles.Count, titles.Distinct().Count());
                Assert.All(list.In(language), c => Assert.InRange(c.Title.Length, 1, 32));
                Assert.All(list.In(language), c => Assert.InRange(c.Description.Length, 1, 128));
            }
        }
    }

    [Fact]
    public async Task A_scope_with_more_commands_than_fit_offers_the_first_ten_in_catalogue_order()
    {
        await using var bot = new BotFactory(storage);
        using var scope = bot.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CommandCatalog>();
        var channelTitles = catalog.All
            .Where(c => c.Definition.Scopes.HasFlag(CommandScopes.Channel))
            .SelectMany(c => c.Definition.Menu.Select(m => c.Definition.TitleFor(m, Language.Dutch)))
            .ToList();
        Assert.True(channelTitles.Count > 10, "the channel has more menu entries than the manifest allows");

        var team = CommandMenu.For(catalog)[0];
        Assert.Equal(channelTitles.Take(10), team.Dutch.Select(c => c.Title));
    }

    private async Task<IReadOnlyList<CommandMenuList>> CommandMenuFromTheRunningBotAsync()
    {
        await using var bot = new BotFactory(storage);
        using var scope = bot.Services.CreateScope();
        return CommandMenu.For(scope.ServiceProvider.GetRequiredService<CommandCatalog>());
    }

    private static JsonObject Read(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppFolder, name)))!.AsObject();

    /// <summary>The template with its command lists replaced: one list per scope, in the default language (Dutch).</summary>
    private static JsonObject WithCommandLists(JsonObject template, IReadOnlyList<CommandMenuList> lists)
    {
        template["bots"]![0]!["commandLists"] = new JsonArray([.. lists.Select(l => new JsonObject
        {
            ["scopes"] = new JsonArray(l.ManifestScope),
            ["commands"] = new JsonArray([.. l.Dutch.Select(c => new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]),
        })]);
        return template;
    }

    /// <summary>The localisation file with its command keys replaced, keyed by the lists' index paths.</summary>
    private static JsonObject WithLocalizedCommands(JsonObject strings, IReadOnlyList<CommandMenuList> lists, Language language)
    {
        var result = new JsonObject();
        foreach (var (key, value) in strings.Where(p => !p.Key.StartsWith(CommandListKeyPrefix, StringComparison.Ordinal)))
        {
            result[key] = value?.DeepClone();
        }

        for (var list = 0; list < lists.Count; list++)
        {
            var commands = lists[list].In(language);
            for (var command = 0; command < commands.Count; command++)
            {
                result[$"{CommandListKeyPrefix}{list}].commands[{command}].title"] = commands[command].Title;
                result[$"{CommandListKeyPrefix}{list}].commands[{command}].description"] = commands[command].Description;
            }
        }

        return result;
    }
}
