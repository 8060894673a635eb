using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

public sealed record MyDataView(Language Language, IReadOnlyList<Fact> RowsPerKind, string DownloadUrl);

/// <summary>"Forget me" confirmed: it carries nothing, because it is always about the person who pressed it.</summary>
public sealed record ForgetMeConfirmed : ICardAction
{
    public static string Verb => "privacy.forget";
}

public static class PrivacyCards
{

    public static AdaptiveCard MyData(MyDataView view)
    {
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts["privacy.mydata.title"],
            Body =
            [
                new TextBlock(texts["privacy.mydata.title"]) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
                new TextBlock(texts["privacy.mydata.intro"]),
                new FactSet([.. view.RowsPerKind]),
                new TextBlock(texts["privacy.mydata.link_note"]) { IsSubtle = true, Size = TextSize.Small },
            ],
            Actions = [new OpenUrlAction(texts["privacy.mydata.download"], view.DownloadUrl)],
        };
    }

    public static AdaptiveCard ConfirmForget(Language language)
    {
        var texts = Texts.For(language);
        return new AdaptiveCard
        {
            Lang = language.Code(),
            Speak = texts["privacy.forget.title"],
            Body =
            [
                new TextBlock(texts["privacy.forget.title"]) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
                new TextBlock(texts["privacy.forget.explain"]),
                new TextBlock(texts["privacy.forget.keeps"]) { IsSubtle = true },
                new ActionSet([CardActions.Execute(texts["privacy.forget.confirm"], new ForgetMeConfirmed(), style: ActionStyle.Destructive, sendInputs: false)]),
            ],
        };
    }
}
