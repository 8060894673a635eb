using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Organisations;
using CityDealBot.Teams;

namespace CityDealBot.Speeddates;

/// <summary>
/// The speeddate buttons: join, confirm one's details, pairs or trios, start, next round (or finish) and reseat. Every press
/// is checked on the server: the session must belong to the channel the card is in, and only the organiser
/// who opened it or the deal's organisers and dealmakers may run it.
/// </summary>
public sealed class SpeeddateCardActions(
    DealDirectory directory,
    SpeeddateStore store,
    QuestionDeckStore decks,
    SpeeddateConductor conductor,
    RecentRosters rosters,
    TimeProvider time,
    ILogger<SpeeddateCardActions> logger)
    : ICardActionHandler<JoinSpeeddate>, ICardActionHandler<ConfirmSpeeddateDetails>, ICardActionHandler<RefreshSpeeddate>,
      ICardActionHandler<StartSpeeddate>, ICardActionHandler<SetSpeeddateGroupSize>, ICardActionHandler<ShowSpeeddateDecks>,
      ICardActionHandler<ChooseSpeeddateDeck>, ICardActionHandler<NextSpeeddateRound>, ICardActionHandler<ReseatSpeeddateRound>
{
    private const int MaxTextLength = 100;

    public Task<CardActionResult> HandleAsync(TurnContext turn, JoinSpeeddate action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Invited, (deal, session) => JoinAsync(turn, deal, session, press.CardActivityId, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, ConfirmSpeeddateDetails action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Invited, (deal, session) => ConfirmAsync(turn, deal, session, action, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, RefreshSpeeddate action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Anyone, (deal, session) => RefreshAsync(turn, deal, session, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, StartSpeeddate action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Organisers, (deal, session) => StartAsync(turn, deal, session, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, SetSpeeddateGroupSize action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Organisers, (deal, session) => SetGroupSizeAsync(turn, deal, session, action.GroupSize, press.CardActivityId, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, ShowSpeeddateDecks action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Organisers, (deal, session) => ShowDecksAsync(turn, deal, session, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, ChooseSpeeddateDeck action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Organisers, (deal, session) => SetDeckAsync(turn, deal, session, action.Deck, press.CardActivityId, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, NextSpeeddateRound action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Organisers, (deal, session) => NextAsync(turn, deal, session, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, ReseatSpeeddateRound action, CardPress press, CancellationToken ct) =>
        WithSessionAsync(turn, action.Session, Access.Organisers, (deal, session) => ReseatAsync(turn, deal, session, action.NoShows, ct), ct);

    private enum Access { Anyone, Invited, Organisers }

    /// <summary>
    /// The session of the channel's deal the button names (a session id from another deal is not found), and who may press:
    /// anyone, those invited (everyone unless a CoP block's sign-up), or the organiser and the deal's organisers and dealmakers.
    /// </summary>
    private async Task<CardActionResult> WithSessionAsync(
        TurnContext turn, string sessionId, Access access, Func<DealRecord, SpeeddateSessionRecord, Task<CardActionResult>> run, CancellationToken ct)
    {
        var deal = turn.Conversation.ChannelId is { } channelId ? await directory.FindDealAsync(channelId, ct) : null;
        var session = deal is { IsActive: true } ? await store.FindSessionAsync(deal.PartitionKey, sessionId, ct) : null;
        if (deal is null || session is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.unknown_session"]);
        }

        if (access == Access.Invited && !IsInvited(session, turn.User.Key))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("speeddate.not_invited", session.BlockOf ?? session.DealName));
        }

        if (access == Access.Organisers && session.OrganiserKey != turn.User.Key
            && !await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Organiser, DealRoles.Dealmaker))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.only_organisers"]);
        }

        return await run(deal, session);
    }

    private async Task<CardActionResult> JoinAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, string? cardActivityId, CancellationToken ct)
    {
        if (session.State == SpeeddateStates.Finished)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.finished"]);
        }

        var participant = await store.FindParticipantAsync(session.RowKey, turn.User.Key, ct) ?? await NewParticipantAsync(turn, deal, session, ct);
        if (participant.IsAbsent)
        {
            participant.IsAbsent = false;
            await store.SaveParticipantAsync(participant, ct);
        }

        // The join is stored; the answer is built from storage now, the shared card follows in the background.
        var participants = await store.ListParticipantsTogetherAsync(session.RowKey, ct);
        if (!participants.Any(p => p.PersonKey == participant.PersonKey))
        {
            participants = [.. participants, participant];
        }

        var refreshFor = RefreshUsers(participants);
        if (cardActivityId is not null)
        {
            // The shared card shows the new count to everyone; participants' copies refresh to their own view.
            // Presses in a burst are coalesced: each update is built from storage when Teams' limit lets it leave.
            var (dealKey, sessionId, channelLanguage) = (deal.PartitionKey, session.RowKey, Languages.FromLocale(deal.Language));
            turn.UpdateSharedCard(cardActivityId, (services, token) => SharedSignUpAsync(services.GetRequiredService<SpeeddateStore>(), dealKey, sessionId, channelLanguage, token));
        }

        var note = turn.Texts[participant.IsLate ? "speeddate.signup.joined_late" : "speeddate.signup.joined"];
        return CardActionResult.WithCard(SpeeddateCards.SignUp(SpeeddateViews.SignUp(turn.Language, session, participants.Count, participant, note, refreshFor)));
    }

    /// <summary>The sign-up card as everyone sees it: the count and no one's details.</summary>
    public static async Task<Cards.Adaptive.AdaptiveCard?> SharedSignUpAsync(SpeeddateStore store, string dealKey, string sessionId, Language language, CancellationToken ct)
    {
        var session = await store.FindSessionAsync(dealKey, sessionId, ct);
        if (session is null)
        {
            return null;
        }

        var participants = await store.ListSignUpsAsync(session.RowKey, ct);
        return SpeeddateCards.SignUp(SpeeddateViews.SignUp(language, session, participants.Count, null, null, RefreshUsers(participants)));
    }

    // Teams asks for the card again when a listed participant views it: their details, the live count, and for
    // the organiser of a running session the round controls.
    private async Task<CardActionResult> RefreshAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, CancellationToken ct)
    {
        var participants = await store.ListParticipantsAsync(session.RowKey, ct);
        if (session.State == SpeeddateStates.Running
            && (session.OrganiserKey == turn.User.Key || await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Organiser, DealRoles.Dealmaker)))
        {
            var plan = SpeeddateStore.ReadPlan(session.PlanJson);
            return Control(turn, session, plan[session.CurrentRound - 1], participants, RoundPublication.Nothing);
        }

        var mine = participants.FirstOrDefault(p => p.PersonKey == turn.User.Key);
        return CardActionResult.WithCard(SpeeddateCards.SignUp(SpeeddateViews.SignUp(turn.Language, session, participants.Count, mine, null, RefreshUsers(participants))));
    }

    /// <summary>A session opened by a CoP session's speed-date block is for those who said yes to it; others are open to all.</summary>
    public static bool IsInvited(SpeeddateSessionRecord session, string personKey) =>
        session.InvitedJson is null
        || (System.Text.Json.JsonSerializer.Deserialize<List<string>>(session.InvitedJson) ?? []).Contains(personKey, StringComparer.Ordinal);

    private static List<string> RefreshUsers(IReadOnlyList<SpeeddateParticipantRecord> participants) =>
        [.. participants.OrderBy(p => p.JoinedAt).Select(p => p.UserId).Where(id => id.Length > 0).Take(SpeeddateCards.MaxRefreshUsers)];

    private async Task<SpeeddateParticipantRecord> NewParticipantAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, CancellationToken ct)
    {
        var user = turn.User;
        var address = await AddressAsync(turn, deal, ct);
        var organisation = address is null ? null : OrganisationDirectory.Resolve(address);
        var participant = new SpeeddateParticipantRecord
        {
            PartitionKey = session.RowKey,
            PersonKey = user.Key,
            UserId = user.Id,
            Name = string.IsNullOrWhiteSpace(user.Name) ? user.Id : user.Name,
            TenantId = user.TenantId,
            ServiceUrl = turn.ServiceUrl,
            BotId = turn.Bot.Id,
            Locale = turn.Activity.Locale,
            Address = address,
            Deal = session.DealName,
            Organisation = organisation?.Organisation.Name ?? string.Empty,
            OrganisationType = (organisation?.Organisation.Type ?? OrganisationType.Other).ToString(),
            IsLate = session.State == SpeeddateStates.Running,
            JoinedAt = time.GetUtcNow(),
        };
        // Independent writes: side by side, so a press costs one storage round trip here, not two.
        await Task.WhenAll(
            store.SaveParticipantAsync(participant, ct),
            directory.RememberPersonAsync(user, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl, null, ct));
        return participant;
    }

    // The roster gives the e-mail address (organisation guess and group chat link); without it both are skipped.
    private async Task<string?> AddressAsync(TurnContext turn, DealRecord deal, CancellationToken ct)
    {
        try
        {
            var me = await rosters.FindAsync(deal.ServiceUrl, deal.TeamId ?? deal.ChannelId, deal.TenantId, turn.User, ct);
            return me?.Address;
        }
        catch (ConnectorException e)
        {
            logger.LogInformation("No roster for a speeddate sign-up ({Status})", (int)e.Status);
            return null;
        }
    }

    private async Task<CardActionResult> ConfirmAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, ConfirmSpeeddateDetails data, CancellationToken ct)
    {
        if (session.State == SpeeddateStates.Finished)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.finished"]);
        }

        var dealName = data.Deal;
        var organisation = data.Organisation;
        var type = data.OrganisationType;
        if (dealName.Length is 0 or > MaxTextLength || organisation.Length is 0 or > MaxTextLength || !SpeeddateSessionMath.IsOrganisationType(type))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.invalid_confirmation"]);
        }

        var participant = await store.FindParticipantAsync(session.RowKey, turn.User.Key, ct) ?? await NewParticipantAsync(turn, deal, session, ct);
        participant.Deal = dealName;
        participant.Organisation = organisation;
        participant.OrganisationType = type;
        participant.IsConfirmed = true;
        await store.SaveParticipantAsync(participant, ct);
        var count = (await store.ListParticipantsAsync(session.RowKey, ct)).Count;
        return CardActionResult.WithCard(SpeeddateCards.SignUp(SpeeddateViews.SignUp(turn.Language, session, count, participant, turn.Texts["speeddate.signup.saved"])));
    }

    private async Task<CardActionResult> SetGroupSizeAsync(
        TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, string groupSize, string? cardActivityId, CancellationToken ct)
    {
        if (session.State != SpeeddateStates.Open)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts[session.State == SpeeddateStates.Finished ? "speeddate.finished" : "speeddate.already_started"]);
        }

        var size = groupSize switch
        {
            "2" => SpeeddateSessionMath.PairGroups,
            "3" => SpeeddateSessionMath.TrioGroups,
            _ => 0,
        };
        if (size == 0)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.invalid_group_size"]);
        }

        session.GroupSize = size;
        if (!await store.TryUpdateSessionAsync(session, ct))
        {
            // Someone started the session (or changed it) in the meantime: nothing of this press is stored.
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.changed_meanwhile"]);
        }

        if (cardActivityId is not null)
        {
            var (dealKey, sessionId, channelLanguage) = (deal.PartitionKey, session.RowKey, Languages.FromLocale(deal.Language));
            turn.UpdateSharedCard(cardActivityId, (services, token) => SharedSignUpAsync(services.GetRequiredService<SpeeddateStore>(), dealKey, sessionId, channelLanguage, token));
        }

        var participants = await store.ListParticipantsAsync(session.RowKey, ct);
        var mine = participants.FirstOrDefault(p => p.PersonKey == turn.User.Key);
        var note = turn.Texts[size == SpeeddateSessionMath.TrioGroups ? "speeddate.groupsize.trios" : "speeddate.groupsize.pairs"];
        return CardActionResult.WithCard(SpeeddateCards.SignUp(SpeeddateViews.SignUp(turn.Language, session, participants.Count, mine, note, RefreshUsers(participants))));
    }

    // The organiser's own copy of the sign-up card with the decks this deal may use; the shared card is unchanged.
    private async Task<CardActionResult> ShowDecksAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, CancellationToken ct)
    {
        if (session.State != SpeeddateStates.Open)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts[session.State == SpeeddateStates.Finished ? "speeddate.finished" : "speeddate.already_started"]);
        }

        var choices = SpeeddateViews.DeckChoices(turn.Language, await decks.ListOwnAsync(deal.PartitionKey, ct), await decks.ListSharedByOthersAsync(deal.PartitionKey, ct));
        var participants = await store.ListSignUpsAsync(session.RowKey, ct);
        var view = SpeeddateViews.SignUp(turn.Language, session, participants.Count, null, turn.Texts["speeddate.deck.pick"], RefreshUsers(participants))
            with { DeckChoices = choices, ChosenDeck = session.Deck ?? DeckReference.Default.Value };
        return CardActionResult.WithCard(SpeeddateCards.SignUp(view));
    }

    private async Task<CardActionResult> SetDeckAsync(
        TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, string chosen, string? cardActivityId, CancellationToken ct)
    {
        if (session.State != SpeeddateStates.Open)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts[session.State == SpeeddateStates.Finished ? "speeddate.finished" : "speeddate.already_started"]);
        }

        // Only the default, this deal's own decks and decks other deals share; a forged value finds nothing.
        var reference = DeckReference.Parse(chosen);
        var deck = reference is { IsDefault: false } ? await decks.FindUsableAsync(deal.PartitionKey, reference, ct) : null;
        if (reference is null || (!reference.IsDefault && deck is null))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.deck.unknown"]);
        }

        session.Deck = reference.IsDefault ? null : reference.Value;
        session.DeckName = deck?.Name;
        if (!await store.TryUpdateSessionAsync(session, ct))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.changed_meanwhile"]);
        }

        if (cardActivityId is not null)
        {
            var (dealKey, sessionId, channelLanguage) = (deal.PartitionKey, session.RowKey, Languages.FromLocale(deal.Language));
            turn.UpdateSharedCard(cardActivityId, (services, token) => SharedSignUpAsync(services.GetRequiredService<SpeeddateStore>(), dealKey, sessionId, channelLanguage, token));
        }

        var participants = await store.ListSignUpsAsync(session.RowKey, ct);
        var name = deck?.Name ?? turn.Texts[ConversationQuestions.NameKey];
        return CardActionResult.WithCard(SpeeddateCards.SignUp(SpeeddateViews.SignUp(
            turn.Language, session, participants.Count, null, turn.Texts.Format("speeddate.deck.chosen", name), RefreshUsers(participants))));
    }

    private async Task<CardActionResult> StartAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, CancellationToken ct)
    {
        if (session.State != SpeeddateStates.Open)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts[session.State == SpeeddateStates.Finished ? "speeddate.finished" : "speeddate.already_started"]);
        }

        var participants = await store.ListParticipantsAsync(session.RowKey, ct);
        if (participants.Count < 2)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.too_few"]);
        }

        if (participants.Count > SpeeddateSessionMath.MaxParticipants)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("speeddate.too_many", SpeeddateSessionMath.MaxParticipants));
        }

        // The deck's questions are copied into the session now: editing the deck later does not change this session.
        var deck = DeckReference.Parse(session.Deck) ?? DeckReference.Default;
        var questions = deck.IsDefault
            ? QuestionDecks.DefaultDeck()
            : await decks.FindUsableAsync(deal.PartitionKey, deck, ct) is { } chosen ? QuestionDecks.Snapshot(chosen.Questions()) : null;
        if (questions is not { Count: > 0 })
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.deck.gone"]);
        }

        var plan = await conductor.PlanAsync(session, participants, ct);
        session.PlanJson = SpeeddateStore.WritePlan(plan.AsIdLists());
        session.QuestionsJson = SessionQuestions.Write(questions);
        var planned = SpeeddateStore.ReadPlan(session.PlanJson);
        SpeeddateConductor.AssignQuestions(session, planned, 0);
        session.UnavoidableRepeats = plan.UnavoidableRepeats;
        session.PlannedHistoryRepeats = plan.Score.HistoryRepeats;
        session.State = SpeeddateStates.Running;
        session.CurrentRound = 1;
        session.StartedAt = time.GetUtcNow();
        session.RoundStartedAt = session.StartedAt;
        if (!await store.TryUpdateSessionAsync(session, ct))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.already_started"]);
        }

        var rounds = SpeeddateStore.ReadPlan(session.PlanJson);
        var published = await conductor.PublishRoundAsync(deal, session, participants, 1, Groups(rounds[0]), null, ct);
        var tables = rounds.Max(r => r.Count);
        var shortDeck = questions.Count < tables ? turn.Texts.Format("speeddate.deck.short", questions.Count, tables) : null;
        return Control(turn, session, rounds[0], participants, published, shortDeck);
    }

    private async Task<CardActionResult> NextAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, CancellationToken ct)
    {
        if (session.State != SpeeddateStates.Running)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.not_running"]);
        }

        var step = await conductor.AdvanceAsync(deal, session, turn.Language, ct);
        return step switch
        {
            { Finished: { } metrics } => CardActionResult.WithCard(SpeeddateCards.Metrics(metrics)),
            { Groups: { } groups } => Control(turn, session, groups, step.Participants, step.Published),
            _ => CardActionResult.Problem(turn.Language, turn.Texts["speeddate.not_running"]),
        };
    }

    private async Task<CardActionResult> ReseatAsync(TurnContext turn, DealRecord deal, SpeeddateSessionRecord session, string noShows, CancellationToken ct)
    {
        if (session.State != SpeeddateStates.Running)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.not_running"]);
        }

        var participants = await store.ListParticipantsAsync(session.RowKey, ct);
        var absent = noShows.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var participant in participants.Where(p => absent.Contains(p.PersonKey) && !p.IsAbsent))
        {
            participant.IsAbsent = true;
            await store.SaveParticipantAsync(participant, ct);
        }

        var plan = SpeeddateStore.ReadPlan(session.PlanJson);
        var index = session.CurrentRound - 1;
        var before = plan[index];
        var groups = await conductor.ReseatAsync(session, plan, index, participants, ct);
        if (ReferenceEquals(groups, before))
        {
            return Control(turn, session, before, participants, RoundPublication.Nothing);
        }

        plan[index] = groups;
        session.PlanJson = SpeeddateStore.WritePlan(plan);
        SpeeddateConductor.AssignQuestions(session, plan, index);
        if (!await store.TryUpdateSessionAsync(session, ct))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.not_running"]);
        }

        var published = await conductor.PublishRoundAsync(deal, session, participants, session.CurrentRound, Groups(groups), Groups(before), ct);
        return Control(turn, session, groups, participants, published);
    }

    private static CardActionResult Control(
        TurnContext turn, SpeeddateSessionRecord session, List<List<string>> round, IReadOnlyList<SpeeddateParticipantRecord> participants, RoundPublication published, string? deckNote = null)
    {
        var seated = round.SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var present = participants.Where(p => seated.Contains(p.PersonKey))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .Select(p => new Cards.Adaptive.Choice(p.Name, p.PersonKey))
            .ToList();
        var waiting = participants.Count(p => !p.IsAbsent && !seated.Contains(p.PersonKey));
        string?[] notes =
        [
            published.Undelivered > 0 ? turn.Texts.Format("speeddate.control.undelivered", published.Undelivered) : null,
            published.MeetingProblemKey is { } problem ? turn.Texts[problem] : null,
            deckNote,
        ];
        var note = notes.Any(n => n is not null) ? string.Join(" ", notes.OfType<string>()) : null;
        return CardActionResult.WithCard(SpeeddateCards.Control(new SpeeddateControlView(turn.Language, session.RowKey, session.CurrentRound, session.Rounds, present, waiting, note)));
    }

    private static IReadOnlyList<IReadOnlyList<string>> Groups(List<List<string>> round) => [.. round.Select(g => (IReadOnlyList<string>)g)];
}
