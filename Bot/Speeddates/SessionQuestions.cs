using System.Text.Encodings.Web;
using System.Text.Json;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Speeddates;

/// <summary>
/// A question as a session keeps it from the moment it starts: the deck's text (and theme) in Dutch and, when the deck
/// has it, in English. An organiser's own deck is written in one language and shown as written.
/// </summary>
public sealed record SessionQuestion(string Nl, string? En, string? Theme, string? ThemeEn)
{
    public string In(Language language)
    {
        var text = language == Language.English && En is not null ? En : Nl;
        var theme = language == Language.English && ThemeEn is not null ? ThemeEn : Theme;
        return theme is null ? text : $"{theme}: {text}";
    }
}

/// <summary>
/// Which question each table gets. Pure: the session's snapshot of its deck and the groups of the rounds so far.
/// </summary>
public static class SessionQuestions
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IReadOnlyList<SessionQuestion> questions) => JsonSerializer.Serialize(questions, Json);

    public static IReadOnlyList<SessionQuestion> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<SessionQuestion>>(json, Json) ?? [];

    public static string WriteAssignments(List<List<int>> rounds) => JsonSerializer.Serialize(rounds);

    public static List<List<int>> ReadAssignments(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<List<int>>>(json) ?? [];

    /// <summary>
    /// Question indexes (0-based into the deck) for the tables of one round, given the earlier rounds' groups and
    /// questions. In order of importance: the tables of a round get different questions (with fewer questions than
    /// tables, each question is used as evenly as possible); a table number does not get a question it had before;
    /// nobody at a table has discussed the question before; a question not used yet comes before one that was; the
    /// seed decides the rest. With at least tables + rounds − 1 questions the first two always hold, and with
    /// tables × rounds questions no question is asked twice in a session.
    /// </summary>
    public static List<int> AssignRound(
        int deckSize,
        IReadOnlyList<IReadOnlyList<string>> groups,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> earlierGroups,
        IReadOnlyList<IReadOnlyList<int>> earlierQuestions,
        int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deckSize, 1);
        var heardBy = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var byTable = new Dictionary<int, HashSet<int>>();
        var used = new int[deckSize];
        for (var r = 0; r < Math.Min(earlierGroups.Count, earlierQuestions.Count); r++)
        {
            for (var t = 0; t < Math.Min(earlierGroups[r].Count, earlierQuestions[r].Count); t++)
            {
                var q = earlierQuestions[r][t];
                if (q < 0 || q >= deckSize)
                {
                    continue;
                }

                used[q]++;
                (byTable.TryGetValue(t, out var had) ? had : byTable[t] = []).Add(q);
                foreach (var person in earlierGroups[r][t])
                {
                    (heardBy.TryGetValue(person, out var heard) ? heard : heardBy[person] = []).Add(q);
                }
            }
        }

        // A seeded order of the deck, so two sessions with the same deck do not open with the same questions.
        var rotation = (int)(((long)seed & 0x7fffffff) % deckSize);
        var thisRound = new int[deckSize];
        var assigned = new List<int>(groups.Count);
        for (var t = 0; t < groups.Count; t++)
        {
            var best = -1;
            (int, int, int, int, int) bestCost = default;
            for (var i = 0; i < deckSize; i++)
            {
                var q = (i + rotation) % deckSize;
                var cost = (
                    thisRound[q],
                    byTable.TryGetValue(t, out var had) && had.Contains(q) ? 1 : 0,
                    groups[t].Count(p => heardBy.TryGetValue(p, out var heard) && heard.Contains(q)),
                    used[q],
                    i);
                if (best < 0 || cost.CompareTo(bestCost) < 0)
                {
                    best = q;
                    bestCost = cost;
                }
            }

            thisRound[best]++;
            assigned.Add(best);
        }

        return assigned;
    }
}
