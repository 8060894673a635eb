using System.Globalization;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Operations;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Pulse;

/// <summary>
/// <c>programmaronde</c> / <c>programme round</c>: a programme administrator's overview of the latest programme round
/// per deal; <c>programmaronde start</c> [yyyy-mm-dd] opens one pulse in every active deal at once. Everyone else is
/// refused, checked with the Entra object id Teams sends.
/// </summary>
public sealed class ProgrammeRoundCommand(
    ProgrammeAdministrators administrators,
    ProgrammeRoundStore rounds,
    IServiceScopeFactory scopes,
    ProgrammeRoundOverview overview,
    DealDirectory directory,
    AuditTrail audit,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ProgrammeRoundCommand> logger) : IBotCommand
{
    private static readonly string[] StartWords = ["start", "open", "openen"];

    public CommandDefinition Definition { get; } = new("programmaronde", "programme round", "command.programme_round.description", CommandScopes.Personal, Order: 12, Menu: [new("command.programme_round.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var texts = turn.Texts;
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var starting = words.Length > 0 && StartWords.Contains(words[0], StringComparer.OrdinalIgnoreCase);
        if (!administrators.Includes(turn.User))
        {
            // Asking what it is gets an explanation; trying to open one is refused as a problem.
            var message = texts["programme.round.not_admin"];
            await turn.ReplyAsync(starting
                ? NoticeCards.Problem(turn.Language, message)
                : NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Information, texts["programme.round.title"], message)), ct);
            return;
        }

        if (words.Length == 0)
        {
            var all = await rounds.ListAsync(ct);
            var latest = all.Count == 0 ? null : all[^1];
            await turn.ReplyAsync(latest is null
                ? NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Information, texts["programme.round.title"], texts["programme.round.none"]))
                : ProgrammeRoundCards.Overview(await overview.BuildAsync(latest, turn.Language, ct)), ct);
            return;
        }

        if (!starting || words.Length > 2)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts["programme.round.usage"]), ct);
            return;
        }

        await StartAsync(turn, words.Length == 2 ? words[1] : null, ct);
    }

    private async Task StartAsync(TurnContext turn, string? dateText, CancellationToken ct)
    {
        var texts = turn.Texts;
        var now = time.GetUtcNow();
        DateTimeOffset closesAt;
        if (dateText is null)
        {
            closesAt = AmsterdamTime.ToInstant(DateOnly.FromDateTime(AmsterdamTime.LocalDateTime(now + StartPulseCommand.DefaultDuration)).ToDateTime(StartPulseCommand.CloseTime));
        }
        else if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            closesAt = AmsterdamTime.ToInstant(date.ToDateTime(StartPulseCommand.CloseTime));
        }
        else
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts.Format("pulse.error.bad_date", dateText.Length > 20 ? dateText[..20] : dateText)), ct);
            return;
        }

        if (closesAt <= now)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts.Format("pulse.error.close_in_past", dateText)), ct);
            return;
        }

        if (closesAt > now + TimeSpan.FromDays(StartPulseCommand.MaxDays))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts["pulse.error.close_too_far"]), ct);
            return;
        }

        var existing = await rounds.ListAsync(ct);
        if (existing.LastOrDefault(r => r.ClosesAt > now) is { } running)
        {
            // One programme round at a time: a repeated or retried command finds the first one running.
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts.Format("programme.round.already_open", running.RowKey, PulsePresenter.When(running.ClosesAt, turn.Language))), ct);
            return;
        }

        var round = new ProgrammeRoundRecord { OpensAt = now, ClosesAt = closesAt };
        var participants = ProgrammeRoundOpener.Participants(await directory.ListActiveDealsAsync(ct), round).Count();
        if (participants == 0)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts["programme.round.no_deals"]), ct);
            return;
        }

        var year = AmsterdamTime.LocalDateTime(now).Year;
        var opened = await rounds.TryOpenNextAsync(existing, year, now, closesAt, PulseTemplates.Default.Id, ct);
        if (opened is null)
        {
            // Another instance (or a second press) inserted this round first; that one opens the deals.
            var inserted = await rounds.ListAsync(ct);
            var first = inserted.Count == 0 ? null : inserted[^1];
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, texts.Format("programme.round.already_open", first?.RowKey ?? string.Empty, first is null ? string.Empty : PulsePresenter.When(first.ClosesAt, turn.Language))), ct);
            return;
        }

        // In the programme's part of the log, which every deal's log shows.
        await audit.RecordForProgrammeAsync(AuditActions.ProgrammeRoundOpened, turn.User.Name,
            [opened.RowKey, AmsterdamTime.LocalDateTime(closesAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], ct);
        await turn.ReplyAsync(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Success, texts["programme.round.title"],
            texts.Format("programme.round.opened", opened.RowKey, participants, PulsePresenter.When(closesAt, turn.Language)))), ct);

        // Posting in every deal outlasts the turn; the opener job resumes whatever this does not finish. The opener
        // (and the Connector behind it) is resolved only here, so building the command table needs no bot credentials.
        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<ProgrammeRoundOpener>().OpenAsync(opened, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Programme round {RoundId} could not be opened at once; the opener job tries again", opened.RowKey);
            }
        }, CancellationToken.None);
    }
}

