using CityDealBot.Operations;
using System.Globalization;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Teams;
using CityDealBot.DutchTime;

namespace CityDealBot.Pulse;

/// <summary><c>peiling</c> / <c>pulse</c> [yyyy-mm-dd]: a dealmaker or organiser posts a pulse card in the deal's channel.</summary>
public sealed class StartPulseCommand(
    DealDirectory directory, PulseStore store, PulsePresenter presenter, TeamRoster roster, TimeProvider time, ILogger<StartPulseCommand> logger) : IBotCommand
{
    /// <summary>Default run of a pulse, closing at the end of a working day (Amsterdam time).</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromDays(7);

    public static readonly TimeOnly CloseTime = new(17, 0);

    public const int MaxDays = 90;

    public CommandDefinition Definition { get; } = new("peiling", "pulse", "command.pulse.description", CommandScopes.Channel, Order: 10, Menu: [new("command.pulse.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.not_in_channel"]), ct);
            return;
        }

        var member = await directory.FindMemberAsync(channelId, turn.User.Key, ct);
        if (member?.Role is not (DealRoles.Dealmaker or DealRoles.Organiser))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["pulse.error.not_allowed"]), ct);
            return;
        }

        var now = time.GetUtcNow();
        if (await store.LatestRoundAsync(channelId, ct) is { } open && open.ToRound().IsOpenAt(now))
        {
            // One pulse at a time keeps "the latest pulse" and reminders unambiguous.
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts.Format("pulse.error.already_open", PulsePresenter.When(open.ClosesAt, turn.Language))), ct);
            return;
        }

        DateTimeOffset closesAt;
        var dateText = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (dateText is null)
        {
            closesAt = AmsterdamTime.ToInstant(DateOnly.FromDateTime(AmsterdamTime.LocalDateTime(now + DefaultDuration)).ToDateTime(CloseTime));
        }
        else if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            closesAt = AmsterdamTime.ToInstant(date.ToDateTime(CloseTime));
        }
        else
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts.Format("pulse.error.bad_date", dateText.Length > 20 ? dateText[..20] : dateText)), ct);
            return;
        }

        if (closesAt <= now)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts.Format("pulse.error.close_in_past", dateText)), ct);
            return;
        }

        if (closesAt > now + TimeSpan.FromDays(MaxDays))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["pulse.error.close_too_far"]), ct);
            return;
        }

        var round = await store.CreateRoundAsync(channelId, closesAt, turn.User.Key, turn.Language.Code(), await RefreshUsersAsync(turn, ct), ct);
        var template = PulsePresenter.FindTemplate(round.TemplateId)!;
        await turn.PostAsync(PulseCards.Pulse(presenter.Form(turn.Language, round, template, answers: null, hasAnswered: false)), ct);
    }

    // Teams refreshes the card automatically only for listed users (at most 60); without a roster, leave it to Teams.
    private async Task<IReadOnlyList<string>?> RefreshUsersAsync(TurnContext turn, CancellationToken ct)
    {
        try
        {
            var members = await roster.GetMembersAsync(turn.ServiceUrl, turn.Conversation.TeamId ?? turn.Conversation.ChannelId!, turn.Conversation.TenantId, ct);
            var ids = members.Select(m => m.UserId).Where(id => id.Length > 0 && id != turn.Bot.Id).Distinct().ToList();
            return ids.Count is > 0 and <= PulseCards.MaxRefreshUsers ? ids : null;
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "Could not read the roster for the pulse card's refresh list");
            return null;
        }
    }
}

