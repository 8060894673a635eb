using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Teams;

namespace CityDealBot.Speeddates;

/// <summary>
/// The buttons of the question-deck cards. The deal is always the channel's: a deck is changed only in the channel
/// of the deal that owns it, by its organisers and dealmakers; other deals (and partners) can only read a shared deck.
/// </summary>
public sealed class QuestionDeckActions(DealDirectory directory, QuestionDeckStore decks, AuditTrail audit, TimeProvider time)
    : ICardActionHandler<ShowQuestionDecks>, ICardActionHandler<OpenQuestionDeck>, ICardActionHandler<CreateQuestionDeck>,
      ICardActionHandler<SaveQuestionDeck>, ICardActionHandler<DeleteQuestionDeck>
{
    public Task<CardActionResult> HandleAsync(TurnContext turn, ShowQuestionDecks action, CardPress press, CancellationToken ct) =>
        InDealAsync(turn, mustEdit: false, async (deal, _) => CardActionResult.WithCard(await ListAsync(turn.Language, deal, null, ct)), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, OpenQuestionDeck action, CardPress press, CancellationToken ct) =>
        InDealAsync(turn, mustEdit: false, (deal, mayEdit) => OpenAsync(turn, deal, DeckReference.Parse(action.Deck), mayEdit, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, CreateQuestionDeck action, CardPress press, CancellationToken ct) =>
        InDealAsync(turn, mustEdit: true, (deal, _) => CreateAsync(turn, deal, action.Name, ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, SaveQuestionDeck action, CardPress press, CancellationToken ct) =>
        InDealAsync(turn, mustEdit: true, (deal, _) => WithOwnDeckAsync(turn, deal, action.Deck, deck => SaveAsync(turn, deal, deck, action, ct), ct), ct);

    public Task<CardActionResult> HandleAsync(TurnContext turn, DeleteQuestionDeck action, CardPress press, CancellationToken ct) =>
        InDealAsync(turn, mustEdit: true, (deal, _) => WithOwnDeckAsync(turn, deal, action.Deck, deck => DeleteAsync(turn, deal, deck, ct), ct), ct);

    /// <summary>The channel's deal, and whether the presser may change its decks (its organisers and dealmakers).</summary>
    private async Task<CardActionResult> InDealAsync(TurnContext turn, bool mustEdit, Func<DealRecord, bool, Task<CardActionResult>> run, CancellationToken ct)
    {
        var deal = turn.Conversation.ChannelId is { } channelId ? await directory.FindDealAsync(channelId, ct) : null;
        if (deal is not { IsActive: true })
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["error.not_in_channel"]);
        }

        var mayEdit = await directory.HasRoleAsync(deal.ChannelId, turn.User.Key, ct, DealRoles.Organiser, DealRoles.Dealmaker);
        return mustEdit && !mayEdit
            ? CardActionResult.Problem(turn.Language, turn.Texts["decks.only_organisers"])
            : await run(deal, mayEdit);
    }

    /// <summary>Only this deal's own decks can be changed: a shared deck of another deal is not in this deal's partition.</summary>
    private async Task<CardActionResult> WithOwnDeckAsync(TurnContext turn, DealRecord deal, string value, Func<QuestionDeckRecord, Task<CardActionResult>> run, CancellationToken ct)
    {
        var reference = DeckReference.Parse(value);
        if (reference is null || reference.IsDefault || reference.OwnerDealKey != deal.PartitionKey)
        {
            var other = reference is { IsDefault: false } ? await decks.FindUsableAsync(deal.PartitionKey, reference, ct) : null;
            return CardActionResult.Problem(turn.Language, other is not null || reference is { IsDefault: true }
                ? turn.Texts["decks.not_yours"]
                : turn.Texts["decks.unknown"]);
        }

        return await decks.FindOwnAsync(deal.PartitionKey, reference.DeckId!, ct) is { } deck
            ? await run(deck)
            : CardActionResult.Problem(turn.Language, turn.Texts["decks.unknown"]);
    }

    public async Task<AdaptiveCard> ListAsync(Language language, DealRecord deal, string? note, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var own = await decks.ListOwnAsync(deal.PartitionKey, ct);
        var shared = await decks.ListSharedByOthersAsync(deal.PartitionKey, ct);
        return QuestionDeckCards.List(new QuestionDeckListView(
            language,
            deal.TeamName ?? deal.ChannelName ?? string.Empty,
            new QuestionDeckSummary(DeckReference.Default.Value, texts[ConversationQuestions.NameKey], ConversationQuestions.Count, true),
            [.. own.Select(d => Summary(d, null))],
            [.. shared.Select(d => Summary(d, d.DealName))],
            note,
            QuestionDecks.MaxDecksPerDeal,
            QuestionDecks.MaxNameLength));
    }

    private async Task<CardActionResult> OpenAsync(TurnContext turn, DealRecord deal, DeckReference? reference, bool mayEdit, CancellationToken ct)
    {
        if (reference is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["decks.unknown"]);
        }

        if (reference.IsDefault)
        {
            var questions = QuestionDecks.DefaultDeck().Select(q => new QuestionCardRow(
                turn.Language == Language.English ? q.En ?? q.Nl : q.Nl, turn.Language == Language.English ? q.ThemeEn ?? q.Theme : q.Theme)).ToList();
            return CardActionResult.WithCard(QuestionDeckCards.Deck(View(turn.Language, reference.Value, turn.Texts[ConversationQuestions.NameKey], true, questions, false, null, null)));
        }

        var deck = await decks.FindUsableAsync(deal.PartitionKey, reference, ct);
        if (deck is null)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["decks.unknown"]);
        }

        var own = deck.PartitionKey == deal.PartitionKey;
        return CardActionResult.WithCard(QuestionDeckCards.Deck(View(
            turn.Language, reference.Value, deck.Name, deck.IsShared, Rows(deck), own && mayEdit, own ? null : deck.DealName, null)));
    }

    private async Task<CardActionResult> CreateAsync(TurnContext turn, DealRecord deal, string name, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > QuestionDecks.MaxNameLength)
        {
            return CardActionResult.Problem(turn.Language, name.Length == 0
                ? turn.Texts["decks.invalid.name_empty"]
                : turn.Texts.Format("decks.invalid.name_long", QuestionDecks.MaxNameLength));
        }

        if ((await decks.ListOwnAsync(deal.PartitionKey, ct)).Count >= QuestionDecks.MaxDecksPerDeal)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts.Format("decks.max_decks", QuestionDecks.MaxDecksPerDeal));
        }

        // A new deck starts empty and unshared; it is usable once it has a question.
        var deck = new QuestionDeckRecord
        {
            PartitionKey = deal.PartitionKey,
            RowKey = QuestionDecks.NewDeckId(),
            Name = name,
            DealName = deal.TeamName ?? deal.ChannelName ?? string.Empty,
            QuestionsJson = QuestionDecks.WriteQuestions([]),
            UpdatedAt = time.GetUtcNow(),
        };
        await decks.AddAsync(deck, ct);
        await audit.RecordAsync(deal.PartitionKey, AuditActions.DeckSaved, turn.User.Name, [deck.Name, "false"], ct);
        return CardActionResult.WithCard(QuestionDeckCards.Deck(View(
            turn.Language, new DeckReference(deck.PartitionKey, deck.RowKey).Value, deck.Name, false, [], true, null, turn.Texts["decks.created"])));
    }

    private async Task<CardActionResult> SaveAsync(TurnContext turn, DealRecord deal, QuestionDeckRecord deck, SaveQuestionDeck data, CancellationToken ct)
    {
        var rows = SubmittedRows(data);
        var shared = data.Shared;
        var reference = new DeckReference(deck.PartitionKey, deck.RowKey).Value;
        var (name, questions, problem, arguments) = QuestionDecks.Read(data.Name, rows);
        if (problem is not null)
        {
            // Nothing is stored; the card comes back with everything as it was typed and what to fix.
            var last = rows.FindLastIndex(r => r.Text.Length > 0 || r.Theme.Length > 0);
            var typed = rows.Take(Math.Min(last + 1, QuestionDecks.MaxQuestions)).Select(r => new QuestionCardRow(r.Text, r.Theme.Length == 0 ? null : r.Theme)).ToList();
            var view = View(turn.Language, reference, data.Name is { Length: > 0 } typedName ? typedName : deck.Name, shared, typed, true, null, null)
                with { Problem = turn.Texts.Format(problem, arguments) + " " + turn.Texts["decks.nothing_saved"] };
            return CardActionResult.WithCard(QuestionDeckCards.Deck(view));
        }

        deck.Name = name!;
        deck.QuestionsJson = QuestionDecks.WriteQuestions(questions!);
        deck.IsShared = shared;
        deck.DealName = deal.TeamName ?? deal.ChannelName ?? deck.DealName;
        deck.UpdatedAt = time.GetUtcNow();
        if (!await decks.TryUpdateAsync(deck, ct))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["decks.changed_meanwhile"]);
        }

        await audit.RecordAsync(deal.PartitionKey, AuditActions.DeckSaved, turn.User.Name, [deck.Name, shared ? "true" : "false"], ct);
        return CardActionResult.WithCard(QuestionDeckCards.Deck(View(turn.Language, reference, deck.Name, deck.IsShared, Rows(deck), true, null,
            turn.Texts.Format("decks.saved", questions!.Count))));
    }

    private async Task<CardActionResult> DeleteAsync(TurnContext turn, DealRecord deal, QuestionDeckRecord deck, CancellationToken ct)
    {
        // Sessions that started with this deck keep their own copy of its questions.
        await decks.DeleteAsync(deck, ct);
        await audit.RecordAsync(deal.PartitionKey, AuditActions.DeckDeleted, turn.User.Name, [deck.Name], ct);
        return CardActionResult.WithCard(await ListAsync(turn.Language, deal, turn.Texts.Format("decks.deleted", deck.Name), ct));
    }

    /// <summary>The rows of an edit card (<c>q1</c>, <c>theme1</c>, …), up to the most a card can hold.</summary>
    private static List<(string Text, string Theme)> SubmittedRows(SaveQuestionDeck data)
    {
        var rows = new List<(string, string)>();
        for (var i = 1; i <= QuestionDecks.MaxQuestions + QuestionDecks.NewRows; i++)
        {
            rows.Add((data.Row(SaveQuestionDeck.QuestionField(i)), data.Row(SaveQuestionDeck.ThemeField(i))));
        }

        return rows;
    }

    private static List<QuestionCardRow> Rows(QuestionDeckRecord deck) => [.. deck.Questions().Select(q => new QuestionCardRow(q.Text, q.Theme))];

    private static QuestionDeckSummary Summary(QuestionDeckRecord deck, string? owner) =>
        new(new DeckReference(deck.PartitionKey, deck.RowKey).Value, deck.Name, deck.Questions().Count, deck.IsShared, owner);

    private static QuestionDeckView View(
        Language language, string reference, string name, bool shared, List<QuestionCardRow> questions, bool canEdit, string? owner, string? note) =>
        new(language, reference, name, shared, questions, canEdit, owner, note,
            Math.Clamp(QuestionDecks.MaxQuestions - questions.Count, 0, QuestionDecks.NewRows),
            QuestionDecks.MaxNameLength, QuestionDecks.MaxQuestionLength, QuestionDecks.MaxThemeLength);
}
