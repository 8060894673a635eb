using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Deals;
using CityDealBot.Storage;

namespace CityDealBot.Pulse;

/// <summary>Reads and writes pulses, their responses and the tallies of closed pulses.</summary>
public sealed class PulseStore(StorageTables tables, TimeProvider time)
{
    public const string RoundsTable = "PulseRounds";
    public const string ResponsesTable = "PulseResponses";
    public const string TalliesTable = "PulseTallies";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    // Inverted ticks make the newest round the first row of its deal's partition.
    public static string NewRoundId(DateTimeOffset opensAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - opensAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static bool IsWellFormedRoundId(string? id) =>
        id is { Length: 28 } && id[19] == '-' && id.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0
        && !id.AsSpan(20).ContainsAnyExcept(LowerHex);

    public async Task<PulseRoundRecord> CreateRoundAsync(string channelId, DateTimeOffset closesAt, string startedBy, string language, IReadOnlyList<string>? refreshUserIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var record = new PulseRoundRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = NewRoundId(now),
            DealChannelId = channelId,
            TemplateId = PulseTemplates.Default.Id,
            OpensAt = now,
            ClosesAt = closesAt,
            StartedBy = startedBy,
            Language = language,
            RefreshUserIds = refreshUserIds is null ? null : string.Join(',', refreshUserIds),
        };
        var table = await tables.GetAsync(RoundsTable, ct);
        await table.AddEntityAsync(record, ct);
        return record;
    }

