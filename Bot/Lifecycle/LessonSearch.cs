using System.Globalization;
using System.Text;

namespace CityDealBot.Lifecycle;

/// <summary>
/// Dutch-aware matching for the lessons search: words are folded (lower case, no diacritics), common words dropped,
/// and reduced to a stem with a small Dutch suffix stripper (after the Snowball/Kraaij-Pohlmann rules: plural
/// -en/-s, -e, -heid, -ing/-end, -lijk/-baar, -ig, and undoubling of the final consonant), so "betrokkenheid",
/// "betrokken" and "betrokkene" meet. Words that still differ ("betrekken", "betrokken") meet through character
/// trigrams, with a lower weight than a shared stem.
/// </summary>
public static class DutchMatching
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "de", "het", "een", "en", "van", "in", "op", "te", "met", "voor", "is", "dat", "die", "dit", "niet", "zijn", "was",
        "wij", "we", "ons", "onze", "je", "jij", "u", "ze", "zij", "hun", "er", "om", "aan", "bij", "als", "of", "ook", "door",
        "naar", "dan", "maar", "nog", "wel", "geen", "tot", "uit", "over", "hoe", "wat", "wie", "waar", "heeft", "hebben",
        "the", "a", "an", "and", "of", "to", "for", "on", "with", "how", "what", "we", "our", "it", "be", "by", "at", "or",
    };

    private static readonly string[] DerivationalSuffixes = ["ing", "end", "lijk", "baar", "bar", "ig"];

    /// <summary>The stems of the meaningful words of a text, in order.</summary>
    public static IReadOnlyList<string> Stems(string text) => [.. Words(text).Where(w => !StopWords.Contains(w)).Select(Stem).Where(s => s.Length > 1)];

    /// <summary>Lower case without diacritics, split on anything that is not a letter or digit.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var folded = Fold(text);
        var word = new StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>A Dutch stem of one folded word; words of three letters or less stay as they are.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        var w = word;
        // Step 1: -heden becomes -heid; plural and inflection -en/-ene and -s/-se go.
        if (w.EndsWith("heden", StringComparison.Ordinal))
        {
            w = w[..^5] + "heid";
        }
        else if (TryStrip(ref w, "ene") || TryStrip(ref w, "en"))
        {
            w = Undouble(w);
        }
        else if (EndsWithAfterConsonant(w, "se") || EndsWithAfterConsonant(w, "s"))
        {
            w = w.EndsWith("se", StringComparison.Ordinal) ? w[..^2] : w[..^1];
        }

        // Step 2: a final -e after a consonant.
        if (w.Length > 3 && w.EndsWith('e') && !IsVowel(w[^2]))
        {
            w = Undouble(w[..^1]);
        }

        // Step 3: derivational suffixes.
        if (w.Length > 6 && w.EndsWith("heid", StringComparison.Ordinal))
        {
            w = w[..^4];
            if (TryStrip(ref w, "en"))
            {
                w = Undouble(w);
            }
        }

        foreach (var suffix in DerivationalSuffixes)
        {
            if (w.Length - suffix.Length >= 3 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                w = Undouble(w[..^suffix.Length]);
                break;
            }
        }

        return w;
    }

    /// <summary>Dice coefficient of the character trigrams of two words (padded), 0 to 1.</summary>
    public static double TrigramSimilarity(string a, string b)
    {
        var x = Trigrams(a);
        var y = Trigrams(b);
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }

        return 2.0 * x.Intersect(y).Count() / (x.Count + y.Count);
    }

    private static HashSet<string> Trigrams(string word)
    {
        var padded = $" {word} ";
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            grams.Add(padded.Substring(i, 3));
        }

        return grams;
    }

    private static bool TryStrip(ref string word, string suffix)
    {
        // Only after a consonant, and not the "gem" of "gemeente"-like stems, with a stem of at least three letters.
        if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal)
            && !IsVowel(word[^(suffix.Length + 1)]) && !word[..^suffix.Length].EndsWith("gem", StringComparison.Ordinal))
        {
            word = word[..^suffix.Length];
            return true;
        }

        return false;
    }

    private static bool EndsWithAfterConsonant(string word, string suffix) =>
        word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal)
        && word[^(suffix.Length + 1)] is var before && !IsVowel(before) && before != 'j';

    private static string Undouble(string word) =>
        word.Length > 3 && (word.EndsWith("kk", StringComparison.Ordinal) || word.EndsWith("dd", StringComparison.Ordinal) || word.EndsWith("tt", StringComparison.Ordinal)
            || word.EndsWith("ll", StringComparison.Ordinal) || word.EndsWith("nn", StringComparison.Ordinal) || word.EndsWith("mm", StringComparison.Ordinal)
            || word.EndsWith("pp", StringComparison.Ordinal) || word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("rr", StringComparison.Ordinal))
            ? word[..^1]
            : word;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'è';
}

/// <summary>How well a text answers a query: each query stem scores 1 when the text has it, else its best trigram likeness (from 0.5) times 0.7.</summary>
public static class LessonRanking
{
    public const double TrigramThreshold = 0.5;
    public const double TrigramWeight = 0.7;

    /// <summary>The score of a text for the query's stems, 0 when the text misses more than half of them.</summary>
    public static double Score(IReadOnlyList<string> queryStems, IReadOnlyCollection<string> textStems)
    {
        if (queryStems.Count == 0 || textStems.Count == 0)
        {
            return 0;
        }

        var score = 0.0;
        var matched = 0;
        foreach (var stem in queryStems.Distinct())
        {
            if (textStems.Contains(stem))
            {
                score += 1;
                matched++;
                continue;
            }

            var best = textStems.Max(t => DutchMatching.TrigramSimilarity(stem, t));
            if (best >= TrigramThreshold)
            {
                score += best * TrigramWeight;
                matched++;
            }
        }

        var needed = (queryStems.Distinct().Count() + 1) / 2;
        return matched >= needed ? score : 0;
    }
}
