using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Storage;

namespace CityDealBot.Pulse;

/// <summary>
/// A programme-wide round: one pulse in every active deal at once, the rhythm of the yearly Impact Maak- en
/// Meettool. Table <c>ProgrammeRounds</c>: PartitionKey = <c>programme</c>, RowKey = "{year}-{sequence}" (e.g.
/// <c>2026-01</c>). Inserted once: two instances opening the same next round both try the same key and one gets
/// 409. Holds no person's id (who opened it is in the deals' pulse rounds and the log).
/// </summary>
public sealed class ProgrammeRoundRecord : ITableEntity
{
    public const string Partition = "programme";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset OpensAt { get; set; }

    public DateTimeOffset ClosesAt { get; set; }

    public string TemplateId { get; set; } = string.Empty;

    /// <summary>Set once every deal's round was opened, skipped or handed to the outbox; until then the opener job resumes it.</summary>
    public bool IsOpened { get; set; }
}

/// <summary>Reads and writes programme rounds, and knows the deterministic id of each deal's round in one.</summary>
public sealed class ProgrammeRoundStore(StorageTables tables)
{
    public const string Table = "ProgrammeRounds";

    /// <summary>The delivery-ledger partition in which each deal's round of a programme round is claimed.</summary>
    public static string LedgerPartition(string programmeRoundId) => "programme-round:" + programmeRoundId;

    /// <summary>
    /// The id of a deal's pulse round within a programme round: the same on every instance and after a restart, so
    /// inserting it twice is a 409, never a second round. Shaped like every round id (inverted ticks, 8 hex digits).
    /// </summary>
    public static string DealRoundId(ProgrammeRoundRecord round, string channelId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(round.RowKey + "|" + DealDirectory.DealKey(channelId)));
        return PulseStore.NewRoundId(round.OpensAt)[..20] + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    public async Task<IReadOnlyList<ProgrammeRoundRecord>> ListAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var rounds = new List<ProgrammeRoundRecord>();
        await foreach (var round in table.QueryAsync<ProgrammeRoundRecord>(r => r.PartitionKey == ProgrammeRoundRecord.Partition, cancellationToken: ct))
        {
            rounds.Add(round);
        }

        return [.. rounds.OrderBy(r => r.RowKey, StringComparer.Ordinal)];
    }

    /// <summary>Inserts the next round of the year; null when another instance or request inserted that one first.</summary>
    public async Task<ProgrammeRoundRecord?> TryOpenNextAsync(IReadOnlyList<ProgrammeRoundRecord> existing, int year, DateTimeOffset opensAt, DateTimeOffset closesAt, string templateId, CancellationToken ct)
    {
        var yearPrefix = year.ToString("D4", CultureInfo.InvariantCulture) + "-";
        var sequence = existing.Count(r => r.RowKey.StartsWith(yearPrefix, StringComparison.Ordinal)) + 1;
        var record = new ProgrammeRoundRecord
        {
            RowKey = yearPrefix + sequence.ToString("D2", CultureInfo.InvariantCulture),
            OpensAt = opensAt,
            ClosesAt = closesAt,
            TemplateId = templateId,
        };
        var table = await tables.GetAsync(Table, ct);
        try
        {
            await table.AddEntityAsync(record, ct);
            return record;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task MarkOpenedAsync(ProgrammeRoundRecord round, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        round.IsOpened = true;
        await table.UpdateEntityAsync(round, ETag.All, TableUpdateMode.Merge, ct);
    }
}

/// <summary>
/// Opens the deals' rounds of a programme round: each active deal channel (never the CoP or programme channel, never
/// an inactive deal) is claimed in the delivery ledger, gets a round with its deterministic id, and the pulse card
/// is posted there. Runs right after the command and as a periodic job, on every instance, so a crash or a refused
/// post is picked up again; the claims and insert-once ids make it happen once per deal.
/// </summary>
public sealed class ProgrammeRoundOpener(
    ProgrammeRoundStore rounds,
    PulseStore store,
    PulsePresenter presenter,
    DealDirectory directory,
    DeliveryLedger ledger,
    ProactiveOutbox outbox,
    TimeProvider time,
    ILogger<ProgrammeRoundOpener> logger) : Operations.IPeriodicJob
{
    /// <summary>Why a deal was skipped, as kept in the ledger; the overview explains it in the reader's language.</summary>
    public const string SkippedPulseRunning = "pulse-running";

    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Resumes every programme round that is not fully opened yet; returns how many deal rounds it opened.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var opened = 0;
        foreach (var round in await rounds.ListAsync(ct))
        {
            if (!round.IsOpened && round.ClosesAt > time.GetUtcNow())
            {
                opened += await OpenAsync(round, ct);
            }
        }

        return opened;
    }

    /// <summary>The deals a programme round is for: active deal channels registered before it opened.</summary>
    public static IEnumerable<DealRecord> Participants(IEnumerable<DealRecord> deals, ProgrammeRoundRecord round) =>
        deals.Where(d => d.IsActive && d.IsDeal && d.InstalledAt <= round.OpensAt);

    public async Task<int> OpenAsync(ProgrammeRoundRecord round, CancellationToken ct)
    {
        var opened = 0;
        var complete = true;
        foreach (var deal in Participants(await directory.ListActiveDealsAsync(ct), round))
        {
            try
            {
                switch (await OpenInDealAsync(round, deal, ct))
                {
                    case true:
                        opened++;
                        break;
                    case null:
                        complete = false;
                        break;
                }
            }
            catch (Exception e) when (e is RequestFailedException or Connector.ConnectorException or HttpRequestException)
            {
                logger.LogError(e, "Programme round {RoundId}: the round in deal {DealKey} could not be opened; the next run tries again", round.RowKey, deal.PartitionKey);
                complete = false;
            }
        }

        if (complete)
        {
            await rounds.MarkOpenedAsync(round, ct);
        }

        return opened;
    }

    /// <summary>True when this call opened it, false when it was done or skipped already, null when it must be tried again.</summary>
    private async Task<bool?> OpenInDealAsync(ProgrammeRoundRecord round, DealRecord deal, CancellationToken ct)
    {
        var partition = ProgrammeRoundStore.LedgerPartition(round.RowKey);
        var claim = await ledger.TryClaimAsync(partition, deal.PartitionKey, Holder, ct);
        if (claim is null)
        {
            // Done, skipped or being opened by another instance (whose lease runs out if it died).
            return (await ledger.FindAsync(partition, deal.PartitionKey, ct))?.State == DeliveryStates.Claimed ? null : false;
        }

        var roundId = ProgrammeRoundStore.DealRoundId(round, deal.ChannelId);
        var existing = await store.FindRoundAsync(deal.ChannelId, roundId, ct);
        if (existing is null && await store.LatestRoundAsync(deal.ChannelId, ct) is { } running && running.ToRound().IsOpenAt(time.GetUtcNow()))
        {
            // One pulse per deal at a time: the deal's own round runs on; the overview says so.
            await ledger.MarkSkippedAsync(claim, SkippedPulseRunning, ct);
            return false;
        }

        var record = existing ?? await store.CreateProgrammeRoundAsync(deal.ChannelId, roundId, round, ct);
        var template = PulsePresenter.FindTemplate(record.TemplateId)!;
        var language = Languages.FromLocale(deal.Language);
        var card = PulseCards.Pulse(presenter.Form(language, record, template, answers: null, hasAnswered: false));
        return await outbox.DeliverInChannelAsync(claim, deal, card, ct) == DeliveryOutcome.Released ? null : true;
    }
}
