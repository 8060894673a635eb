using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Storage;

namespace CityDealBot.Lifecycle;

/// <summary>The themes of a lesson, after the four parts of the Lessenposter of Een Slimme Stad (seed 004).</summary>
public static class LessonThemes
{
    public const string Occasion = "aanleiding";
    public const string Process = "proces";
    public const string Result = "resultaat";
    public const string Safeguarding = "borging";

    public static readonly string[] All = [Occasion, Process, Result, Safeguarding];
}

/// <summary>
/// One lesson. Table <c>Lessons</c>: PartitionKey = deal key, RowKey = inverted ticks and a random suffix (newest
/// first). The deal's name and kind are copied in, so a lesson outlives its deal and its people; on <c>vergeet mij</c>
/// the author's key and name are replaced and the lesson stays.
/// </summary>
public sealed class LessonRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DealName { get; set; } = string.Empty;

    public string DealKind { get; set; } = nameof(Lifecycle.DealKind.CityDeal);

    public string What { get; set; } = string.Empty;

    public string Learned { get; set; } = string.Empty;

    public string Theme { get; set; } = LessonThemes.Process;

    /// <summary>Public lessons are found from every deal; internal ones only within their own deal.</summary>
    public bool IsPublic { get; set; }

    /// <summary>"This did not work": failures teach as well (seed 001, "'Mislukken' levert ook lessen op").</summary>
    public bool DidNotWork { get; set; }

    public string AuthorKey { get; set; } = string.Empty;

    public string AuthorName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A lesson found by a search, with its score.</summary>
public sealed record LessonHit(LessonRecord Lesson, double Score);

public sealed class LessonStore(StorageTables tables, TimeProvider time)
{
    public const string Table = "Lessons";

    public const int MaxTextLength = 1000;

    public async Task<LessonRecord> AddAsync(LessonRecord lesson, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var now = time.GetUtcNow();
        lesson.RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        lesson.CreatedAt = now;
        await table.AddEntityAsync(lesson, ct);
        return lesson;
    }

    public async Task<IReadOnlyList<LessonRecord>> ListForDealAsync(string dealKey, int max, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var lessons = new List<LessonRecord>();
        await foreach (var lesson in table.QueryAsync<LessonRecord>(l => l.PartitionKey == dealKey, maxPerPage: max, cancellationToken: ct))
        {
            lessons.Add(lesson);
            if (lessons.Count >= max)
            {
                break;
            }
        }

        return lessons;
    }

    /// <summary>
    /// Lessons matching the query, best first: public lessons of every deal and internal lessons of
    /// <paramref name="ownDealKeys"/> only (one scan; the programme has hundreds of lessons, not millions).
    /// </summary>
    public async Task<IReadOnlyList<LessonHit>> SearchAsync(string query, IReadOnlySet<string> ownDealKeys, int max, CancellationToken ct)
    {
        var stems = DutchMatching.Stems(query);
        if (stems.Count == 0)
        {
            return [];
        }

        var table = await tables.GetAsync(Table, ct);
        var hits = new List<LessonHit>();
        await foreach (var lesson in table.QueryAsync<LessonRecord>(cancellationToken: ct))
        {
            if (!lesson.IsPublic && !ownDealKeys.Contains(lesson.PartitionKey))
            {
                continue;
            }

            var textStems = DutchMatching.Stems($"{lesson.What} {lesson.Learned} {lesson.Theme}").ToHashSet(StringComparer.Ordinal);
            var score = LessonRanking.Score(stems, textStems);
            if (score > 0)
            {
                hits.Add(new LessonHit(lesson, score));
            }
        }

        return [.. hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Lesson.CreatedAt).Take(max)];
    }
}
