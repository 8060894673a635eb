using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Storage;

namespace CityDealBot.Speeddates;

/// <summary>One question card of a deck: its text and, optionally, its theme.</summary>
public sealed record DeckQuestion(string Text, string? Theme);

/// <summary>
/// An organiser's deck of question cards. Table <c>QuestionDecks</c>: PartitionKey = the owning deal's key, RowKey =
/// deck id; so a card button can only change decks of the channel it was pressed in. A shared deck is found by other
/// deals through a filter on <see cref="IsShared"/> and is read-only to them. No person's id is kept here (who
/// changed a deck is in the deal's audit log).
/// </summary>
public sealed class QuestionDeckRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The owning deal's name, shown to the deals it is shared with.</summary>
    public string DealName { get; set; } = string.Empty;

    /// <summary>The questions as JSON (<see cref="DeckQuestion"/>s).</summary>
    public string QuestionsJson { get; set; } = "[]";

    /// <summary>Visible (read-only) to every other deal's channel.</summary>
    public bool IsShared { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<DeckQuestion> Questions() => QuestionDecks.ReadQuestions(QuestionsJson);
}

/// <summary>How a deck is referred to: the built-in default, or a stored deck by its owning deal and id.</summary>
public sealed record DeckReference(string? OwnerDealKey, string? DeckId)
{
    public static DeckReference Default { get; } = new(null, null);

    public bool IsDefault => DeckId is null;

    /// <summary>The value on a card's choice: <c>default</c>, or <c>{deal}|{id}</c>.</summary>
    public string Value => IsDefault ? QuestionDecks.DefaultValue : OwnerDealKey + "|" + DeckId;

    /// <summary>A choice's value as a reference; null when it is neither the default nor a well-formed deck reference.</summary>
    public static DeckReference? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value == QuestionDecks.DefaultValue)
        {
            return string.IsNullOrEmpty(value) ? null : Default;
        }

        var bar = value.LastIndexOf('|');
        if (bar <= 0 || bar > 1024 || !QuestionDecks.IsDeckId(value[(bar + 1)..])
            || value[..bar].Any(c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c)))
        {
            return null;
        }

        return new DeckReference(value[..bar], value[(bar + 1)..]);
    }
}

/// <summary>The limits of a deck and the checks of what an organiser submits.</summary>
public static class QuestionDecks
{
    public const string DefaultValue = SpeeddateBlockLimits.DefaultDeck;
    public const int MaxNameLength = 60;
    public const int MaxQuestionLength = 200;
    public const int MaxThemeLength = 40;

    /// <summary>Questions per deck: enough for a hall of many tables, small enough for one card and one table property.</summary>
    public const int MaxQuestions = 30;

    /// <summary>Decks a deal may own.</summary>
    public const int MaxDecksPerDeal = 25;

    /// <summary>Empty rows the edit card offers for new questions.</summary>
    public const int NewRows = 5;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string NewDeckId() => Guid.NewGuid().ToString("N");

    public static bool IsDeckId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    public static string WriteQuestions(IEnumerable<DeckQuestion> questions) => JsonSerializer.Serialize(questions.ToList(), Json);

