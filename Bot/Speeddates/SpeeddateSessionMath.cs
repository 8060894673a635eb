using System.Globalization;
using CityDealBot.Deals;
using CityDealBot.Organisations;

using CityDealBot.Cards.Localization;

namespace CityDealBot.Speeddates;

/// <summary>Pure pieces of running a session: questions, chat links, pairs and the organiser's metrics.</summary>
public static class SpeeddateSessionMath
{
    public const int MinRounds = SpeeddateBlockLimits.MinRounds;
    public const int MaxRounds = SpeeddateBlockLimits.MaxRounds;
    public const int MinMinutes = SpeeddateBlockLimits.MinMinutes;
    public const int MaxMinutes = SpeeddateBlockLimits.MaxMinutes;
    public const int DefaultRounds = SpeeddateBlockLimits.DefaultRounds;
    public const int DefaultMinutes = SpeeddateBlockLimits.DefaultMinutes;

    /// <summary>Pairs: one trio when the number is odd.</summary>
    public const int PairGroups = SpeeddateBlockLimits.PairGroups;

    /// <summary>Trios: groups of 3, with one or two pairs when the number is not a multiple of three; never four.</summary>
    public const int TrioGroups = SpeeddateBlockLimits.TrioGroups;

    /// <summary>The group size a command word asks for (Dutch or English), or null when the word names none.</summary>
    public static int? GroupSizeWord(string word) => word.ToLowerInvariant() switch
    {
        "trio" or "trios" or "drietal" or "drietallen" => TrioGroups,
        "duo" or "duos" or "pair" or "pairs" or "paren" or "tweetal" or "tweetallen" => PairGroups,
        _ => null,
    };

    /// <summary>A stored or submitted group size as one the planner knows: trios, or else pairs.</summary>
    public static int NormaliseGroupSize(int size) => size == TrioGroups ? TrioGroups : PairGroups;

    /// <summary>
    /// Most participants per session: keeps the stored plan well inside Table Storage's 32K-character property
    /// limit (100 people × 6 rounds × ~40-character keys) and the number of personal messages per round sane.
    /// </summary>
    public const int MaxParticipants = 100;

    /// <summary>Parses "[rounds] [minutes]"; null when the arguments are not two small numbers in range.</summary>
    public static (int Rounds, int Minutes)? ParseArguments(string arguments)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 2)
        {
            return null;
        }

        var rounds = DefaultRounds;
        var minutes = DefaultMinutes;
        if (parts.Length > 0 && !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out rounds))
        {
            return null;
        }

        if (parts.Length > 1 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
        {
            return null;
        }

        return rounds is >= MinRounds and <= MaxRounds && minutes is >= MinMinutes and <= MaxMinutes ? (rounds, minutes) : null;
    }

    /// <summary>
    /// 1-based question number for a table in a round. Tables of one round get different questions (up to the
    /// deck size) and a table number gets another question each round.
    /// </summary>
    public static int QuestionFor(int seed, int round, int table) =>
        (int)((((long)seed & 0x7fffffff) + (round - 1) * 5L + (table - 1)) % ConversationQuestions.Count) + 1;

    /// <summary>
    /// A Teams deep link that opens a group chat with exactly these people (Teams deep link format
    /// <c>/l/chat/0/0?users=…&amp;topicName=…</c>); null when anyone's address is unknown.
    /// </summary>
    public static string? GroupChatLink(IReadOnlyList<string?> addresses, string topic)
    {
        if (addresses.Count < 2 || addresses.Any(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        var users = string.Join(',', addresses.Select(a => Uri.EscapeDataString(a!.Trim())));
        return $"https://teams.microsoft.com/l/chat/0/0?users={users}&topicName={Uri.EscapeDataString(topic)}";
    }

    /// <summary>Every within-group pair of the rounds held, with how often it met (ordinal order inside the pair).</summary>
    public static Dictionary<(string A, string B), int> Pairs(IEnumerable<IReadOnlyList<IReadOnlyList<string>>> rounds)
    {
        var pairs = new Dictionary<(string, string), int>();
        foreach (var round in rounds)
        {
            foreach (var group in round)
            {
                for (var i = 0; i < group.Count; i++)
                {
                    for (var j = i + 1; j < group.Count; j++)
                    {
                        var key = Ordered(group[i], group[j]);
                        pairs[key] = pairs.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        return pairs;
    }

    /// <summary>For each person, the distinct people they met that they had never met before this session.</summary>
    public static Dictionary<string, int> NewContacts(
        IReadOnlyDictionary<(string A, string B), int> pairs,
        IEnumerable<string> people,
        IReadOnlySet<(string A, string B)> metBefore)
    {
        var counts = people.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        foreach (var (a, b) in pairs.Keys)
        {
            if (metBefore.Contains((a, b)))
            {
                continue;
            }

            counts[a] = counts.GetValueOrDefault(a) + 1;
            counts[b] = counts.GetValueOrDefault(b) + 1;
        }

        return counts;
    }

    /// <summary>Share of distinct pairs whose two people differ in the given attribute (1.0 when there are no pairs).</summary>
    public static double CrossShare(IEnumerable<(string A, string B)> pairs, Func<string, string> attribute)
    {
        var list = pairs.ToList();
        return list.Count == 0
            ? 1.0
            : (double)list.Count(p => !string.Equals(attribute(p.A), attribute(p.B), StringComparison.OrdinalIgnoreCase)) / list.Count;
    }

    public static (string A, string B) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    /// <summary>Names of the organisation types on the card, from the Pulse feature's list of partner kinds.</summary>
    public static IReadOnlyList<OrganisationType> OrganisationTypes { get; } = Enum.GetValues<OrganisationType>();

    public static bool IsOrganisationType(string value) => Enum.TryParse<OrganisationType>(value, ignoreCase: false, out var type)
        && Enum.IsDefined(type) && type.ToString() == value;
}
