using CityDealBot.Cards;
using CityDealBot.Teams;

namespace CityDealBot.Speeddates;

/// <summary>The one-question feedback on the summary card, in the personal chat: stored on the person's own participant row.</summary>
public sealed class SpeeddateFeedback(SpeeddateStore store) : ICardActionHandler<SendSpeeddateFeedback>
{
    public async Task<CardActionResult> HandleAsync(TurnContext turn, SendSpeeddateFeedback action, CardPress press, CancellationToken ct)
    {
        if (!int.TryParse(action.Score, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.feedback.invalid"]);
        }

        // Who answers is who pressed; only someone who took part in that session has a row to answer on.
        if (action.Session is not { Length: > 0 } sessionId || await store.FindParticipantAsync(sessionId, turn.User.Key, ct) is not { } participant)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["speeddate.unknown_session"]);
        }

        participant.Feedback = score;
        await store.SaveParticipantAsync(participant, ct);
        return CardActionResult.WithMessage(turn.Texts["speeddate.feedback.thanks"]);
    }
}
