using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Operations;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Lifecycle;

/// <summary>
/// A programme administrator's request for input (e.g. good examples for the letter to Parliament). Table
/// <c>ProgrammeRequests</c>: PartitionKey "programme", RowKey the request id (time-ordered). No person's data: who
/// asked is in the programme's audit log.
/// </summary>
public sealed class ProgrammeRequestRecord : ITableEntity
{
    public const string Partition = "programme";

    /// <summary>Deals = this value: every active deal when the request was sent.</summary>
    public const string AllDeals = "*";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Question { get; set; } = string.Empty;

    /// <summary>yyyy-MM-dd; answers are asked for by the end of this day.</summary>
    public string Deadline { get; set; } = string.Empty;

    /// <summary>Comma-separated deal keys the request went to (resolved when sent, so later deals are not asked).</summary>
    public string DealKeys { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public DateOnly DeadlineDate => DateOnly.ParseExact(Deadline, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [System.Runtime.Serialization.IgnoreDataMember]
    public IReadOnlyList<string> Deals => DealKeys.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A deal's answer. Table <c>ProgrammeRequestAnswers</c>: PartitionKey the request id, RowKey the deal key: all answers
/// of a request = one partition query; a deal answers once (a later answer replaces it).
/// </summary>
public sealed class ProgrammeRequestAnswerRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DealName { get; set; } = string.Empty;

    public string Answer { get; set; } = string.Empty;

    public string AnsweredByKey { get; set; } = string.Empty;

    public string AnsweredByName { get; set; } = string.Empty;

    public DateTimeOffset AnsweredAt { get; set; }
}

public sealed class ProgrammeRequestStore(StorageTables tables, TimeProvider time)
{
    public const string RequestsTable = "ProgrammeRequests";
    public const string AnswersTable = "ProgrammeRequestAnswers";

    public async Task<ProgrammeRequestRecord> AddAsync(string question, DateOnly deadline, IReadOnlyList<string> dealKeys, CancellationToken ct)
    {
        var table = await tables.GetAsync(RequestsTable, ct);
        var now = time.GetUtcNow();
        var request = new ProgrammeRequestRecord
        {
            RowKey = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)),
            Question = question,
            Deadline = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DealKeys = string.Join(',', dealKeys),
            CreatedAt = now,
        };
        await table.AddEntityAsync(request, ct);
        return request;
    }

