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
        if (!DealRoles.CanOrganise(member?.Role))
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
    DealDirectory directory, PulseStore store, PulsePresenter presenter, SignedLinks links, AuditTrail audit, TimeProvider time) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [PulseCards.AnswerVerb, PulseCards.RefreshVerb, PulseCards.RemarksVerb, PulseCards.ExportVerb, PulseCards.ResultsVerb];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        var texts = turn.Texts;
        var pulseId = CardData.Id(action.Data, PulseCards.PulseIdKey);
        if (turn.Conversation.ChannelId is not { } channelId || pulseId.Length == 0)
        {
            return CardActionResult.Problem(turn.Language, texts["pulse.error.unknown"]);
        }

        // A round is looked up in the partition of the deal the action comes from: another deal's id is not found.
        // Both lookups at once: they are independent, and answering is the hottest path.
        var findDeal = directory.FindDealAsync(channelId, ct);
        var findRound = store.FindRoundAsync(channelId, pulseId, ct);
        var deal = await findDeal;
        var round = deal is null ? null : await findRound;
        var template = round is null ? null : PulsePresenter.FindTemplate(round.TemplateId);
        if (deal is null || round is null || template is null)
        {
            return CardActionResult.Problem(turn.Language, texts["pulse.error.unknown"]);
        }

        var user = turn.User;
        var sameTenant = string.Equals(user.TenantId, deal.TenantId, StringComparison.OrdinalIgnoreCase);
        // Colleagues of the deal's own tenant may answer and read without a role; only guests, remarks and exports need the member row.
        var member = sameTenant && action.Verb is PulseCards.AnswerVerb or PulseCards.RefreshVerb or PulseCards.ResultsVerb
            ? null
            : await directory.FindMemberAsync(channelId, user.Key, ct);
        if (member is null && !sameTenant)
        {
            return CardActionResult.Problem(turn.Language, texts["pulse.error.not_member"]);
        }

        if (!action.IsUniversalAction && action.Verb is PulseCards.RemarksVerb or PulseCards.ExportVerb)
        {
            // A submit's answer would be posted for the whole channel: remarks and links go per user only.
            return CardActionResult.Problem(turn.Language, texts["pulse.error.needs_teams"]);
        }

        return action.Verb switch
        {
            PulseCards.AnswerVerb => await AnswerAsync(turn, action, round, template, ct),
            PulseCards.ResultsVerb => CardActionResult.WithCard(PulseCards.Results(presenter.ResultsView(turn.Language, round,
                await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct)))),
            PulseCards.RefreshVerb => await RefreshAsync(turn, action, round, template, ct),
            PulseCards.RemarksVerb => await RemarksAsync(turn, member, round, template, ct),
            _ => await ExportAsync(turn, member, round, ct),
        };
    }

    private async Task<CardActionResult> AnswerAsync(TurnContext turn, CardActionRequest action, PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        if (round.ToRound().IsClosedAt(time.GetUtcNow()))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("pulse.error.closed", PulsePresenter.When(round.ClosesAt, turn.Language)));
        }

        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in action.Data)
        {
            if (key is not (PulseCards.PulseIdKey or Cards.Adaptive.CardActions.VerbKey) && value is System.Text.Json.Nodes.JsonValue scalar)
            {
                inputs[key] = scalar.GetValueKind() == System.Text.Json.JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
            }
        }

        var (answers, result) = PulseValidation.ReadCardInputs(template, inputs, PulseCards.RemarkInputId);
        var language = PulsePresenter.ToPulseLanguage(turn.Language);
        if (!result.IsValid)
        {
            var problems = result.Errors.Select(e => e.Message.In(language)).Distinct().ToList();
            if (!action.IsUniversalAction)
            {
                return CardActionResult.Problem(turn.Language, string.Join(" ", problems));
            }

            var stored = await store.FindAnswersAsync(round.RowKey, turn.User.Key, ct);
            return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, round, template, answers, stored is not null, problems: problems)));
        }

        await store.SaveResponseAsync(round, turn.User.Key, answers, ct);
        if (!action.IsUniversalAction)
        {
            // A submit's answer is a channel post everyone sees: confirm without showing the answers.
            return CardActionResult.WithMessage(turn.Texts["pulse.saved"]);
        }

        var confirmation = turn.Texts.Format("pulse.card.saved", PulsePresenter.When(round.ClosesAt, turn.Language));
        return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, round, template, answers, hasAnswered: true, confirmation)));
    }

    private async Task<CardActionResult> RefreshAsync(TurnContext turn, CardActionRequest action, PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        if (!action.IsUniversalAction)
        {
            // Only Teams' per-user refresh may show someone's answers; a submit's reply would be a channel post.
            return CardActionResult.WithMessage(string.Empty);
        }

        var answers = await store.FindAnswersAsync(round.RowKey, turn.User.Key, ct);
        return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, round, template, answers, answers is not null)));
    }

    private async Task<CardActionResult> RemarksAsync(TurnContext turn, DealMemberRecord? member, PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        if (member?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["pulse.error.dealmakers_only"]);
        }

        var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Dealmaker, ct);
        var language = PulsePresenter.ToPulseLanguage(turn.Language);
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
        var url = links.ExportUrl(round.DealChannelId, round.RowKey, turn.Language.Code());
        var expires = links.Verify(url[(url.LastIndexOf('/') + 1)..^".csv".Length], SignedLinkKind.Export)!.ExpiresAt;
        var title = template.Title.In(PulsePresenter.ToPulseLanguage(turn.Language));
        await audit.RecordAsync(DealDirectory.DealKey(round.DealChannelId), AuditActions.PulseExport, turn.User.Name, [title], ct);
        return CardActionResult.WithCard(PulseCards.Export(new PulseExportCardView(
            turn.Language, round.RowKey, title, url, PulsePresenter.When(expires, turn.Language))));
    }
}