/// <summary><c>resultaten</c> / <c>results</c>: the results card of the deal's latest pulse.</summary>
public sealed class PulseResultsCommand(PulseStore store, PulsePresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("resultaten", "results", "command.results.description", CommandScopes.Channel, Order: 11, Menu: [new("command.results.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.not_in_channel"]), ct);
            return;
        }

        var round = await store.LatestRoundAsync(channelId, ct);
        var template = round is null ? null : PulsePresenter.FindTemplate(round.TemplateId);
        if (round is null || template is null)
        {
            await turn.ReplyAsync(NoticeCards.Notice(new NoticeCardView(turn.Language, NoticeKind.Information, turn.Texts["error.title"], turn.Texts["pulse.error.no_pulse"])), ct);
            return;
        }

        // The card is seen by the whole channel, so it shows what a partner may see; remarks go per dealmaker.
        var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct);
        await turn.ReplyAsync(PulseCards.Results(presenter.ResultsView(turn.Language, round, results)), ct);
    }
}

/// <summary>The pulse card's buttons: answering, the per-user refresh, and the dealmakers' remarks and export.</summary>
public sealed class PulseCardActions(
    DealDirectory directory, PulseStore store, PulsePresenter presenter, SignedLinks links, AuditTrail audit, TimeProvider time)
    : ICardActionHandler<PulseAnswered>, ICardActionHandler<PulseRefreshed>, ICardActionHandler<PulseResultsRequested>,
      ICardActionHandler<PulseRemarksRequested>, ICardActionHandler<PulseExportRequested>
{
    /// <summary>The round a button names, found in the deal of the channel it was pressed in, with the person's membership where it matters.</summary>
    private sealed record PressedRound(PulseRoundRecord Round, PulseTemplate Template, DealMemberRecord? Member);

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseAnswered action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(turn, action.PulseId, needsMember: false, ct);
        return found is null ? problem! : await AnswerAsync(turn, action, press, found.Round, found.Template, ct);
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseRefreshed action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(turn, action.PulseId, needsMember: false, ct);
        if (found is null)
        {
            return problem!;
        }

        if (!press.IsUniversalAction)
        {
            // Only Teams' per-user refresh may show someone's answers; a submit's reply would be a channel post.
            return CardActionResult.WithMessage(string.Empty);
        }

        var answers = await store.FindAnswersAsync(found.Round.RowKey, turn.User.Key, ct);
        return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, found.Round, found.Template, answers, answers is not null)));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseResultsRequested action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(turn, action.PulseId, needsMember: false, ct);
        return found is null
            ? problem!
            : CardActionResult.WithCard(PulseCards.Results(presenter.ResultsView(turn.Language, found.Round,
                await presenter.ResultsAsync(found.Round, found.Template, PulseViewerRole.Partner, ct))));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseRemarksRequested action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindForDealmakerOutputAsync(turn, action.PulseId, press, ct);
        return found is null ? problem! : await RemarksAsync(turn, found.Member, found.Round, found.Template, ct);
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseExportRequested action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindForDealmakerOutputAsync(turn, action.PulseId, press, ct);
        return found is null ? problem! : await ExportAsync(turn, found.Member, found.Round, ct);
    }

    /// <summary>
    /// The round under the deal of the channel the button was pressed in (another deal's id is not found), and whether
    /// the person may use it: colleagues of the deal's own tenant answer and read without a role; guests, and remarks
    /// and exports (<paramref name="needsMember"/>), need the member row.
    /// </summary>
    private async Task<(PressedRound? Found, CardActionResult? Problem)> FindAsync(TurnContext turn, string pulseId, bool needsMember, CancellationToken ct)
    {
        var texts = turn.Texts;
        if (turn.Conversation.ChannelId is not { } channelId || pulseId.Length == 0)
        {
            return (null, CardActionResult.Problem(turn.Language, texts["pulse.error.unknown"]));
        }

        // Both lookups at once: they are independent, and answering is the hottest path.
        var findDeal = directory.FindDealAsync(channelId, ct);
        var findRound = store.FindRoundAsync(channelId, pulseId, ct);
        var deal = await findDeal;
        var round = deal is null ? null : await findRound;
        var template = round is null ? null : PulsePresenter.FindTemplate(round.TemplateId);
        if (deal is null || round is null || template is null)
        {
            return (null, CardActionResult.Problem(turn.Language, texts["pulse.error.unknown"]));
        }

        var sameTenant = string.Equals(turn.User.TenantId, deal.TenantId, StringComparison.OrdinalIgnoreCase);
        var member = sameTenant && !needsMember ? null : await directory.FindMemberAsync(channelId, turn.User.Key, ct);
        return member is null && !sameTenant
            ? (null, CardActionResult.Problem(turn.Language, texts["pulse.error.not_member"]))
            : (new PressedRound(round, template, member), null);
    }

    /// <summary>Remarks and download links go per user only: a submit's answer would be posted for the whole channel.</summary>
    private async Task<(PressedRound? Found, CardActionResult? Problem)> FindForDealmakerOutputAsync(TurnContext turn, string pulseId, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(turn, pulseId, needsMember: true, ct);
        return found is not null && !press.IsUniversalAction
            ? (null, CardActionResult.Problem(turn.Language, turn.Texts["pulse.error.needs_teams"]))
            : (found, problem);
    }

    private async Task<CardActionResult> AnswerAsync(TurnContext turn, PulseAnswered action, CardPress press, PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        if (round.ToRound().IsClosedAt(time.GetUtcNow()))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("pulse.error.closed", PulsePresenter.When(round.ClosesAt, turn.Language)));
        }

        var remarkInput = Cards.Adaptive.CardFields.Of<PulseAnswered>(nameof(PulseAnswered.Remark));
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal) { [remarkInput] = action.Remark };
        foreach (var (key, value) in action.Inputs ?? [])
        {
            if (value.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                inputs[key] = value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        var (answers, result) = PulseValidation.ReadCardInputs(template, inputs, remarkInput);
        var language = turn.Language;
        if (!result.IsValid)
        {
            var problems = result.Errors.Select(e => e.Message.In(language)).Distinct().ToList();
            if (!press.IsUniversalAction)
            {
                return CardActionResult.Problem(turn.Language, string.Join(" ", problems));
            }

            var stored = await store.FindAnswersAsync(round.RowKey, turn.User.Key, ct);
            return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, round, template, answers, stored is not null, problems: problems)));
        }

        await store.SaveResponseAsync(round, turn.User.Key, answers, ct);
        if (!press.IsUniversalAction)
        {
            // A submit's answer is a channel post everyone sees: confirm without showing the answers.
            return CardActionResult.WithMessage(turn.Texts["pulse.saved"]);
        }

        var confirmation = turn.Texts.Format("pulse.card.saved", PulsePresenter.When(round.ClosesAt, turn.Language));
        return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, round, template, answers, hasAnswered: true, confirmation)));
    }

    private async Task<CardActionResult> RemarksAsync(TurnContext turn, DealMemberRecord? member, PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        if (member?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["pulse.error.dealmakers_only"]);
        }

        var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Dealmaker, ct);
        var language = turn.Language;
        return CardActionResult.WithCard(PulseCards.Remarks(new PulseRemarksCardView(
            turn.Language,
            round.RowKey,
            template.Title.In(language),
            results.Remarks.Withholding?.Explanation.In(language),
            results.Remarks.IsShown ? results.Remarks.Value! : [])));
    }

    private async Task<CardActionResult> ExportAsync(TurnContext turn, DealMemberRecord? member, PulseRoundRecord round, CancellationToken ct)
    {
        if (member?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["pulse.error.dealmakers_only"]);
        }

        var template = PulsePresenter.FindTemplate(round.TemplateId)!;
        var (url, expires) = links.Issue(PulseLinks.ExportRoute, round.DealChannelId, round.RowKey, turn.Language.Code());
        var title = template.Title.In(turn.Language);
        await audit.RecordAsync(DealDirectory.DealKey(round.DealChannelId), AuditActions.PulseExport, turn.User.Name, [title], ct);
        return CardActionResult.WithCard(PulseCards.Export(new PulseExportCardView(
            turn.Language, round.RowKey, title, url, PulsePresenter.When(expires, turn.Language))));
    }
}