    /// <summary>
    /// A deal's round of a programme round, under its deterministic id: when another instance inserted it first
    /// (409), that round is returned, so a deal never gets two rounds of one programme round.
    /// </summary>
    public async Task<PulseRoundRecord> CreateProgrammeRoundAsync(string channelId, string roundId, ProgrammeRoundRecord programmeRound, CancellationToken ct)
    {
        var record = new PulseRoundRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = roundId,
            DealChannelId = channelId,
            TemplateId = programmeRound.TemplateId,
            OpensAt = programmeRound.OpensAt,
            ClosesAt = programmeRound.ClosesAt,
            StartedBy = string.Empty,
            ProgrammeRoundId = programmeRound.RowKey,
        };
        var table = await tables.GetAsync(RoundsTable, ct);
        try
        {
            await table.AddEntityAsync(record, ct);
            return record;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await table.GetEntityAsync<PulseRoundRecord>(record.PartitionKey, roundId, cancellationToken: ct)).Value;
        }
    }

    /// <summary>
    /// A deal's follow-up round under its deterministic id: when another instance inserted it first (409), that round is
    /// returned, so a deal that ended never gets two follow-up rounds.
    /// </summary>
    public async Task<PulseRoundRecord> CreateFollowUpRoundAsync(string channelId, string roundId, DateTimeOffset closesAt, DateOnly endedOn, string dealName, string language, CancellationToken ct)
    {
        var record = new PulseRoundRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = roundId,
            DealChannelId = channelId,
            TemplateId = PulseTemplates.Default.Id,
            OpensAt = time.GetUtcNow(),
            ClosesAt = closesAt,
            StartedBy = string.Empty,
            Language = language,
            DealEndedOn = endedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DealName = dealName,
        };
        var table = await tables.GetAsync(RoundsTable, ct);
        try
        {
            await table.AddEntityAsync(record, ct);
            return record;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await table.GetEntityAsync<PulseRoundRecord>(record.PartitionKey, roundId, cancellationToken: ct)).Value;
        }
    }

    /// <summary>The follow-up rounds of every deal that ended (a scan filtered on a property only they have).</summary>
    public async Task<IReadOnlyList<PulseRoundRecord>> FollowUpRoundsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(RoundsTable, ct);
        var rounds = new List<PulseRoundRecord>();
        await foreach (var round in table.QueryAsync<PulseRoundRecord>($"{nameof(PulseRoundRecord.DealEndedOn)} ge '0'", cancellationToken: ct))
        {
            rounds.Add(round);
        }

        return rounds;
    }

    /// <summary>
    /// How long a found round is served from memory. Every answer looks its round up; what answering needs (deal,
    /// template, closing time) never changes, and the one flag that does (finished) is cleared here when this
    /// instance sets it.
    /// </summary>
    public static readonly TimeSpan RoundCacheLifetime = TimeSpan.FromSeconds(10);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Deal, string Round), (PulseRoundRecord Round, DateTimeOffset Until)> _rounds = new();

    /// <summary>A round of this deal; a round id of another deal is simply not found here.</summary>
    public async Task<PulseRoundRecord?> FindRoundAsync(string channelId, string roundId, CancellationToken ct)
    {
        if (!IsWellFormedRoundId(roundId))
        {
            return null;
        }

        var key = (DealDirectory.DealKey(channelId), roundId);
        var now = time.GetUtcNow();
        if (_rounds.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Round.Copy();
        }

        var table = await tables.GetAsync(RoundsTable, ct);
        var found = await table.GetEntityIfExistsAsync<PulseRoundRecord>(key.Item1, roundId, cancellationToken: ct);
        if (!found.HasValue)
        {
            return null;
        }

        _rounds[key] = (found.Value!.Copy(), now + RoundCacheLifetime);
        return found.Value;
    }

    public async Task<PulseRoundRecord?> LatestRoundAsync(string channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(RoundsTable, ct);
        await foreach (var round in table.QueryAsync<PulseRoundRecord>(r => r.PartitionKey == DealDirectory.DealKey(channelId), maxPerPage: 1, cancellationToken: ct))
        {
            return round;
        }

        return null;
    }

    /// <summary>Whether the deal ran a round with another template that closed before <paramref name="closesAt"/> (one partition query).</summary>
    public async Task<bool> RanOtherTemplateBeforeAsync(string channelId, string templateId, DateTimeOffset closesAt, CancellationToken ct)
    {
        var table = await tables.GetAsync(RoundsTable, ct);
        await foreach (var round in table.QueryAsync<PulseRoundRecord>(
            r => r.PartitionKey == DealDirectory.DealKey(channelId) && r.ClosesAt < closesAt, select: [nameof(PulseRoundRecord.TemplateId), nameof(PulseRoundRecord.ClosesAt)], cancellationToken: ct))
        {
            if (round.TemplateId != templateId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rounds whose results were not posted yet, over all deals (a scan: a few per deal, hundreds of deals).</summary>
    public async Task<IReadOnlyList<PulseRoundRecord>> UnfinishedRoundsAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(RoundsTable, ct);
        var rounds = new List<PulseRoundRecord>();
        await foreach (var round in table.QueryAsync<PulseRoundRecord>(r => r.IsFinished == false, cancellationToken: ct))
        {
            rounds.Add(round);
        }

        return rounds;
    }

    public async Task MarkFinishedAsync(PulseRoundRecord round, CancellationToken ct)
    {
        var table = await tables.GetAsync(RoundsTable, ct);
        _rounds.TryRemove((round.PartitionKey, round.RowKey), out _);
        round.IsFinished = true;
        await table.UpdateEntityAsync(round, ETag.All, TableUpdateMode.Merge, ct);
    }

    /// <summary>Stores a person's answers; a second submit replaces the first (one response per person per pulse).</summary>
    public async Task SaveResponseAsync(PulseRoundRecord round, string personKey, PulseAnswerSet answers, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var responses = await tables.GetAsync(ResponsesTable, ct);
        var rowKey = TableKey.Encode(personKey);
        var record = new PulseResponseRecord
        {
            PartitionKey = round.RowKey,
            RowKey = rowKey,
            DealChannelId = round.DealChannelId,
            Scores = JsonSerializer.Serialize(answers.Scores),
            Choices = JsonSerializer.Serialize(answers.Choices),
            Remark = answers.Remark,
            FirstSubmittedAt = now,
            LastSubmittedAt = now,
            Submissions = 1,
        };

        try
        {
            // Most people answer once: one insert. A changed answer (409) keeps the first submission time.
            await responses.AddEntityAsync(record, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await responses.GetEntityIfExistsAsync<PulseResponseRecord>(round.RowKey, rowKey, cancellationToken: ct);
            record.FirstSubmittedAt = existing.HasValue ? existing.Value!.FirstSubmittedAt : now;
            record.Submissions = (existing.HasValue ? existing.Value!.Submissions : 0) + 1;
            // Last submit wins: the same person pressing twice at once stores one of their two answers.
            await responses.UpsertEntityAsync(record, TableUpdateMode.Replace, ct);
        }
    }

    public async Task<PulseAnswerSet?> FindAnswersAsync(string roundId, string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(ResponsesTable, ct);
        var found = await table.GetEntityIfExistsAsync<PulseResponseRecord>(roundId, TableKey.Encode(personKey), cancellationToken: ct);
        return found.HasValue ? ToAnswers(found.Value!) : null;
    }

    /// <summary>All responses of a round, keyed by the stored person key.</summary>
    public async Task<IReadOnlyList<PulseResponse>> ResponsesAsync(string roundId, CancellationToken ct)
    {
        var table = await tables.GetAsync(ResponsesTable, ct);
        var responses = new List<PulseResponse>();
        await foreach (var record in table.QueryAsync<PulseResponseRecord>(r => r.PartitionKey == roundId, cancellationToken: ct))
        {
            responses.Add(new PulseResponse(TableKey.Decode(record.RowKey), ToAnswers(record)));
        }

        return responses;
    }

    public async Task SaveTallyAsync(string templateId, PulseRoundTally tally, CancellationToken ct)
    {
        var table = await tables.GetAsync(TalliesTable, ct);
        await table.UpsertEntityAsync(new PulseTallyRecord
        {
            PartitionKey = TableKey.Encode(templateId),
            RowKey = TallyRow(tally.DealId, tally.RoundId),
            DealChannelId = tally.DealId,
            RoundId = tally.RoundId,
            ClosesAt = tally.ClosesAt,
            RespondentCount = tally.RespondentCount,
            IsFollowUp = tally.IsFollowUp,
            Indicators = JsonSerializer.Serialize(tally.Indicators.Values),
            Choices = JsonSerializer.Serialize(tally.Choices.Values),
        }, TableUpdateMode.Replace, ct);
    }

    /// <summary>Stored tallies of closed rounds of one template, over all deals (remarks are never stored here).</summary>
    public async Task<IReadOnlyList<PulseRoundTally>> TalliesAsync(string templateId, CancellationToken ct)
    {
        var table = await tables.GetAsync(TalliesTable, ct);
        var tallies = new List<PulseRoundTally>();
        await foreach (var record in table.QueryAsync<PulseTallyRecord>(r => r.PartitionKey == TableKey.Encode(templateId), cancellationToken: ct))
        {
            var indicators = JsonSerializer.Deserialize<List<IndicatorTally>>(record.Indicators) ?? [];
            var choices = JsonSerializer.Deserialize<List<ChoiceTally>>(record.Choices) ?? [];
            tallies.Add(new PulseRoundTally(
                record.DealChannelId, record.RoundId, record.ClosesAt, record.RespondentCount,
                indicators.ToDictionary(i => i.IndicatorId, StringComparer.Ordinal),
                choices.ToDictionary(c => c.QuestionId, StringComparer.Ordinal),
                [])
            { IsFollowUp = record.IsFollowUp });
        }

        return tallies;
    }

    private static string TallyRow(string channelId, string roundId) => DealDirectory.DealKey(channelId) + "|" + roundId;

    private static PulseAnswerSet ToAnswers(PulseResponseRecord record) => new(
        JsonSerializer.Deserialize<Dictionary<string, int>>(record.Scores) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, string>>(record.Choices) ?? [],
        record.Remark);
}
