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
