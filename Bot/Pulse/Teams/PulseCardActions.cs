using CityDealBot.Operations;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Teams;

namespace CityDealBot.Pulse;

/// <summary>The pulse card's buttons: answering, the per-user refresh, and the dealmakers' remarks and export.</summary>
public sealed class PulseCardActions(
    DealDirectory directory, PulseStore store, PulsePresenter presenter, SignedLinks links, AuditTrail audit, TimeProvider time)
    : ICardActionHandler<PulseAnswered>, ICardActionHandler<PulseRefreshed>, ICardActionHandler<PulseResultsRequested>,
      ICardActionHandler<PulseRemarksRequested>, ICardActionHandler<PulseExportRequested>,
      ICardActionHandler<FollowUpAnswered>, ICardActionHandler<FollowUpRefreshed>
{
    /// <summary>The round a button names, found in the deal of the channel it was pressed in, with the person's membership where it matters.</summary>
    private sealed record PressedRound(PulseRoundRecord Round, PulseTemplate Template, DealMemberRecord? Member);

    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseAnswered action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(turn, action.PulseId, needsMember: false, ct);
        return found is null ? problem! : await AnswerAsync(turn, action.Remark, action.Inputs, press, found.Round, found.Template, ct);
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, FollowUpAnswered action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindFollowUpAsync(turn, action.Deal, action.PulseId, ct);
        return found is null ? problem! : await AnswerAsync(turn, action.Remark, action.Inputs, press, found.Round, found.Template, ct);
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, FollowUpRefreshed action, CardPress press, CancellationToken ct)
    {
        var (found, problem) = await FindFollowUpAsync(turn, action.Deal, action.PulseId, ct);
        if (found is null)
        {
            return problem!;
        }

        var answers = await store.FindAnswersAsync(found.Round.RowKey, turn.User.Key, ct);
        return CardActionResult.WithCard(PulseCards.Pulse(presenter.Form(turn.Language, found.Round, found.Template, answers, answers is not null)));
    }

    /// <summary>
    /// A follow-up round named by a card in a 1:1 chat: the deal comes from the card only to look the round up in its
    /// partition; the person from Teams must have had a role in that deal (its former members are the round's people).
    /// </summary>
    private async Task<(PressedRound? Found, CardActionResult? Problem)> FindFollowUpAsync(TurnContext turn, string dealKey, string pulseId, CancellationToken ct)
    {
        var texts = turn.Texts;
        var deal = dealKey.Length == 0 || pulseId.Length == 0 ? null : await directory.FindDealByKeyAsync(dealKey, ct);
        var round = deal is null ? null : await store.FindRoundAsync(deal.ChannelId, pulseId, ct);
        var template = round is null ? null : PulsePresenter.FindTemplate(round.TemplateId);
        if (deal is null || round is null || template is null || !round.IsFollowUp)
        {
            return (null, CardActionResult.Problem(turn.Language, texts["pulse.followup.error.unknown"]));
        }

        var member = await directory.FindMemberAsync(deal.ChannelId, turn.User.Key, ct);
        return member is null
            ? (null, CardActionResult.Problem(turn.Language, texts.Format("pulse.followup.error.not_member", round.DealName ?? PulsePresenter.DealName(deal))))
            : (new PressedRound(round, template, member), null);
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
        // A follow-up round is for the deal's former members only, wherever its card is pressed.
        var roleRequired = needsMember || round.IsFollowUp;
        var member = sameTenant && !roleRequired ? null : await directory.FindMemberAsync(channelId, turn.User.Key, ct);
        return member is null && (!sameTenant || round.IsFollowUp)
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

    private async Task<CardActionResult> AnswerAsync(
        TurnContext turn, string remark, Dictionary<string, System.Text.Json.JsonElement>? cardInputs, CardPress press, PulseRoundRecord round, PulseTemplate template, CancellationToken ct)
    {
        if (round.ToRound().IsClosedAt(time.GetUtcNow()))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("pulse.error.closed", PulsePresenter.When(round.ClosesAt, turn.Language)));
        }

        var remarkInput = Cards.Adaptive.CardFields.Of<PulseAnswered>(nameof(PulseAnswered.Remark));
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal) { [remarkInput] = remark };
        foreach (var (key, value) in cardInputs ?? [])
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
