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
/// A command's words in both languages (several words allowed, e.g. "mijn gegevens"), the text key of its
/// description on the help card, where it works, its place in the catalogue and what the Teams command menu offers
/// for it. Users may type either language's word; the reply follows their locale.
/// </summary>
/// <param name="Order">Place on the help card and in the command menu; in a scope with more than
/// <see cref="CommandMenu.MaxCommandsPerList"/> menu entries the lowest orders are offered.</param>
/// <param name="Menu">The command menu entries (the manifest's command lists), each the command word plus optional
/// arguments; empty keeps the command out of the menu.</param>
public sealed record CommandDefinition(string DutchWord, string EnglishWord, string DescriptionKey, CommandScopes Scopes, int Order, IReadOnlyList<CommandMenuItem> Menu)
{
    public IEnumerable<string> Words => [DutchWord, EnglishWord];

    public string WordFor(Language language) => language == Language.English ? EnglishWord : DutchWord;

    /// <summary>The menu title of an entry: the command word, then the entry's arguments in the same language.</summary>
    public string TitleFor(CommandMenuItem item, Language language) =>
        item.ArgumentsFor(language) is { Length: > 0 } arguments ? $"{WordFor(language)} {arguments}" : WordFor(language);
}

/// <summary>
/// One entry of the Teams command menu: the command word with optional arguments (<c>cop</c> + <c>plannen</c>/<c>plan</c>)
/// and the text key of its one-sentence menu description.
/// </summary>
public sealed record CommandMenuItem(string DescriptionKey, string? DutchArguments = null, string? EnglishArguments = null)
{
    public string? ArgumentsFor(Language language) => language == Language.English ? EnglishArguments : DutchArguments;
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

/// <summary>Reacts to the bot being added or removed and to membership changes.</summary>
public interface IConversationLifecycleHandler
{
    Task OnBotAddedAsync(TurnContext turn, CancellationToken ct);

    Task OnBotRemovedAsync(TurnContext turn, CancellationToken ct);
}

/// <summary>Reacts to people (not the bot) joining a team or chat the bot is in (<c>conversationUpdate</c> membersAdded).</summary>
public interface ITeamMemberHandler
{
    Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<Connector.ChannelAccount> members, CancellationToken ct);
}

/// <summary>Sees every validated activity before dispatch, e.g. to remember who the user is.</summary>
public interface ITurnObserver
{
    Task OnTurnAsync(TurnContext turn, CancellationToken ct);
}

/// <summary>
/// All registered commands: the single source of the command words the bot understands, the help cards and the
/// Teams manifest's command menu (<see cref="CommandMenu"/>). Words are matched longest first so "mijn gegevens"
/// wins over a shorter word. Two commands with the same word or the same order are refused when it is built (the
/// first turn, and the manifest tests).
/// </summary>
public sealed class CommandCatalog
{
    private readonly IReadOnlyList<(string Word, IBotCommand Command)> _byWord;

    public CommandCatalog(IEnumerable<IBotCommand> commands)
    {
        var all = commands.ToList();
        if (all.GroupBy(c => c.Definition.Order).FirstOrDefault(g => g.Count() > 1) is { } sameOrder)
        {
            throw new InvalidOperationException($"Commands {string.Join(", ", sameOrder.Select(c => c.Definition.DutchWord))} share order {sameOrder.Key}.");
        }

        var byWord = all
            .SelectMany(c => c.Definition.Words.Select(w => (Word: w.ToLowerInvariant(), Command: c)))
            .Distinct()
            .ToList();
        if (byWord.GroupBy(p => p.Word).FirstOrDefault(g => g.Count() > 1) is { } sameWord)
        {
            throw new InvalidOperationException($"The command word '{sameWord.Key}' belongs to more than one command.");
        }

        _byWord = [.. byWord.OrderByDescending(p => p.Word.Length)];
        All = [.. all.OrderBy(c => c.Definition.Order)];
    }

    /// <summary>Every command in catalogue order (<see cref="CommandDefinition.Order"/>).</summary>
    public IReadOnlyList<IBotCommand> All { get; }

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
