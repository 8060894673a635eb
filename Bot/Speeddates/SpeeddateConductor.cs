using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Dispatch;
using CityDealBot.Pairing;
using CityDealBot.Storage;
using CityDealBot.Graph;

namespace CityDealBot.Speeddates;

/// <summary>
/// Runs a session in Teams: plans it with the engine, posts each round in the channel and sends every
/// participant their group, reseats a round for no-shows and latecomers, and closes the session.
/// </summary>
public sealed class SpeeddateConductor(
    SpeeddateStore store,
    DealDirectory directory,
    PersonalMessages messages,
    ProactiveOutbox outbox,
    ProactiveDispatcher dispatcher,
    GraphGateway meetings,
    TimeProvider time,
    ILogger<SpeeddateConductor> logger)
{
    /// <summary>The planner gets at most this long; it returns its best plan so far when cancelled.</summary>
    private static readonly TimeSpan PlanningTime = TimeSpan.FromSeconds(10);

    public static SpeeddateParticipant ToEngine(SpeeddateParticipantRecord p) =>
        new(p.PersonKey, p.Deal.Trim().ToLowerInvariant(), p.Organisation.Trim().ToLowerInvariant(), p.OrganisationType);

    public async Task<SpeeddatePlan> PlanAsync(SpeeddateSessionRecord session, IReadOnlyList<SpeeddateParticipantRecord> participants, CancellationToken ct)
    {
        var history = await store.HistoryAmongAsync([.. participants.Select(p => p.PersonKey)], ct);
        var request = new SpeeddateRequest
        {
            Participants = [.. participants.OrderBy(p => p.PersonKey, StringComparer.Ordinal).Select(ToEngine)],
            History = history,
            Rounds = session.Rounds,
            GroupSize = SpeeddateSessionMath.NormaliseGroupSize(session.GroupSize),
            Seed = session.Seed,
        };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(PlanningTime);
        return SpeeddatePlanner.Plan(request, limit.Token);
    }

    /// <summary>
    /// Reseats one round (0-based) around the people marked absent and the people present but not seated.
    /// Returns the new groups, or the planned ones when nothing changed.
    /// </summary>
    public async Task<List<List<string>>> ReseatAsync(
        SpeeddateSessionRecord session, List<List<List<string>>> plan, int roundIndex, IReadOnlyList<SpeeddateParticipantRecord> participants, CancellationToken ct)
    {
        var planned = plan[roundIndex];
        var seated = planned.SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var noShows = participants.Where(p => p.IsAbsent && seated.Contains(p.PersonKey)).Select(p => p.PersonKey).ToList();
        var latecomers = participants.Where(p => !p.IsAbsent && !seated.Contains(p.PersonKey)).ToList();
        if (noShows.Count == 0 && latecomers.Count == 0)
        {
            return planned;
        }

        var inPlan = plan.SelectMany(r => r).SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var everyone = participants.Where(p => inPlan.Contains(p.PersonKey)).OrderBy(p => p.PersonKey, StringComparer.Ordinal).ToList();
        var history = await store.HistoryAmongAsync([.. participants.Select(p => p.PersonKey)], ct);
        var request = new SpeeddateRequest
        {
            Participants = [.. everyone.Select(ToEngine)],
            History = history,
            Rounds = session.Rounds,
            GroupSize = SpeeddateSessionMath.NormaliseGroupSize(session.GroupSize),
            Seed = session.Seed,
        };
        var rounds = plan.Select((r, i) => new SpeeddateRound(i + 1, [.. r.Select(g => new SpeeddateGroup(g))])).ToList();
        var replan = SpeeddateReplanner.Replan(request, rounds, roundIndex, noShows, [.. latecomers.Select(ToEngine)]);
        return [.. replan.Round.Groups.Select(g => g.Members.ToList())];
    }

    /// <summary>
    /// Posts the round in the channel and sends each seated person their group. Only people whose group differs
    /// from <paramref name="previous"/> get a personal message (all of them when it is null).
    /// Online sessions get a Teams meeting per group through Graph when it is configured, else a group chat link;
    /// the meetings are made before this returns, so the organiser's answer can say when they could not be. The
    /// post and the personal messages leave afterwards through the dispatcher, so the organiser's press is answered
    /// without waiting for Teams' pacing; messages that could not be delivered are reported to the organiser in a
    /// personal message.
    /// </summary>
    public async Task<RoundPublication> PublishRoundAsync(
        DealRecord deal,
        SpeeddateSessionRecord session,
        IReadOnlyList<SpeeddateParticipantRecord> participants,
        int round,
        IReadOnlyList<IReadOnlyList<string>> groups,
        IReadOnlyList<IReadOnlyList<string>>? previous,
        CancellationToken ct)
    {
        var byKey = participants.ToDictionary(p => p.PersonKey, StringComparer.Ordinal);
        var channelLanguage = Languages.FromLocale(deal.Language);
        var channelTexts = Texts.For(channelLanguage);
        var tables = groups.Select((g, i) => new SpeeddateTable(
            i + 1,
            [.. g.Select(k => Seat(byKey, k))],
            QuestionText(session, round, i + 1, channelLanguage))).ToList();
        var roundCard = SpeeddateCards.Round(new SpeeddateRoundView(channelLanguage, session.DealName, round, session.Rounds, session.Minutes, tables));

        var unchanged = previous?.Select(Signature).ToHashSet(StringComparer.Ordinal) ?? [];
        var changed = Enumerable.Range(0, groups.Count).Where(t => !unchanged.Contains(Signature(groups[t]))).ToList();
        var meetingLinks = new string?[groups.Count];
        // Online tables without Graph (or without the organiser's Entra id) get chat links; the organiser is told why.
        string? meetingProblem = !session.IsOnline ? null
            : !meetings.IsConfigured ? "speeddate.meeting.not_configured"
            : session.OrganiserObjectId is null ? "speeddate.meeting.no_organiser"
            : null;
        if (session.IsOnline && meetings.IsConfigured && session.OrganiserObjectId is { } organiser)
        {
            var start = time.GetUtcNow();
            // The tables' meetings are asked for side by side; each one's external id makes a retry return the same.
            await dispatcher.ForEachAsync(changed, async (t, token) =>
            {
                var result = await meetings.CreateOrGetMeetingAsync(organiser, $"{session.RowKey}-r{round}-t{t + 1}", start, start.AddMinutes(session.Minutes),
                    channelTexts.Format("speeddate.meeting.subject", round, t + 1), [.. groups[t].Select(k => byKey.TryGetValue(k, out var m) ? m.Address : null).OfType<string>()], token);
                meetingLinks[t] = result.JoinUrl;
                if (!result.Succeeded)
                {
                    Interlocked.CompareExchange(ref meetingProblem, result.Failure switch
                    {
                        CalendarFailure.Forbidden => "speeddate.meeting.forbidden",
                        CalendarFailure.SignInFailed => "speeddate.meeting.signin",
                        _ => "speeddate.meeting.failed",
                    }, null);
                }
            }, ct);
        }

        var partition = DeliveryPartition(session.RowKey);
        var groupMessages = new List<ProactiveDelivery>();
        foreach (var t in changed)
        {
            var group = groups[t];
            foreach (var key in group.Where(byKey.ContainsKey))
            {
                var person = byKey[key];
                var language = Languages.FromLocale(person.Locale);
                var texts = Texts.For(language);
                var link = meetingLinks[t] ?? SpeeddateSessionMath.GroupChatLink(
                    [.. group.Select(k => byKey.TryGetValue(k, out var m) ? m.Address : null)],
                    texts.Format("speeddate.group.topic", round));
                var card = SpeeddateCards.Group(new SpeeddateGroupView(
                    language, session.DealName, round, session.Rounds, session.Minutes, t + 1,
                    [.. group.Where(k => k != key).Select(k => Seat(byKey, k))],
                    QuestionText(session, round, t + 1, language),
                    link));
                // A reseated person gets their new group: the group is part of the key.
                groupMessages.Add(ToPerson(partition, $"round:{round}:{key}:{Hash(Signature(group))}", person, card));
            }
        }

        var roundPost = new ProactiveDelivery(partition, $"round:{round}:channel:{Hash(string.Join('|', groups.Select(Signature)))}",
            async (claim, token) => await outbox.DeliverInChannelAsync(claim, deal, roundCard, token) == DeliveryOutcome.Sent);
        dispatcher.InBackground("speeddate round", async (services, token) =>
        {
            var sender = services.GetRequiredService<SpeeddateConductor>();
            var send = services.GetRequiredService<ProactiveDispatcher>();
            var tally = await send.DispatchAsync([roundPost], token);
            tally = tally.Add(await send.DispatchAsync(groupMessages, token));
            await sender.ReportUndeliveredAsync(deal, session, tally.NotSent + tally.Failed, token);
        });
        return new RoundPublication(0, meetingProblem);
    }

    /// <summary>The ledger partition of a session's round posts, group messages and summaries.</summary>
    public static string DeliveryPartition(string sessionId) => "speeddate:" + sessionId;

    /// <summary>
    /// Moves a running session on: the next round (reseated around no-shows and latecomers) or, after the last, the
    /// end. The session row changes with its ETag first, so of two presses (or a press and the timer) one wins.
    /// </summary>
    public async Task<SpeeddateAdvance> AdvanceAsync(DealRecord deal, SpeeddateSessionRecord session, Language organiserLanguage, CancellationToken ct)
    {
        var participants = await store.ListParticipantsAsync(session.RowKey, ct);
        var plan = SpeeddateStore.ReadPlan(session.PlanJson);
        if (session.CurrentRound >= session.Rounds)
        {
            session.State = SpeeddateStates.Finished;
            session.FinishedAt = time.GetUtcNow();
            return await store.TryUpdateSessionAsync(session, ct)
                ? new SpeeddateAdvance(await FinishAsync(session, plan, participants, organiserLanguage, ct), null, participants, RoundPublication.Nothing)
                : SpeeddateAdvance.Lost;
        }

        var index = session.CurrentRound;
        var groups = await ReseatAsync(session, plan, index, participants, ct);
        plan[index] = groups;
        session.PlanJson = SpeeddateStore.WritePlan(plan);
        AssignQuestions(session, plan, index);
        session.CurrentRound = index + 1;
        session.RoundStartedAt = time.GetUtcNow();
        if (!await store.TryUpdateSessionAsync(session, ct))
        {
            return SpeeddateAdvance.Lost;
        }

        var published = await PublishRoundAsync(deal, session, participants, index + 1, [.. groups.Select(g => (IReadOnlyList<string>)g)], null, ct);
        return new SpeeddateAdvance(null, groups, participants, published);
    }

    /// <summary>Stores the session's meetings as history, sends everyone their summary and returns the organiser's metrics.</summary>
    public async Task<SpeeddateMetricsView> FinishAsync(
        SpeeddateSessionRecord session, List<List<List<string>>> plan, IReadOnlyList<SpeeddateParticipantRecord> participants, Language organiserLanguage, CancellationToken ct)
    {
        var byKey = participants.ToDictionary(p => p.PersonKey, StringComparer.Ordinal);
        var held = plan.Take(session.Rounds).Select(r => (IReadOnlyList<IReadOnlyList<string>>)[.. r.Select(g => (IReadOnlyList<string>)g)]).ToList();
        var pairs = SpeeddateSessionMath.Pairs(held);
        var seated = pairs.Keys.SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal).ToList();
        var before = (await store.HistoryAmongAsync(seated, ct))
            .Select(m => SpeeddateSessionMath.Ordered(m.PersonA, m.PersonB))
            .ToHashSet();
        var fresh = SpeeddateSessionMath.NewContacts(pairs, seated, before);

        await store.AddHistoryAsync(pairs, time.GetUtcNow(), ct);

        var summaries = new List<ProactiveDelivery>();
        foreach (var key in seated.Where(byKey.ContainsKey))
        {
            var met = pairs.Keys.Where(p => p.A == key || p.B == key).Select(p => p.A == key ? p.B : p.A)
                .Select(k => Seat(byKey, k)).OrderBy(s => s.Name, StringComparer.CurrentCulture).ToList();
            var person = byKey[key];
            summaries.Add(ToPerson(DeliveryPartition(session.RowKey), "summary:" + key, person,
                SpeeddateCards.Summary(new SpeeddateSummaryView(Languages.FromLocale(person.Locale), session.DealName, met, fresh[key], session.RowKey))));
        }

        // The organiser's metrics answer the press now; the summaries follow through the dispatcher.
        dispatcher.InBackground("speeddate summaries", (services, token) => services.GetRequiredService<ProactiveDispatcher>().DispatchAsync(summaries, token));

        string Attribute(string key, Func<SpeeddateParticipantRecord, string> read) => byKey.TryGetValue(key, out var p) ? read(p).Trim() : key;
        return new SpeeddateMetricsView(
            organiserLanguage,
            session.DealName,
            seated.Count,
            session.Rounds,
            pairs.Values.Sum(),
            SpeeddateSessionMath.CrossShare(pairs.Keys, k => Attribute(k, p => p.Deal)),
            SpeeddateSessionMath.CrossShare(pairs.Keys, k => Attribute(k, p => p.Organisation)),
            pairs.Count(p => before.Contains(p.Key)) + pairs.Values.Sum(v => v - 1),
            session.UnavoidableRepeats,
            [.. seated.Select(k => new SpeeddateContactCount(Attribute(k, p => p.Name), fresh[k])).OrderBy(c => c.Name, StringComparer.CurrentCulture)]);
    }

    /// <summary>
    /// Gives the tables of one round (0-based) their questions from the session's snapshot of its deck, after the
    /// rounds before it; written into the session row, which the caller then saves.
    /// </summary>
    public static void AssignQuestions(SpeeddateSessionRecord session, List<List<List<string>>> plan, int roundIndex)
    {
        var deckSize = SessionQuestions.Read(session.QuestionsJson).Count;
        if (deckSize == 0)
        {
            return;
        }

        var assignments = SessionQuestions.ReadAssignments(session.QuestionPlanJson);
        while (assignments.Count <= roundIndex)
        {
            assignments.Add([]);
        }

        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> earlierGroups = [.. plan.Take(roundIndex).Select(r => (IReadOnlyList<IReadOnlyList<string>>)[.. r.Select(g => (IReadOnlyList<string>)g)])];
        IReadOnlyList<IReadOnlyList<int>> earlierQuestions = [.. assignments.Take(roundIndex).Select(a => (IReadOnlyList<int>)a)];
        assignments[roundIndex] = SessionQuestions.AssignRound(
            deckSize, [.. plan[roundIndex].Select(g => (IReadOnlyList<string>)g)], earlierGroups, earlierQuestions, session.Seed + roundIndex);
        session.QuestionPlanJson = SessionQuestions.WriteAssignments(assignments);
    }

    /// <summary>
    /// The question of a table (both 1-based) in this language: from the session's snapshot, or for a session from before
    /// decks existed, from the default deck as such sessions chose it.
    /// </summary>
    public static string QuestionText(SpeeddateSessionRecord session, int round, int table, Language language)
    {
        var questions = SessionQuestions.Read(session.QuestionsJson);
        var assignments = SessionQuestions.ReadAssignments(session.QuestionPlanJson);
        if (questions.Count > 0 && round - 1 < assignments.Count && table - 1 < assignments[round - 1].Count
            && assignments[round - 1][table - 1] is var index && index >= 0 && index < questions.Count)
        {
            return questions[index].In(language);
        }

        var number = SpeeddateSessionMath.QuestionFor(session.Seed, round, table);
        return questions.Count > 0 ? questions[(number - 1) % questions.Count].In(language) : Texts.For(language)[ConversationQuestions.Key(number)];
    }

    private static SpeeddateSeat Seat(Dictionary<string, SpeeddateParticipantRecord> byKey, string key) =>
        byKey.TryGetValue(key, out var p) ? new SpeeddateSeat(p.Name, p.Organisation) : new SpeeddateSeat(key, string.Empty);

    private static string Signature(IEnumerable<string> group) => string.Join('\n', group.Order(StringComparer.Ordinal));

    private static string Hash(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>A card for one participant, claimed under <paramref name="key"/>; parked in the outbox when Teams keeps failing.</summary>
    private ProactiveDelivery ToPerson(string partition, string key, SpeeddateParticipantRecord participant, AdaptiveCard card) =>
        new(partition, key, async (claim, ct) =>
        {
            var tenant = participant.TenantId ?? "unknown";
            var person = await directory.FindPersonAsync(tenant, participant.PersonKey, ct) ?? new PersonRecord
            {
                PartitionKey = TableKey.Encode(tenant),
                RowKey = TableKey.Encode(participant.PersonKey),
                UserId = participant.UserId,
                Name = participant.Name,
                Locale = participant.Locale,
                ServiceUrl = participant.ServiceUrl,
                BotId = participant.BotId,
            };
            if (string.IsNullOrEmpty(person.ServiceUrl))
            {
                person.ServiceUrl = participant.ServiceUrl;
                person.BotId ??= participant.BotId;
            }

            return await outbox.DeliverToPersonAsync(claim, person, card, ct) == DeliveryOutcome.Sent;
        });

    /// <summary>Tells the organiser, in their personal chat, how many of a round's messages could not be delivered now.</summary>
    private async Task ReportUndeliveredAsync(DealRecord deal, SpeeddateSessionRecord session, int undelivered, CancellationToken ct)
    {
        if (undelivered == 0 || await directory.FindPersonAsync(deal.TenantId ?? string.Empty, session.OrganiserKey, ct) is not { } organiser)
        {
            return;
        }

        var texts = Texts.For(Languages.FromLocale(organiser.Locale ?? deal.Language));
        try
        {
            await messages.SendAsync(organiser, Activity.CreateMessage(texts.Format("speeddate.control.undelivered", undelivered)), ct);
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "The organiser of speeddate {SessionId} could not be told about undelivered messages ({Status})", session.RowKey, (int)e.Status);
        }
    }
}

/// <summary>How publishing a round went: personal messages that could not be delivered, and why meetings fell back to chats.</summary>
public sealed record RoundPublication(int Undelivered, string? MeetingProblemKey)
{
    /// <summary>Nothing was published (the round card is only shown again).</summary>
    public static RoundPublication Nothing { get; } = new(0, null);
}

/// <summary>What a step of a session did: the end (its metrics), or the next round's groups; neither when another press won.</summary>
public sealed record SpeeddateAdvance(
    SpeeddateMetricsView? Finished, List<List<string>>? Groups, IReadOnlyList<SpeeddateParticipantRecord> Participants, RoundPublication Published)
{
    public static SpeeddateAdvance Lost { get; } = new(null, null, [], RoundPublication.Nothing);

    public bool WasLost => Finished is null && Groups is null;
}
