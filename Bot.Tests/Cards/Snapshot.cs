using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Cards;

/// <summary>
/// Compares a card with its stored JSON under Bot.Tests/Snapshots. A missing snapshot fails; run with
/// UPDATE_SNAPSHOTS=1 to write it, then review the file in the diff.
/// </summary>
public static class Snapshot
{
    public static void Match(AdaptiveCard card, string name)
    {
        var path = Path.Combine(RepoPaths.Root, "Bot.Tests", "Snapshots", name + ".json");
        var actual = card.ToJson(indented: true).ReplaceLineEndings("\n") + "\n";
        CardSchemaRules.Check(card.ToJsonObject());
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot {name}.json; run the tests with UPDATE_SNAPSHOTS=1 and review it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Card {name} differs from its snapshot:\n{actual}");
    }
}

/// <summary>Rules every card must keep for Teams: version 1.5, typed elements, Execute actions with a fallback.</summary>
public static class CardSchemaRules
{
    public static void Check(JsonObject card)
    {
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        foreach (var node in Walk(card))
        {
            if (node is JsonObject obj && obj["type"]?.GetValue<string>() == "Action.Execute")
            {
                Assert.False(string.IsNullOrEmpty(obj["verb"]?.GetValue<string>()), "Action.Execute needs a verb");
                Assert.Equal("Action.Submit", obj["fallback"]?["type"]?.GetValue<string>());
            }

            if (node is JsonObject { Parent: JsonArray } element && element["type"] is null && element.Parent?.GetPath().EndsWith("facts", StringComparison.Ordinal) != true
                && element.Parent?.GetPath().EndsWith("choices", StringComparison.Ordinal) != true && element.Parent?.GetPath().EndsWith("columns", StringComparison.Ordinal) != true)
            {
                Assert.Fail($"Element without a type at {element.GetPath()}");
            }

            if (node is JsonObject { } image && image["type"]?.GetValue<string>() == "Image")
            {
                Assert.False(string.IsNullOrEmpty(image["altText"]?.GetValue<string>()), "Images need alt text");
            }
        }

        Assert.True(card.ToJsonString().Length < 28_000, "Cards must stay far below Teams' message size limit.");
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.Where(c => c is not null))
        {
            foreach (var descendant in Walk(child!))
            {
                yield return descendant;
            }
        }
    }
}
