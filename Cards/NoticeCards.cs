using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

public enum NoticeKind { Information, Success, Problem }

/// <summary>A short message in a card: used for errors, confirmations and "not allowed" answers.</summary>
public sealed record NoticeCardView(Language Language, NoticeKind Kind, string Title, string Message);

public static class NoticeCards
{
    public static AdaptiveCard Notice(NoticeCardView view) => new()
    {
        Lang = view.Language.Code(),
        Speak = view.Title,
        Body =
        [
            new Container(
            [
                new TextBlock(view.Title)
                {
                    Weight = TextWeight.Bolder,
                    Style = "heading",
                    Color = view.Kind switch
                    {
                        NoticeKind.Problem => TextColor.Attention,
                        NoticeKind.Success => TextColor.Good,
                        _ => null,
                    },
                },
                new TextBlock(view.Message),
            ])
            {
                Style = view.Kind == NoticeKind.Problem ? ContainerStyle.Attention : ContainerStyle.Emphasis,
            },
        ],
    };

    /// <summary>The standard card for input the bot could not use; the title is localised, the message given.</summary>
    public static AdaptiveCard Problem(Language language, string message) =>
        Notice(new NoticeCardView(language, NoticeKind.Problem, Texts.For(language)["error.title"], message));
}
