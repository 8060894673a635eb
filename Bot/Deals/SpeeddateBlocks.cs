using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Deals;

/// <summary>
/// What a CoP session's speed-date block asks of the speeddates when it starts: a sign-up in the session's channel for
/// the people who said yes, with the session's choices.
/// </summary>
public sealed record SpeeddateBlockRequest(
    DealRecord Deal,
    string SourceId,
    string Title,
    int Rounds,
    int Minutes,
    int GroupSize,
    string? Deck,
    bool Online,
    string OrganiserKey,
    string? OrganiserObjectId,
    IReadOnlyList<string> PeopleKeys,
    Language Language);

/// <summary>What opening the block did: the sign-up's session id and how many of the invited could be told personally.</summary>
public sealed record SpeeddateBlockOpened(string SessionId, bool WasAlreadyOpen, int Invited, int Told);

/// <summary>
/// The contract between a feature that plans a speed-date block (CoP sessions) and the feature that runs speeddates,
/// so neither uses the other's namespace. The speeddates implement it; the planner offers its decks and group sizes
/// on its own card and asks it to open the block at its start.
/// </summary>
public interface ISpeeddateBlocks
{
    /// <summary>The decks this deal may use (the default first), as choices for a card.</summary>
    Task<IReadOnlyList<Choice>> DeckChoicesAsync(string dealKey, Language language, CancellationToken ct);

    /// <summary>Whether this deal may use the deck a card's choice names.</summary>
    Task<bool> IsUsableDeckAsync(string dealKey, string deck, CancellationToken ct);

    /// <summary>Opens the sign-up once per <see cref="SpeeddateBlockRequest.SourceId"/>; a second call finds it open.</summary>
    Task<SpeeddateBlockOpened> OpenAsync(SpeeddateBlockRequest request, CancellationToken ct);
}

/// <summary>The choices a speed-date block offers, the same as the <c>speeddate</c> command's.</summary>
public static class SpeeddateBlockLimits
{
    public const int MinRounds = 1;
    public const int MaxRounds = 6;
    public const int MinMinutes = 3;
    public const int MaxMinutes = 30;
    public const int DefaultRounds = 3;
    public const int DefaultMinutes = 8;

    /// <summary>The card value of the default deck.</summary>
    public const string DefaultDeck = "default";

    /// <summary>Pairs: one trio when the number is odd.</summary>
    public const int PairGroups = 2;

    /// <summary>Trios: groups of 3, with one or two pairs when the number is not a multiple of three; never four.</summary>
    public const int TrioGroups = 3;
}
