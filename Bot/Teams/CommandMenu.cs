using CityDealBot.Cards.Localization;

namespace CityDealBot.Teams;

/// <summary>One command in a Teams command menu, in one language.</summary>
public sealed record CommandMenuEntry(string Title, string Description);

/// <summary>The command menu of one manifest scope (<c>team</c>, <c>groupChat</c>, <c>personal</c>) in both languages.</summary>
public sealed record CommandMenuList(string ManifestScope, IReadOnlyList<CommandMenuEntry> Dutch, IReadOnlyList<CommandMenuEntry> English)
{
    public IReadOnlyList<CommandMenuEntry> In(Language language) => language == Language.English ? English : Dutch;
}

/// <summary>
/// The Teams manifest's command lists, derived from the <see cref="CommandCatalog"/>: per scope, the menu entries of
/// the commands that work there, in catalogue order, at most <see cref="MaxCommandsPerList"/>. The committed manifest
/// (manifest/app) is checked against this by a test, which also rewrites it with <c>UPDATE_SNAPSHOTS=1</c>.
/// </summary>
public static class CommandMenu
{
    // Limits of the Teams manifest schema (v1.16 to v1.23; later versions allow 12 commands, we keep to 10).
    public const int MaxCommandsPerList = 10;
    public const int MaxTitleLength = 32;
    public const int MaxDescriptionLength = 128;

    /// <summary>The manifest's scopes in the order of its command lists, each with where a command must work.</summary>
    public static IReadOnlyList<(string ManifestScope, CommandScopes Scope)> Scopes { get; } =
    [
        ("team", CommandScopes.Channel),
        ("groupChat", CommandScopes.GroupChat),
        ("personal", CommandScopes.Personal),
    ];

    public static IReadOnlyList<CommandMenuList> For(CommandCatalog catalog) =>
        [.. Scopes.Select(s => ListFor(catalog, s.ManifestScope, s.Scope))];

    private static CommandMenuList ListFor(CommandCatalog catalog, string manifestScope, CommandScopes scope)
    {
        var items = catalog.All
            .Where(c => c.Definition.Scopes.HasFlag(scope))
            .SelectMany(c => c.Definition.Menu.Select(item => (c.Definition, Item: item)))
            .Take(MaxCommandsPerList)
            .ToList();
        return new CommandMenuList(manifestScope, Entries(Language.Dutch), Entries(Language.English));

        IReadOnlyList<CommandMenuEntry> Entries(Language language)
        {
            var texts = Texts.For(language);
            return [.. items.Select(i => Checked(new CommandMenuEntry(i.Definition.TitleFor(i.Item, language), texts[i.Item.DescriptionKey])))];
        }
    }

    private static CommandMenuEntry Checked(CommandMenuEntry entry)
    {
        if (entry.Title.Length > MaxTitleLength)
        {
            throw new InvalidOperationException($"The menu title '{entry.Title}' is longer than {MaxTitleLength} characters.");
        }

        // Screen readers read the description as a sentence; Teams cuts it off beyond the limit.
        if (entry.Description.Length > MaxDescriptionLength || entry.Description[^1] is not ('.' or '!' or '?'))
        {
            throw new InvalidOperationException($"The menu description of '{entry.Title}' must be one sentence of at most {MaxDescriptionLength} characters.");
        }

        return entry;
    }
}
