using System.Text.RegularExpressions;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Architecture;

/// <summary>
/// The folders of the bot depend downward only: the protocol and storage layers on nothing of the bot, the shared
/// concepts on those, the features on everything below them and never on each other. Read from the sources, so a
/// new file is checked the day it is added.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private static readonly string[] Bottom = ["Connector", "Storage"];

    private static readonly string[] Infrastructure = [.. Bottom, "Operations", "Teams"];

    private static readonly string[] Shared = [.. Infrastructure, "Dispatch", "Deals", "DutchTime", "Graph", "Organisations", "Pairing"];

    private static readonly string[] Features = ["Pulse", "Elections", "Speeddates", "CopSessions", "Coffee", "Privacy", "Lifecycle"];

    /// <summary>What each top-level namespace of the bot may use besides itself and Cards.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Connector"] = [],
        ["Storage"] = [],
        ["Operations"] = Bottom,
        ["Teams"] = [.. Bottom, "Operations"],
        ["DutchTime"] = [],
        ["Pairing"] = [],
        ["Organisations"] = [],
        ["Graph"] = [.. Infrastructure, "DutchTime"],
        ["Dispatch"] = Bottom,
        ["Deals"] = [.. Infrastructure, "Dispatch", "DutchTime", "Organisations"],
        // The dashboard only reads: it shows what the features stored, so it sits above them and none uses it.
        ["Dashboard"] = [.. Shared, "DutchTime", .. Features],
    }.Concat(Features.Select(f => KeyValuePair.Create(f, Shared))).ToDictionary(StringComparer.Ordinal);

    public static TheoryData<string> BotSourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in SourceFiles("Bot"))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Every_namespace_of_the_bot_has_a_rule()
    {
        var namespaces = SourceFiles("Bot").Select(f => TopNamespace(File.ReadAllText(Path.Combine(RepoPaths.Root, f)))).OfType<string>().Distinct();
        Assert.All(namespaces, ns => Assert.True(Allowed.ContainsKey(ns), $"CityDealBot.{ns} has no place in the dependency rules"));
    }

    [Theory]
    [MemberData(nameof(BotSourceFiles))]
    public void A_file_uses_only_the_layers_below_it(string file)
    {
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        if (TopNamespace(source) is not { } own)
        {
            return; // Program.cs: the table of contents knows every area.
        }

        var used = UsedNamespaces(source).Where(ns => ns != own && ns != "Cards").ToList();
        var forbidden = used.Where(ns => !Allowed[own].Contains(ns)).ToList();
        Assert.True(forbidden.Count == 0, $"{file} (CityDealBot.{own}) uses {string.Join(", ", forbidden.Select(n => "CityDealBot." + n))}");
    }

    [Fact]
    public void Cards_use_nothing_of_the_bot()
    {
        var offenders = SourceFiles("Cards")
            .Where(f => UsedNamespaces(File.ReadAllText(Path.Combine(RepoPaths.Root, f))).Any(ns => ns != "Cards"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_rules_catch_a_feature_that_reaches_into_another()
    {
        // The check itself: a pulse file that uses the speeddates must be refused.
        const string source = "using CityDealBot.Speeddates;\nnamespace CityDealBot.Pulse.Teams;\nclass X { }";
        Assert.Equal("Pulse", TopNamespace(source));
        Assert.Contains("Speeddates", UsedNamespaces(source));
        Assert.DoesNotContain("Speeddates", Allowed["Pulse"]);
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, project), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string? TopNamespace(string source) => NamespaceLine().Match(source) is { Success: true } m ? m.Groups[1].Value : null;

    private static HashSet<string> UsedNamespaces(string source)
    {
        var withoutComments = Comments().Replace(source, string.Empty);
        var body = NamespaceLine().Replace(withoutComments, string.Empty);
        return [.. Reference().Matches(body).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"^namespace CityDealBot\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\bCityDealBot\.(\w+)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"//.*?$|/\*.*?\*/", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Comments();
}
