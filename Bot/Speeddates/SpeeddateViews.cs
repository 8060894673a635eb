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
        SpeeddateSessionMath.NormaliseGroupSize(session.GroupSize),
        session.DeckName ?? Texts.For(language)[ConversationQuestions.NameKey],
        session.BlockOf);

    /// <summary>The decks a deal may use, as card choices: the default, its own, then those other deals share.</summary>
    public static IReadOnlyList<Choice> DeckChoices(Language language, IEnumerable<QuestionDeckRecord> own, IEnumerable<QuestionDeckRecord> shared)
    {
        var texts = Texts.For(language);
        return
        [
            new Choice(texts.Format("decks.choice.default", texts[ConversationQuestions.NameKey], ConversationQuestions.Count), DeckReference.Default.Value),
            .. own.Select(d => new Choice(texts.Format("decks.choice.own", d.Name, d.Questions().Count), new DeckReference(d.PartitionKey, d.RowKey).Value)),
            .. shared.Select(d => new Choice(texts.Format("decks.choice.shared", d.Name, d.DealName, d.Questions().Count), new DeckReference(d.PartitionKey, d.RowKey).Value)),
        ];
    }

    public static IReadOnlyList<Choice> OrganisationTypes(Language language)
    {
        var texts = Texts.For(language);
        return [.. SpeeddateSessionMath.OrganisationTypes.Select(t => new Choice(texts["speeddate.type." + t], t.ToString()))];
    }
}
