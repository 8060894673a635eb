using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Teams;

[Flags]
public enum CommandScopes
{
    Personal = 1,
    GroupChat = 2,
    Channel = 4,
    Everywhere = Personal | GroupChat | Channel,
}

/// <summary>
/// A command's words in both languages (several words allowed, e.g. "cop plannen") and the text key of its
/// description. Users may type either language's word; the reply follows their locale.
/// </summary>
public sealed record CommandDefinition(string DutchWord, string EnglishWord, string DescriptionKey, CommandScopes Scopes, int Order)
{
    public IEnumerable<string> Words => [DutchWord, EnglishWord];

    public string WordFor(Language language) => language == Language.English ? EnglishWord : DutchWord;
}

/// <summary>A typed command a feature answers, such as "hulp"/"help".</summary>
public interface IBotCommand
{
    CommandDefinition Definition { get; }

    /// <param name="arguments">The text after the command word, trimmed.</param>
    Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct);
}

/// <summary>
/// The outcome of a card button: a new card for this user, or a short message. <see cref="IsPersonal"/> marks
/// dealmaker-only output: Action.Execute answers only the person who pressed anyway, but the Action.Submit
/// fallback's answer would be a post everyone in the channel reads, so it goes to the person's 1:1 chat instead.
/// </summary>
public sealed record CardActionResult(AdaptiveCard? Card, string? Message, bool IsPersonal = false)
{
    public static CardActionResult WithCard(AdaptiveCard card) => new(card, null);

    /// <summary>A card for the person who pressed alone (the audit log, remarks, download links, the settings).</summary>
    public static CardActionResult Personal(AdaptiveCard card) => new(card, null, IsPersonal: true);

    public static CardActionResult WithMessage(string message) => new(null, message);

    public static CardActionResult Problem(Language language, string message) => new(NoticeCards.Problem(language, message), null);
}

/// <summary>Answers the card verbs of one feature.</summary>
public interface ICardActionHandler
{
    IReadOnlyCollection<string> Verbs { get; }

    Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct);
}

/// <summary>Reacts to the bot being added or removed and to membership changes.</summary>
public interface IConversationLifecycleHandler
{
    Task OnBotAddedAsync(TurnContext turn, CancellationToken ct);

    Task OnBotRemovedAsync(TurnContext turn, CancellationToken ct);
}

/// <summary>Sees every validated activity before dispatch, e.g. to remember who the user is.</summary>
public interface ITurnObserver
{
    Task OnTurnAsync(TurnContext turn, CancellationToken ct);
}

/// <summary>All registered commands, matched longest word first so "cop plannen" wins over "cop".</summary>
public sealed class CommandCatalog(IEnumerable<IBotCommand> commands)
{
    private readonly IReadOnlyList<(string Word, IBotCommand Command)> _byWord = [.. commands
        .SelectMany(c => c.Definition.Words.Select(w => (Word: w, Command: c)))
        .DistinctBy(p => p.Word.ToLowerInvariant())
        .OrderByDescending(p => p.Word.Length)];

    public IEnumerable<IBotCommand> All => _byWord.Select(p => p.Command).Distinct().OrderBy(c => c.Definition.Order);

    public (IBotCommand Command, string Arguments)? Match(string text)
    {
        foreach (var (word, command) in _byWord)
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && (text.Length == word.Length || char.IsWhiteSpace(text[word.Length])))
            {
                return (command, text[word.Length..].Trim());
            }
        }

        return null;
    }

    /// <summary>The command overview for the help and welcome cards, in the user's language and scope.</summary>
    public IReadOnlyList<CommandHelp> HelpFor(Language language, ConversationKind kind)
    {
        var scope = kind switch
        {
            ConversationKind.Personal => CommandScopes.Personal,
            ConversationKind.GroupChat => CommandScopes.GroupChat,
            _ => CommandScopes.Channel,
        };
        var texts = Texts.For(language);
        return [.. All
            .Where(c => c.Definition.Scopes.HasFlag(scope))
            .Select(c => new CommandHelp(c.Definition.WordFor(language), texts[c.Definition.DescriptionKey]))];
    }
}