    public static IReadOnlyList<DeckQuestion> ReadQuestions(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<DeckQuestion>>(json, Json) ?? [];

    /// <summary>
    /// Reads an edit card's rows (<c>q{n}</c> and <c>theme{n}</c>): a row with neither is dropped (that is how a question is
    /// removed), a theme without a question is refused, as are texts over the limits. The problem is a text key with
    /// its arguments.
    /// </summary>
    public static (string? Name, List<DeckQuestion>? Questions, string? ProblemKey, object[] Arguments) Read(
        string name, IReadOnlyList<(string Text, string Theme)> rows)
    {
        name = name.Trim();
        if (name.Length == 0)
        {
            return (null, null, "decks.invalid.name_empty", []);
        }

        if (name.Length > MaxNameLength)
        {
            return (null, null, "decks.invalid.name_long", [MaxNameLength]);
        }

        var questions = new List<DeckQuestion>();
        for (var i = 0; i < rows.Count; i++)
        {
            var text = rows[i].Text.Trim();
            var theme = rows[i].Theme.Trim();
            if (text.Length == 0 && theme.Length == 0)
            {
                continue;
            }

            if (text.Length == 0)
            {
                return (null, null, "decks.invalid.question_empty", [i + 1]);
            }

            if (text.Length > MaxQuestionLength)
            {
                return (null, null, "decks.invalid.question_long", [i + 1, MaxQuestionLength, text.Length]);
            }

            if (theme.Length > MaxThemeLength)
            {
                return (null, null, "decks.invalid.theme_long", [i + 1, MaxThemeLength]);
            }

            questions.Add(new DeckQuestion(text, theme.Length == 0 ? null : theme));
        }

        if (questions.Count == 0)
        {
            return (null, null, "decks.invalid.no_questions", []);
        }

        if (questions.Count > MaxQuestions)
        {
            return (null, null, "decks.invalid.too_many", [MaxQuestions]);
        }

        return (name, questions, null, []);
    }

    /// <summary>The default deck in both languages, as a session keeps it.</summary>
    public static IReadOnlyList<SessionQuestion> DefaultDeck()
    {
        var nl = Texts.For(Language.Dutch);
        var en = Texts.For(Language.English);
        return [.. Enumerable.Range(1, ConversationQuestions.Count).Select(n => new SessionQuestion(
            nl[ConversationQuestions.Key(n)], en[ConversationQuestions.Key(n)], nl[ConversationQuestions.ThemeKey(n)], en[ConversationQuestions.ThemeKey(n)]))];
    }

    /// <summary>An organiser's deck as a session keeps it: written in one language, shown as written.</summary>
    public static IReadOnlyList<SessionQuestion> Snapshot(IEnumerable<DeckQuestion> questions) =>
        [.. questions.Select(q => new SessionQuestion(q.Text, null, q.Theme, null))];
}

/// <summary>
/// Decks (table <c>QuestionDecks</c>). A deal reads its own decks with one partition query and the decks shared by
/// others with one filter on the shared flag (a small table: a few decks per deal).
/// </summary>
public sealed class QuestionDeckStore(StorageTables tables)
{
    public const string Table = "QuestionDecks";

    public async Task AddAsync(QuestionDeckRecord deck, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var response = await table.AddEntityAsync(deck, ct);
        deck.ETag = response.Headers.ETag ?? default;
    }

    /// <summary>A deck of this deal (the owner's partition): the only decks a deal may change.</summary>
    public async Task<QuestionDeckRecord?> FindOwnAsync(string dealKey, string deckId, CancellationToken ct)
    {
        if (!QuestionDecks.IsDeckId(deckId))
        {
            return null;
        }

        var table = await tables.GetAsync(Table, ct);
        var found = await table.GetEntityIfExistsAsync<QuestionDeckRecord>(dealKey, deckId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>A deck this deal may use: its own, or another deal's shared deck; null otherwise.</summary>
    public async Task<QuestionDeckRecord?> FindUsableAsync(string dealKey, DeckReference reference, CancellationToken ct)
    {
        if (reference.IsDefault || reference.OwnerDealKey is null)
        {
            return null;
        }

        var deck = await FindOwnAsync(reference.OwnerDealKey, reference.DeckId!, ct);
        return deck is not null && (deck.PartitionKey == dealKey || deck.IsShared) ? deck : null;
    }

    public async Task<IReadOnlyList<QuestionDeckRecord>> ListOwnAsync(string dealKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var decks = new List<QuestionDeckRecord>();
        await foreach (var deck in table.QueryAsync<QuestionDeckRecord>(d => d.PartitionKey == dealKey, cancellationToken: ct))
        {
            decks.Add(deck);
        }

        return [.. decks.OrderBy(d => d.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Decks other deals share.</summary>
    public async Task<IReadOnlyList<QuestionDeckRecord>> ListSharedByOthersAsync(string dealKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var decks = new List<QuestionDeckRecord>();
        await foreach (var deck in table.QueryAsync<QuestionDeckRecord>(d => d.IsShared, cancellationToken: ct))
        {
            if (deck.PartitionKey != dealKey)
            {
                decks.Add(deck);
            }
        }

        return [.. decks.OrderBy(d => d.DealName, StringComparer.CurrentCultureIgnoreCase).ThenBy(d => d.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Saves a deck guarded by its ETag; false when someone changed it first.</summary>
    public async Task<bool> TryUpdateAsync(QuestionDeckRecord deck, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        try
        {
            var response = await table.UpdateEntityAsync(deck, deck.ETag, TableUpdateMode.Replace, ct);
            deck.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task DeleteAsync(QuestionDeckRecord deck, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        await table.DeleteEntityAsync(deck.PartitionKey, deck.RowKey, ETag.All, ct);
    }
}
