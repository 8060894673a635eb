using Azure;
using Azure.Data.Tables;
using CityDealBot.Deals;
using CityDealBot.Storage;
using Microsoft.Extensions.Options;

namespace CityDealBot.Pulse;

/// <summary>Section <c>Privacy</c>: how long pulse answers stay linked to people.</summary>
public sealed class AnswerRetentionOptions
{
    public const string Section = "Privacy";

    /// <summary>How long after a pulse closes the link between people and their answers is kept.</summary>
    public TimeSpan AnswerRetention { get; set; } = TimeSpan.FromDays(365);

    public TimeSpan RetentionSweepEvery { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// Removes people's answers of pulses that closed longer ago than the retention period. The pulse's stored
/// aggregate (<c>PulseTallies</c>) is untouched, so published results and trends stay the same.
/// </summary>
public sealed class AnswerRetention(StorageTables tables, AuditTrail audit, IOptions<AnswerRetentionOptions> options, TimeProvider time, ILogger<AnswerRetention> logger) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    private const string AnswersRemoved = "AnswersRemoved";

    /// <summary>Returns the number of answers removed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - options.Value.AnswerRetention;
        var rounds = await tables.GetAsync(PulseStore.RoundsTable, ct);
        var responses = await tables.GetAsync(PulseStore.ResponsesTable, ct);
        var removed = 0;
        await foreach (var round in rounds.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"IsFinished eq {true} and ClosesAt lt {cutoff}"), cancellationToken: ct))
        {
            if (round.GetBoolean(AnswersRemoved) == true)
            {
                continue;
            }

            var roundRemoved = 0;
            await foreach (var answer in responses.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.RowKey}"), cancellationToken: ct))
            {
                await responses.DeleteEntityAsync(answer.PartitionKey, answer.RowKey, ETag.All, ct);
                roundRemoved++;
            }

            removed += roundRemoved;
            if (roundRemoved > 0)
            {
                // Rounds are stored under their deal's key.
                await audit.RecordAsync(round.PartitionKey, AuditActions.AnswersRetired, string.Empty, [roundRemoved.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
            }

            await rounds.UpdateEntityAsync(new TableEntity(round.PartitionKey, round.RowKey) { [AnswersRemoved] = true }, ETag.All, TableUpdateMode.Merge, ct);
        }

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} pulse answer(s) past their retention", removed);
        }

        return removed;
    }
}
