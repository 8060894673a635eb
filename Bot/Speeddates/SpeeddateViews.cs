using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Speeddates;

/// <summary>Builds the card view models from stored rows.</summary>
public static class SpeeddateViews
{
    public static SpeeddateSignUpView SignUp(Language language, SpeeddateSessionRecord session, int participants, SpeeddateParticipantRecord? mine, string? note, IReadOnlyList<string>? refreshFor = null) => new(
        language,
        session.RowKey,
        session.DealName,
        session.Rounds,
        session.Minutes,
        participants,
        OrganisationTypes(language),
        mine is null ? null : new SpeeddateConfirmation(mine.Deal, mine.Organisation, mine.OrganisationType, mine.IsConfirmed),
        note,
        refreshFor,
        SpeeddateSessionMath.NormaliseGroupSize(session.GroupSize));

    public static IReadOnlyList<Choice> OrganisationTypes(Language language)
    {
        var texts = Texts.For(language);
        return [.. SpeeddateSessionMath.OrganisationTypes.Select(t => new Choice(texts["speeddate.type." + t], t.ToString()))];
    }
}
