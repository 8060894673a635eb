using CityDealBot.Cards;
using CityDealBot.Deals;
using CityDealBot.Teams;
using CityDealBot.DutchTime;

namespace CityDealBot.Pulse;

/// <summary>
/// "Plan the conversation" on the follow-up guide (a personal chat): posts the CoP planning card for this deal,
/// pre-filled with the conversation's title and the guide's indicators as agenda, and keeps the guide in place.
/// Creating the session from there is the planning card's own action, which checks the role again.
/// </summary>
public sealed class PulseGuideActions(DealDirectory directory, PulseStore store, PulsePresenter presenter, TimeProvider time) : ICardActionHandler<PulseConversationPlanned>
{
    public async Task<CardActionResult> HandleAsync(TurnContext turn, PulseConversationPlanned action, CardPress press, CancellationToken ct)
    {
        var dealKey = action.Deal;
        var deal = dealKey.Length == 0 ? null : await directory.FindDealByKeyAsync(dealKey, ct);
        if (deal is null || !deal.IsActive)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["pulse.error.unknown"]);
        }

        // The deal comes from the card, the person from Teams: only the deal's own dealmakers and organisers plan.
        if (!await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Dealmaker, DealRoles.Organiser))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["cop.only_organisers"]);
        }

        var round = action.PulseId.Length == 0 ? null : await store.FindRoundAsync(deal.ChannelId, action.PulseId, ct);
        var template = round is null ? null : PulsePresenter.FindTemplate(round.TemplateId);
        if (round is null || template is null || !round.ToRound().IsClosedAt(time.GetUtcNow()))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["pulse.error.unknown"]);
        }

        var results = await presenter.ResultsAsync(round, template, PulseViewerRole.Partner, ct);
        var guide = PulsePresenter.GuideView(turn.Language, deal, round, template, results);
        var plan = CopPlanDefaults.ForDeal(turn.Language, deal.PartitionKey, deal.ChannelName ?? deal.TeamName ?? string.Empty, AmsterdamTime.LocalDate(time.GetUtcNow()),
            title: turn.Texts.Format("pulse.guide.conversation_title", PulsePresenter.DealName(deal)),
            agenda: guide.Topics.Count == 0 ? null : PulsePresenter.GuideAgenda(guide));
        await turn.ReplyAsync(CopCards.Plan(plan), ct);
        return CardActionResult.WithCard(PulseCards.Guide(guide with { Confirmation = turn.Texts["pulse.guide.planned"] }));
    }
}
