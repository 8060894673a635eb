using CityDealBot.Cards.Localization;
namespace CityDealBot.Elections;

/// <summary>Labels around lobby reminders, in Dutch and English, for cards and messages.</summary>
public static class ElectionTexts
{
    public static LocalizedText Status(ElectionDateStatus status) => status switch
    {
        ElectionDateStatus.Held => new("gehouden", "held"),
        ElectionDateStatus.Official => new("officiële datum", "official date"),
        ElectionDateStatus.Computed => new("berekend volgens de Kieswet", "computed from electoral law"),
        ElectionDateStatus.Estimate => new("schatting", "estimate"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static LocalizedText DueBasis(LobbyDueBasis basis) => basis switch
    {
        LobbyDueBasis.Scheduled => new("vaste datum", "fixed date"),
        LobbyDueBasis.Estimated => new("verwachte datum; bevestig wanneer het gebeurd is", "expected date; confirm when it happened"),
        LobbyDueBasis.Confirmed => new("bevestigd", "confirmed"),
        LobbyDueBasis.Compressed => new("vervroegde verkiezing: ingehaald", "snap election: catching up"),
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
    };

    public static LocalizedText Event(LobbyEvent lobbyEvent) => lobbyEvent switch
    {
        LobbyEvent.CoalitionAgreementPublished => new("Coalitieakkoord gepubliceerd", "Coalition agreement published"),
        LobbyEvent.AdministratorsInstalled => new("Nieuwe bestuurders aangetreden", "New administrators took office"),
        _ => throw new ArgumentOutOfRangeException(nameof(lobbyEvent), lobbyEvent, null),
    };

    public static LocalizedText Late { get; } = new(
        "Deze herinnering komt later dan gepland: de bot was niet bereikbaar.",
        "This reminder is later than planned: the bot was unavailable.");

    public static LocalizedText GovernmentKindName(GovernmentKind kind) => kind switch
    {
        GovernmentKind.Municipality => new("Gemeente", "Municipality"),
        GovernmentKind.Province => new("Provincie", "Province"),
        GovernmentKind.WaterBoard => new("Waterschap", "Water board"),
        GovernmentKind.Ministry => new("Ministerie", "Ministry"),
        GovernmentKind.CaribbeanPublicBody => new("Openbaar lichaam", "Caribbean public body"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
