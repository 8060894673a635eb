using System.Globalization;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Elections.Lobby;

/// <summary>Turns the pure lobby calendar's values into card view models in one language.</summary>
public static class LobbyViews
{
    public static string Date(DateOnly date, Language language) =>
        date.ToString(language == Language.English ? "d MMMM yyyy" : "d MMMM yyyy", language.Culture());

    public static string ElectionName(Election election, Language language)
    {
        var name = election.Kind.DisplayName().In(language.Code());
        return election.NewMunicipality is { } merged ? $"{name} {merged}" : name;
    }

    public static LobbyReminderView Reminder(
        Language language,
        string dealName,
        LobbyOccurrence occurrence,
        IReadOnlyList<Government> governments,
        LobbyProgressRecord progress,
        bool isLate,
        DateOnly today)
    {
        var code = language.Code();
        var moment = occurrence.Moment;
        var checkedIds = progress.Checked.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new LobbyReminderView(
            language,
            new LobbyMomentRef(occurrence.DealId, occurrence.Election.Id, occurrence.MomentKey),
            dealName,
            moment.Title.In(code),
            ElectionName(occurrence.Election, language),
            Date(occurrence.Election.Date, language),
            ElectionTexts.Status(occurrence.Election.StatusOn(today)).In(code),
            Date(occurrence.DueDate, language),
            ElectionTexts.DueBasis(occurrence.Basis).In(code),
            [.. governments.Select(g => GovernmentName(g, language))],
            moment.Why.In(code),
            [.. moment.Checklist.Select((item, i) => new ChecklistItem(i.ToString(CultureInfo.InvariantCulture), item.In(code), checkedIds.Contains(i.ToString(CultureInfo.InvariantCulture))))],
            isLate ? ElectionTexts.Late.In(code) : null,
            moment.ConfirmedBy is { } lobbyEvent && occurrence.Basis == LobbyDueBasis.Estimated ? ElectionTexts.Event(lobbyEvent).In(code) : null,
            progress.IsDone,
            progress.SnoozedUntil is { } until ? Date(DateOnly.FromDateTime(until.UtcDateTime), language) : null);
    }

    public static string GovernmentName(Government government, Language language) =>
        government.Kind == GovernmentKind.Municipality
            ? $"{ElectionTexts.GovernmentKindName(government.Kind).In(language.Code())} {government.Name}"
            : government.Name;

    public static LobbyTimelineEntry TimelineEntry(LobbyOccurrence occurrence, Language language, DateOnly today) => new(
        Date(occurrence.DueDate, language),
        occurrence.Moment.Title.In(language.Code()),
        ElectionName(occurrence.Election, language),
        Date(occurrence.Election.Date, language),
        ElectionTexts.Status(occurrence.Election.StatusOn(today)).In(language.Code()),
        string.Join(", ", occurrence.Governments.Select(g => GovernmentName(g, language))));
}
