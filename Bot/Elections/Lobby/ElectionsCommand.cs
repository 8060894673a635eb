using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Teams;
using CityDealBot.DutchTime;

namespace CityDealBot.Elections.Lobby;

/// <summary>
/// <c>verkiezingen</c> / <c>elections</c>: the deal's lobby moments for 24 months; <c>alle</c>/<c>all</c>: the whole
/// programme; <c>instellen</c>/<c>settings</c>: the deal's governments (dealmakers); <c>beheer</c>/<c>admin</c>:
/// change the calendar (administrators).
/// </summary>
public sealed class ElectionsCommand(
    DealDirectory directory,
    LobbyStore store,
    LobbyDeals lobbyDeals,
    LobbyCalendarSource calendars,
    TeamRoster roster,
    TimeProvider time,
    ProgrammeAdministrators administrators) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("verkiezingen", "elections", "command.elections.description", CommandScopes.Everywhere, Order: 50, Menu: [new("command.elections.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var word = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? string.Empty;
        switch (word)
        {
            case "alle" or "all":
                await ShowProgrammeAsync(turn, ct);
                return;
            case "instellen" or "settings":
                await ShowSettingsAsync(turn, ct);
                return;
            case "beheer" or "admin":
                await ShowOverrideAsync(turn, ct);
                return;
            default:
                await ShowDealTimelineAsync(turn, ct);
                return;
        }
    }

    private async Task ShowDealTimelineAsync(TurnContext turn, CancellationToken ct)
    {
        var deal = turn.Conversation.ChannelId is { } channelId ? await directory.FindDealAsync(channelId, ct) : null;
        if (deal is null)
        {
            // Outside a deal's channel the programme view is what there is to see.
            await ShowProgrammeAsync(turn, ct);
            return;
        }

        var (governments, postInChannel) = await store.GetSettingsAsync(deal.PartitionKey, ct);
        var lobbyDeal = await lobbyDeals.ToLobbyDealAsync(deal, governments, postInChannel, ct);
        var calendar = await calendars.GetAsync(ct);
        var confirmations = await store.GetConfirmationsAsync(ct);
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        var entries = calendar.Upcoming(lobbyDeal, time, [.. confirmations])
            .Select(o => LobbyViews.TimelineEntry(o, turn.Language, today))
            .ToList();
        await turn.ReplyAsync(LobbyCards.Timeline(new LobbyTimelineView(
            turn.Language,
            turn.Texts.Format("lobby.timeline.title", lobbyDeal.Name),
            turn.Texts["lobby.timeline.intro"],
            entries,
            null)), ct);
    }

    /// <summary>
    /// A programme administrator gets the view with the deals named, in person (a channel only gets a note);
    /// everyone else the counts.
    /// </summary>
    private async Task ShowProgrammeAsync(TurnContext turn, CancellationToken ct)
    {
        if (administrators.Includes(turn.User))
        {
            await turn.SendPersonallyAsync(await ProgrammeAsync(turn.Language, showDeals: true, ct), ct);
            return;
        }

        await turn.ReplyAsync(await ProgrammeAsync(turn.Language, showDeals: false, ct), ct);
    }

    /// <summary>
    /// Every deal's moments together. Everyone sees how many deals a moment concerns; which deals, per-deal data
    /// across deals, only programme administrators see. The CoP and programme channels are not deals.
    /// </summary>
    private async Task<AdaptiveCard> ProgrammeAsync(Language language, bool showDeals, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var deals = (await lobbyDeals.LoadActiveAsync(ct)).Where(d => d.Deal.IsDeal).ToList();
        var names = deals.ToDictionary(d => d.Lobby.DealId, d => d.Lobby.Name, StringComparer.Ordinal);
        var calendar = await calendars.GetAsync(ct);
        var confirmations = await store.GetConfirmationsAsync(ct);
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        var entries = calendar.ProgrammeView(deals.Select(d => d.Lobby), time, [.. confirmations])
            .Select(e => new LobbyTimelineEntry(
                LobbyViews.Date(e.DueDate, language),
                e.Moment.Title.In(language.Code()),
                LobbyViews.ElectionName(e.Election, language),
                LobbyViews.Date(e.Election.Date, language),
                ElectionTexts.Status(e.Election.StatusOn(today)).In(language.Code()),
                showDeals
                    ? texts.Format("lobby.programme.deals_named", e.DealIds.Count, string.Join(", ", e.DealIds.Select(id => names.GetValueOrDefault(id, id)).Order(StringComparer.CurrentCultureIgnoreCase)))
                    : texts.Format("lobby.programme.deals", e.DealIds.Count)))
            .ToList();
        return LobbyCards.Timeline(new LobbyTimelineView(language, texts["lobby.programme.title"], null, entries, null));
    }

    private async Task ShowSettingsAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { } deal)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.not_in_channel"]), ct);
            return;
        }

        if (!await directory.HasRoleAsync(channelId, turn.User.Key, ct, DealRoles.Dealmaker))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["lobby.only_dealmakers"]), ct);
            return;
        }

        var (governments, postInChannel) = await store.GetSettingsAsync(deal.PartitionKey, ct);
        var suggestions = governments.Count > 0 ? [] : await SuggestAsync(turn, deal, ct);
        var selected = governments.Count > 0 ? governments : suggestions.Where(s => s.Confidence == SuggestionConfidence.Certain).Select(s => s.Government).ToList();
        await turn.ReplyAsync(LobbyCards.Settings(LobbySettingsCard.View(turn.Language, deal, selected, postInChannel, suggestions)), ct);
    }

    private async Task<IReadOnlyList<GovernmentSuggestion>> SuggestAsync(TurnContext turn, DealRecord deal, CancellationToken ct)
    {
        try
        {
            var members = await roster.GetMembersAsync(deal.ServiceUrl, deal.TeamId ?? deal.ChannelId, deal.TenantId, ct);
            return GovernmentRecognizer.Shipped.SuggestForPartners(members.Select(m => ((string?)null, m.Address)));
        }
        catch (Connector.ConnectorException)
        {
            // Without the roster the dealmaker simply fills in the card.
            return [];
        }
    }

    private async Task ShowOverrideAsync(TurnContext turn, CancellationToken ct)
    {
        if (!administrators.Includes(turn.User))
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["elections.override.not_admin"]), ct);
            return;
        }

        await turn.ReplyAsync(LobbyCards.Override(LobbySettingsCard.OverrideView(turn.Language)), ct);
    }
}