/// <summary>The administrator's view of a programme round per deal, and its CSV.</summary>
public sealed class ProgrammeRoundOverview(
    ProgrammeRoundStore rounds, PulseStore store, PulsePresenter presenter, DealDirectory directory, DeliveryLedger ledger, SignedLinks links)
{
    /// <summary>One deal of a round: its record, the ledger state and its results as a partner would see them (null before it opened).</summary>
    public sealed record DealEntry(DealRecord Deal, DeliveryRecord? Delivery, PulseRoundRecord? Round, PulseResults? Results);

    /// <summary>A follow-up round of a deal that ended, with its results as a partner would see them.</summary>
    public sealed record FollowUpEntry(PulseRoundRecord Round, PulseResults? Results);

    /// <summary>How many follow-up rounds the card lists; the CSV has them all.</summary>
    public const int MaxFollowUpsOnCard = 10;

    /// <summary>
    /// The follow-up rounds of deals that ended, opened in the year before the programme round up to its close: the
    /// yearly overview shows what the deals that ended reported in that year, next to the running deals.
    /// </summary>
    public async Task<IReadOnlyList<FollowUpEntry>> FollowUpsAsync(ProgrammeRoundRecord round, CancellationToken ct)
    {
        var entries = new List<FollowUpEntry>();
        foreach (var followUp in (await store.FollowUpRoundsAsync(ct))
            .Where(r => r.OpensAt > round.OpensAt.AddYears(-1) && r.OpensAt <= round.ClosesAt)
            .OrderBy(r => r.DealName, StringComparer.CurrentCultureIgnoreCase))
        {
            var template = PulsePresenter.FindTemplate(followUp.TemplateId);
            entries.Add(new FollowUpEntry(followUp, template is null ? null : await presenter.ResultsAsync(followUp, template, PulseViewerRole.Partner, ct)));
        }

        return entries;
    }

    public async Task<ProgrammeRoundRecord?> FindAsync(string roundId, CancellationToken ct) =>
        (await rounds.ListAsync(ct)).FirstOrDefault(r => r.RowKey == roundId);

    public async Task<IReadOnlyList<DealEntry>> DealsAsync(ProgrammeRoundRecord round, CancellationToken ct)
    {
        var deliveries = (await ledger.ListAsync(ProgrammeRoundStore.LedgerPartition(round.RowKey), ct))
            .ToDictionary(d => TableKey.Decode(d.RowKey), StringComparer.Ordinal);
        var deals = ProgrammeRoundOpener.Participants(await directory.ListActiveDealsAsync(ct), round).ToDictionary(d => d.PartitionKey, StringComparer.Ordinal);
        // A deal that ended after its round opened is still shown with what it answered.
        foreach (var key in deliveries.Keys.Where(k => !deals.ContainsKey(k)))
        {
            if (await directory.FindDealByKeyAsync(key, ct) is { } ended)
            {
                deals[key] = ended;
            }
        }

        var entries = new List<DealEntry>();
        foreach (var deal in deals.Values.OrderBy(PulsePresenter.DealName, StringComparer.CurrentCultureIgnoreCase))
        {
            deliveries.TryGetValue(deal.PartitionKey, out var delivery);
            var pulse = await store.FindRoundAsync(deal.ChannelId, ProgrammeRoundStore.DealRoundId(round, deal.ChannelId), ct);
            var template = pulse is null ? null : PulsePresenter.FindTemplate(pulse.TemplateId);
            var results = pulse is null || template is null ? null : await presenter.ResultsAsync(pulse, template, PulseViewerRole.Partner, ct);
            entries.Add(new DealEntry(deal, delivery, pulse, results));
        }

        return entries;
    }

    public async Task<ProgrammeRoundCardView> BuildAsync(ProgrammeRoundRecord round, Language language, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var entries = await DealsAsync(round, ct);
        var views = entries.Take(ProgrammeRoundCards.MaxDealsOnCard).Select(e => DealView(texts, language, PulsePresenter.DealName(e.Deal), State(texts, e), e.Results)).ToList();
        var followUps = await FollowUpsAsync(round, ct);
        var followUpViews = followUps.Take(MaxFollowUpsOnCard)
            .Select(f => DealView(texts, language, f.Round.DealName ?? string.Empty, FollowUpState(texts, f.Round, language), f.Results))
            .ToList();

        var (url, expires) = links.Issue(PulseLinks.ProgrammeExportRoute, PulseLinks.ProgrammeExportScope, round.RowKey, language.Code());
        return new ProgrammeRoundCardView(
            language,
            round.RowKey,
            texts.Format("programme.overview.status", PulsePresenter.When(round.OpensAt, language), PulsePresenter.When(round.ClosesAt, language), entries.Count),
            views,
            entries.Count > ProgrammeRoundCards.MaxDealsOnCard ? texts.Format("programme.overview.more", entries.Count - ProgrammeRoundCards.MaxDealsOnCard) : null,
            url,
            PulsePresenter.When(expires, language),
            followUpViews,
            followUps.Count > MaxFollowUpsOnCard ? texts.Format("programme.overview.followups_more", followUps.Count - MaxFollowUpsOnCard) : null);
    }

    /// <summary>One deal's line: respondents, what is withheld and why, and the change since its baseline.</summary>
    private static ProgrammeRoundDealView DealView(Texts texts, Language language, string dealName, string state, PulseResults? results)
    {
        var withheld = new List<string>();
        string? sinceBaseline = null;
        if (results is not null)
        {
            if (results.Withholding is { } whole)
            {
                withheld.Add(whole.Explanation.In(language));
            }
            else
            {
                withheld.AddRange(results.Indicators.Where(i => !i.DealMean.IsShown)
                    .Select(i => i.Indicator.Name.In(language) + ": " + i.DealMean.Withholding!.Explanation.In(language)));
                sinceBaseline = SinceBaseline(texts, results, language);
            }
        }

        return new ProgrammeRoundDealView(
            dealName,
            state,
            results is null ? null : texts.Format("pulse.results.respondents", results.RespondentCount, results.RespondentThreshold),
            withheld,
            sinceBaseline);
    }

    /// <summary>A follow-up round's state: when the deal ended, and until when the round runs or when it closed.</summary>
    private static string FollowUpState(Texts texts, PulseRoundRecord round, Language language) =>
        texts.Format(round.IsFinished ? "programme.followup.closed" : "programme.followup.open", PulsePresenter.EndedOn(round, language), PulsePresenter.When(round.ClosesAt, language));

    public async Task<byte[]> CsvAsync(ProgrammeRoundRecord round, CancellationToken ct)
    {
        var texts = Texts.For(Language.Dutch);
        var entries = await DealsAsync(round, ct);
        var followUps = await FollowUpsAsync(round, ct);
        return PulseResultsCsv.ExportProgramme(entries.Select(e => (PulsePresenter.DealName(e.Deal), State(texts, e), e.Results))
            .Concat(followUps.Select(f => (f.Round.DealName ?? string.Empty, FollowUpState(texts, f.Round, Language.Dutch), f.Results))));
    }

    private static string State(Texts texts, DealEntry entry) => entry.Delivery?.State switch
    {
        DeliveryStates.Sent => texts["programme.deal.opened"],
        DeliveryStates.Queued => texts["programme.deal.queued"],
        DeliveryStates.Skipped when entry.Delivery.LastError == ProgrammeRoundOpener.SkippedPulseRunning => texts["programme.deal.skipped_running"],
        DeliveryStates.Failed => texts["programme.deal.failed"],
        _ when !entry.Deal.IsActive => texts["programme.deal.ended"],
        _ => texts["programme.deal.pending"],
    };

    /// <summary>"Since the baseline" per indicator shown, or that this round is the deal's baseline.</summary>
    private static string SinceBaseline(Texts texts, PulseResults results, Language language)
    {
        if (results.Baseline is null)
        {
            return texts["programme.deal.is_baseline"];
        }

        var changes = results.Indicators.Where(i => i.SinceBaseline.IsShown)
            .Select(i => i.Indicator.Name.In(language) + " " + PulseNumbers.Delta(i.SinceBaseline.Value!.Delta, language))
            .ToList();
        var date = AmsterdamTime.LocalDateTime(results.Baseline.ClosesAt).ToString("d MMMM yyyy", language.Culture());
        return changes.Count == 0
            ? texts.Format("programme.deal.baseline_withheld", date)
            : texts.Format("programme.deal.since_baseline", date, string.Join(" · ", changes));
    }
}