    public async Task<ProgrammeRequestRecord?> FindAsync(string requestId, CancellationToken ct)
    {
        var table = await tables.GetAsync(RequestsTable, ct);
        var found = await table.GetEntityIfExistsAsync<ProgrammeRequestRecord>(ProgrammeRequestRecord.Partition, TableKey.Encode(requestId), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Every request, newest first (one small partition).</summary>
    public async Task<IReadOnlyList<ProgrammeRequestRecord>> ListAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(RequestsTable, ct);
        var requests = new List<ProgrammeRequestRecord>();
        await foreach (var request in table.QueryAsync<ProgrammeRequestRecord>(r => r.PartitionKey == ProgrammeRequestRecord.Partition, cancellationToken: ct))
        {
            requests.Add(request);
        }

        return [.. requests.OrderByDescending(r => r.RowKey, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ProgrammeRequestAnswerRecord>> AnswersAsync(string requestId, CancellationToken ct)
    {
        var table = await tables.GetAsync(AnswersTable, ct);
        var answers = new List<ProgrammeRequestAnswerRecord>();
        var partition = TableKey.Encode(requestId);
        await foreach (var answer in table.QueryAsync<ProgrammeRequestAnswerRecord>(a => a.PartitionKey == partition, cancellationToken: ct))
        {
            answers.Add(answer);
        }

        return answers;
    }

    public async Task<ProgrammeRequestAnswerRecord?> FindAnswerAsync(string requestId, string dealKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(AnswersTable, ct);
        var found = await table.GetEntityIfExistsAsync<ProgrammeRequestAnswerRecord>(TableKey.Encode(requestId), dealKey, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task SaveAnswerAsync(ProgrammeRequestAnswerRecord answer, CancellationToken ct)
    {
        var table = await tables.GetAsync(AnswersTable, ct);
        answer.AnsweredAt = time.GetUtcNow();
        await table.UpsertEntityAsync(answer, TableUpdateMode.Replace, ct);
    }
}

/// <summary>When a deal that has not answered is reminded: a week and a day before the deadline (at most two), on working days.</summary>
public static class ProgrammeRequestSchedule
{
    public static readonly int[] DaysBefore = [7, 1];

    /// <summary>The reminder days (number 1 and 2) after the day the request was sent; a date that falls on a weekend or holiday moves to the working day before.</summary>
    public static IReadOnlyList<(int Number, DateOnly Date)> Reminders(DateOnly sentOn, DateOnly deadline)
    {
        var reminders = new List<(int, DateOnly)>();
        foreach (var days in DaysBefore)
        {
            var date = deadline.AddDays(-days);
            while (!DutchWorkingDays.IsWorkingDay(date))
            {
                date = date.AddDays(-1);
            }

            if (date > sentOn && !reminders.Any(r => r.Item2 == date))
            {
                reminders.Add((reminders.Count + 1, date));
            }
        }

        return reminders;
    }
}

/// <summary>Posts a request in its deals' channels and reminds the deals that have not answered, each once (delivery ledger).</summary>
public sealed class ProgrammeRequestDelivery(
    ProgrammeRequestStore store,
    DealDirectory directory,
    DeliveryLedger ledger,
    ProactiveOutbox outbox,
    TimeProvider time) : IPeriodicJob
{
    public string InstanceId { get; } = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    public static string Partition(string requestId) => "programme-request:" + requestId;

    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Posts what is not posted yet and sends the reminders that are due; returns the number of cards sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = AmsterdamTime.LocalDate(now);
        var sent = 0;
        foreach (var request in await store.ListAsync(ct))
        {
            if (request.DeadlineDate < today)
            {
                continue;
            }

            sent += await PostAsync(request, ct);
            if (!LifecycleSchedule.IsSendingTime(now))
            {
                continue;
            }

            var due = ProgrammeRequestSchedule.Reminders(AmsterdamTime.LocalDate(request.CreatedAt), request.DeadlineDate).Where(r => r.Date <= today).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            var answered = (await store.AnswersAsync(request.RowKey, ct)).Select(a => a.RowKey).ToHashSet(StringComparer.Ordinal);
            foreach (var dealKey in request.Deals.Where(d => !answered.Contains(d)))
            {
                sent += await RemindAsync(request, dealKey, due[^1].Number, ct);
            }
        }

        return sent;
    }

    /// <summary>The request's card in every deal's channel it went to, once per deal.</summary>
    public async Task<int> PostAsync(ProgrammeRequestRecord request, CancellationToken ct)
    {
        var sent = 0;
        foreach (var dealKey in request.Deals)
        {
            if (await directory.FindDealByKeyAsync(dealKey, ct) is not { IsActive: true } deal)
            {
                continue;
            }

            var claim = await ledger.TryClaimAsync(Partition(request.RowKey), "post|" + dealKey, InstanceId, ct);
            if (claim is null)
            {
                continue;
            }

            var card = ProgrammeRequestCards.Request(ProgrammeRequestViews.Card(request, deal, null, Languages.FromLocale(deal.Language), null, isReminder: false));
            if (await outbox.DeliverInChannelAsync(claim, deal, card, ct) == DeliveryOutcome.Sent)
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<int> RemindAsync(ProgrammeRequestRecord request, string dealKey, int number, CancellationToken ct)
    {
        if (await directory.FindDealByKeyAsync(dealKey, ct) is not { IsActive: true } deal)
        {
            return 0;
        }

        var sent = 0;
        foreach (var member in (await directory.ListMembersAsync(deal.ChannelId, ct)).Where(m => m.Role is DealRoles.Dealmaker or DealRoles.ProjectManager))
        {
            var personKey = TableKey.Decode(member.RowKey);
            var claim = await ledger.TryClaimAsync(Partition(request.RowKey), $"reminder{number}|{dealKey}|{personKey}", InstanceId, ct);
            if (claim is null)
            {
                continue;
            }

            if (await directory.FindPersonAsync(deal.TenantId ?? "unknown", personKey, ct) is not { ServiceUrl: { Length: > 0 } } person)
            {
                await ledger.MarkSkippedAsync(claim, "no address", ct);
                continue;
            }

            var card = ProgrammeRequestCards.Request(ProgrammeRequestViews.Card(request, deal, null, Languages.FromLocale(person.Locale ?? deal.Language), null, isReminder: true));
            if (await outbox.DeliverToPersonAsync(claim, person, card, ct) == DeliveryOutcome.Sent)
            {
                sent++;
            }
        }

        return sent;
    }
}

public static class ProgrammeRequestViews
{
    public static ProgrammeRequestCardView Card(ProgrammeRequestRecord request, DealRecord deal, ProgrammeRequestAnswerRecord? answer, Language language, string? note, bool isReminder) => new(
        language,
        request.RowKey,
        deal.TeamName ?? deal.ChannelName ?? deal.ChannelId,
        request.Question,
        LifecycleTexts.Date(request.DeadlineDate, language),
        answer?.Answer,
        answer is null ? null : $"{(answer.AnsweredByName.Length > 0 ? answer.AnsweredByName : Texts.For(language)["lifecycle.lesson.anonymous"])}, {AmsterdamTime.Display(answer.AnsweredAt, language)}",
        note,
        isReminder);

    /// <summary>All answers as CSV (semicolon-separated, UTF-8 with BOM, for Dutch Excel): every deal asked, answered or not.</summary>
    public static byte[] Csv(ProgrammeRequestRecord request, IReadOnlyList<ProgrammeRequestAnswerRecord> answers, IReadOnlyDictionary<string, string> dealNames)
    {
        var csv = new StringBuilder();
        Row(csv, ["deal", "beantwoord_op", "beantwoord_door", "antwoord"]);
        var byDeal = answers.ToDictionary(a => a.RowKey, StringComparer.Ordinal);
        foreach (var dealKey in request.Deals)
        {
            var name = dealNames.TryGetValue(dealKey, out var known) ? known : byDeal.TryGetValue(dealKey, out var a) ? a.DealName : TableKey.Decode(dealKey);
            if (byDeal.TryGetValue(dealKey, out var answer))
            {
                Row(csv, [name, AmsterdamTime.LocalDateTime(answer.AnsweredAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), answer.AnsweredByName, answer.Answer]);
            }
            else
            {
                Row(csv, [name, string.Empty, string.Empty, string.Empty]);
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Row(StringBuilder csv, string[] fields)
    {
        csv.AppendJoin(';', fields.Select(Field)).Append("\r\n");
    }

    /// <summary>Quotes when needed, and defuses text that a spreadsheet would run as a formula (answers are free text).</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary><c>uitvraag</c> / <c>request</c> in a personal chat: a programme administrator asks deals for input; everyone else is refused.</summary>
public sealed class ProgrammeRequestCommand(ProgrammeRequestPresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("uitvraag", "request", "command.request.description", CommandScopes.Personal, Order: 67, Menu: [new("command.request.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (!presenter.IsAdministrator(turn))
        {
            // Asking what it is gets an explanation; sending one is refused on the card's button.
            await turn.ReplyAsync(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Information, turn.Texts["lifecycle.request.form.title"],
                turn.Texts["lifecycle.request.administrators_only"])), ct);
            return;
        }

        var result = await presenter.FormAsync(turn, null, [], ct);
        await turn.ReplyAsync(result.Card ?? NoticeCards.Problem(turn.Language, result.Message ?? string.Empty), ct);
    }
}

public sealed class ProgrammeRequestPresenter(ProgrammeAdministrators administrators, DealDirectory directory, ProgrammeRequestStore store, SignedLinks links, TimeProvider time)
{
    public const int ShownRequests = 10;

    public const int DefaultDays = 14;

    public bool IsAdministrator(TurnContext turn) => administrators.Includes(turn.User);

    public async Task<IReadOnlyList<DealRecord>> DealsAsync(CancellationToken ct) =>
        [.. (await directory.ListActiveDealsAsync(ct)).Where(d => d.IsDeal).OrderBy(d => d.TeamName ?? d.ChannelName, StringComparer.CurrentCultureIgnoreCase)];

    public async Task<CardActionResult> FormAsync(TurnContext turn, string? confirmation, IReadOnlyList<string> problems, CancellationToken ct)
    {
        if (!IsAdministrator(turn))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lifecycle.request.administrators_only"]);
        }

        var deals = await DealsAsync(ct);
        var lines = new List<ProgrammeRequestLine>();
        foreach (var request in (await store.ListAsync(ct)).Take(ShownRequests))
        {
            var answered = (await store.AnswersAsync(request.RowKey, ct)).Count;
            lines.Add(new ProgrammeRequestLine(
                request.Question,
                turn.Texts.Format("lifecycle.request.card.deadline", LifecycleTexts.Date(request.DeadlineDate, turn.Language)),
                turn.Texts.Format("lifecycle.request.form.answered", answered, request.Deals.Count),
                links.Url(LifecycleLinks.RequestExportRoute, LifecycleLinks.RequestScope, request.RowKey, turn.Language.Code())));
        }

        var deadline = DutchWorkingDays.OnOrNextWorkingDay(AmsterdamTime.LocalDate(time.GetUtcNow()).AddDays(DefaultDays));
        return CardActionResult.Personal(ProgrammeRequestCards.Form(new ProgrammeRequestFormView(
            turn.Language,
            [.. deals.Select(d => new Choice(d.TeamName ?? d.ChannelName ?? d.ChannelId, d.PartitionKey))],
            deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            lines,
            confirmation,
            problems)));
    }
}

/// <summary>Sends a request: administrators only, checked here with the Entra object id Teams sent.</summary>
public sealed class SendProgrammeRequestAction(ProgrammeRequestPresenter presenter, ProgrammeRequestStore store, ProgrammeRequestDelivery delivery, AuditTrail audit, TimeProvider time)
    : ICardActionHandler<SendProgrammeRequest>
{
    public const int MaxDaysAhead = 366;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, SendProgrammeRequest action, CardPress press, CancellationToken ct)
    {
        if (!presenter.IsAdministrator(turn))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lifecycle.request.administrators_only"]);
        }

        var texts = turn.Texts;
        var problems = new List<string>();
        var question = action.Question?.Trim() ?? string.Empty;
        if (question.Length == 0 || question.Length > ProgrammeRequestCards.MaxQuestionLength)
        {
            problems.Add(texts.Format("lifecycle.request.form.question.invalid", ProgrammeRequestCards.MaxQuestionLength));
        }

        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        if (!DateOnly.TryParseExact(action.Deadline?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var deadline)
            || deadline <= today || deadline > today.AddDays(MaxDaysAhead))
        {
            problems.Add(texts["lifecycle.request.form.deadline.invalid"]);
        }

        var active = await presenter.DealsAsync(ct);
        var chosen = (action.Deals ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var unknown = chosen.Where(c => !active.Any(d => d.PartitionKey == c)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(texts["lifecycle.request.form.deals.invalid"]);
        }

        var targets = chosen.Count == 0 ? [.. active.Select(d => d.PartitionKey)] : chosen;
        if (targets.Count == 0)
        {
            problems.Add(texts["lifecycle.request.form.no_deals"]);
        }

        if (problems.Count > 0)
        {
            return await presenter.FormAsync(turn, null, problems, ct);
        }

        var request = await store.AddAsync(question, deadline, targets, ct);
        await audit.RecordForProgrammeAsync(AuditActions.ProgrammeRequestSent, turn.User.Name,
            [targets.Count.ToString(CultureInfo.InvariantCulture), request.Deadline], ct);
        // The cards are posted now; the job posts any a failure left behind.
        await delivery.PostAsync(request, ct);
        return await presenter.FormAsync(turn, texts.Format("lifecycle.request.form.sent", targets.Count), [], ct);
    }
}

/// <summary>A deal answers on the card in its channel (or a reminder in a 1:1 chat of one of its dealmakers or project managers).</summary>
public sealed class AnswerProgrammeRequestAction(ProgrammeRequestStore store, DealDirectory directory, TimeProvider time) : ICardActionHandler<AnswerProgrammeRequest>
{
    public async Task<CardActionResult> HandleAsync(TurnContext turn, AnswerProgrammeRequest action, CardPress press, CancellationToken ct)
    {
        var texts = turn.Texts;
        var request = action.Request.Length == 0 ? null : await store.FindAsync(action.Request, ct);
        if (request is null)
        {
            return CardActionResult.Problem(turn.Language, texts["lifecycle.request.not_found"]);
        }

        var deal = await DealOfAsync(turn, request, ct);
        if (deal is null)
        {
            return CardActionResult.Problem(turn.Language, texts["lifecycle.request.not_asked"]);
        }

        var existing = await store.FindAnswerAsync(request.RowKey, deal.PartitionKey, ct);
        var answer = action.Answer?.Trim() ?? string.Empty;
        if (answer.Length == 0 || answer.Length > ProgrammeRequestCards.MaxAnswerLength)
        {
            return CardActionResult.WithCard(ProgrammeRequestCards.Request(ProgrammeRequestViews.Card(request, deal, existing, turn.Language,
                texts.Format("lifecycle.request.card.answer.invalid", ProgrammeRequestCards.MaxAnswerLength), isReminder: false)));
        }

        var saved = new ProgrammeRequestAnswerRecord
        {
            PartitionKey = TableKey.Encode(request.RowKey),
            RowKey = deal.PartitionKey,
            DealName = deal.TeamName ?? deal.ChannelName ?? deal.ChannelId,
            Answer = answer,
            AnsweredByKey = turn.User.Key,
            AnsweredByName = turn.User.Name,
        };
        await store.SaveAnswerAsync(saved, ct);
        var late = AmsterdamTime.LocalDate(time.GetUtcNow()) > request.DeadlineDate;
        return CardActionResult.WithCard(ProgrammeRequestCards.Request(ProgrammeRequestViews.Card(request, deal, saved, turn.Language,
            texts[late ? "lifecycle.request.card.saved_late" : "lifecycle.request.card.saved"], isReminder: false)));
    }

    /// <summary>In a channel: its deal, when asked. In a personal chat: the asked deal where the person is a dealmaker or project manager.</summary>
    private async Task<DealRecord?> DealOfAsync(TurnContext turn, ProgrammeRequestRecord request, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is { } channelId)
        {
            return await directory.FindDealAsync(channelId, ct) is { } deal && request.Deals.Contains(deal.PartitionKey) ? deal : null;
        }

        foreach (var dealKey in request.Deals)
        {
            if (await directory.FindDealByKeyAsync(dealKey, ct) is { } deal
                && (await directory.FindMemberAsync(deal.ChannelId, turn.User.Key, ct))?.Role is DealRoles.Dealmaker or DealRoles.ProjectManager)
            {
                return deal;
            }
        }

        return null;
    }
}

/// <summary>Who answered for a deal: their key and name are taken out on forgetting; the deal's answer stays for the programme.</summary>
public sealed class ProgrammeRequestPersonalData(StorageTables tables) : IPersonalDataSource
{
    public IReadOnlyCollection<string> Stores { get; } = [ProgrammeRequestStore.AnswersTable];

    public async Task<IReadOnlyList<PersonalDataItems>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [PersonalDataRows.Items(ProgrammeRequestStore.AnswersTable, await AnsweredAsync(person, ct))];

    public async Task<IReadOnlyList<ForgetOutcome>> ForgetAsync(DataSubject person, CancellationToken ct) =>
    [
        await PersonalDataRows.PseudonymiseAsync(tables, ProgrammeRequestStore.AnswersTable, await AnsweredAsync(person, ct),
            nameof(ProgrammeRequestAnswerRecord.AnsweredByKey), nameof(ProgrammeRequestAnswerRecord.AnsweredByName), person, ct),
    ];

    private Task<List<TableEntity>> AnsweredAsync(DataSubject person, CancellationToken ct) =>
        PersonalDataRows.QueryAsync(tables, ProgrammeRequestStore.AnswersTable, PersonalDataRows.KeyFilter(nameof(ProgrammeRequestAnswerRecord.AnsweredByKey), person), ct);
}
