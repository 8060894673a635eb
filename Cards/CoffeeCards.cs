using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>The coffee settings of one person: in or out, how often, paused until when.</summary>
public sealed record CoffeeSettingsView(Language Language, bool IsMember, string Cadence, string? PausedUntil, string? Confirmation);

/// <summary>Someone to have coffee with.</summary>
public sealed record CoffeePartner(string Name, string Organisation, string Deal);

/// <summary>The week's introduction: who, a question to start with, three proposed times and the viewer's ticks, or the agreed time.</summary>
public sealed record CoffeeIntroView(
    Language Language, string Week, string GroupId, IReadOnlyList<CoffeePartner> Partners, string Starter,
    IReadOnlyList<string> Slots, IReadOnlyList<int> MyTicks, int? Agreed, string? IcsUrl, string? JoinUrl = null);

/// <summary>"Join" or "Save" on the coffee settings: how often, and paused until when (yyyy-MM-dd; empty for no pause).</summary>
public sealed record CoffeeSettingsSaved([property: CardInput] string Cadence = "", [property: CardInput] string Pause = "") : ICardAction
{
    public static string Verb => "coffee.save";
}

/// <summary>"Leave" on the coffee settings: always about the person who pressed it.</summary>
public sealed record CoffeeLeft : ICardAction
{
    public static string Verb => "coffee.leave";
}

/// <summary>What every button about one coffee group names: the week of the round and the group.</summary>
public abstract record CoffeeGroupPress
{
    [CardId]
    public string Week { get; init; } = "";

    [CardId]
    public string Group { get; init; } = "";
}

/// <summary>A proposed time ticked or unticked on the week's introduction; <paramref name="Slot"/> is its index.</summary>
public sealed record CoffeeTimeTicked(int Slot = -1) : CoffeeGroupPress, ICardAction
{
    public static string Verb => "coffee.tick";
}

/// <summary>The follow-up's answer: <c>yes</c>, <c>later</c> or <c>no</c>.</summary>
public sealed record CoffeeMetAnswered(string Answer = "") : CoffeeGroupPress, ICardAction
{
    public static string Verb => "coffee.met";

    public const string Yes = "yes";
    public const string Later = "later";
    public const string No = "no";
}

public static class CoffeeCards
{

    public static AdaptiveCard Settings(CoffeeSettingsView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts["coffee.settings.title"]) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts["coffee.settings.intro"]) { IsSubtle = true },
        };
        if (view.Confirmation is not null)
        {
            body.Add(new TextBlock(view.Confirmation) { Color = TextColor.Good });
        }

        body.Add(new TextBlock(view.IsMember
            ? texts.Format("coffee.settings.member", texts["coffee.cadence." + view.Cadence]) + (view.PausedUntil is null ? string.Empty : " " + texts.Format("coffee.settings.paused", view.PausedUntil))
            : texts["coffee.settings.not_member"]) { Weight = TextWeight.Bolder });
        body.Add(new ChoiceSetInput(
        [
            new Choice(texts["coffee.cadence.Weekly"], "Weekly"),
            new Choice(texts["coffee.cadence.Biweekly"], "Biweekly"),
        ]) { Id = CardFields.Of<CoffeeSettingsSaved>(nameof(CoffeeSettingsSaved.Cadence)), Label = texts["coffee.field.cadence"], Value = view.Cadence });
        body.Add(new DateInput { Id = CardFields.Of<CoffeeSettingsSaved>(nameof(CoffeeSettingsSaved.Pause)), Label = texts["coffee.field.pause"], Value = view.PausedUntil });
        var actions = new List<CardAction> { CardActions.Execute(texts[view.IsMember ? "coffee.action.save" : "coffee.action.join"], new CoffeeSettingsSaved(), ActionStyle.Positive) };
        if (view.IsMember)
        {
            actions.Add(CardActions.Execute(texts["coffee.action.leave"], new CoffeeLeft(), ActionStyle.Destructive, sendInputs: false));
        }

        return new AdaptiveCard { Lang = view.Language == Language.English ? "en" : "nl", Body = body, Actions = actions };
    }

    public static AdaptiveCard Intro(CoffeeIntroView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts["coffee.intro.kicker"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(texts.Format("coffee.intro.title", string.Join(" & ", view.Partners.Select(p => p.Name)))) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new FactSet([.. view.Partners.Select(p => new Fact(p.Name, string.Join(" · ", new[] { p.Organisation, p.Deal }.Where(s => s.Length > 0))))]),
            new TextBlock(texts.Format("coffee.intro.starter", view.Starter)) { IsSubtle = true },
        };
        if (view.Agreed is { } agreed)
        {
            body.Add(new TextBlock(texts.Format("coffee.intro.agreed", view.Slots[agreed])) { Weight = TextWeight.Bolder, Color = TextColor.Good });
            return new AdaptiveCard
            {
                Lang = view.Language == Language.English ? "en" : "nl",
                Body = body,
                Actions = [.. new[]
                {
                    view.JoinUrl is null ? null : new OpenUrlAction(texts["cop.action.join"], view.JoinUrl),
                    view.IcsUrl is null ? null : new OpenUrlAction(texts["cop.action.ics"], view.IcsUrl),
                }.OfType<CardAction>()],
            };
        }

        body.Add(new TextBlock(texts["coffee.intro.pick"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        for (var i = 0; i < view.Slots.Count; i++)
        {
            var mine = view.MyTicks.Contains(i);
            body.Add(new TextBlock((mine ? "☑ " : "☐ ") + view.Slots[i]) { Spacing = Spacing.Small });
            body.Add(new ActionSet([CardActions.Execute(texts[mine ? "cop.poll.untick" : "cop.poll.tick"], new CoffeeTimeTicked(i) { Week = view.Week, Group = view.GroupId }, mine ? null : ActionStyle.Positive, sendInputs: false)]) { Spacing = Spacing.None });
        }

        return new AdaptiveCard { Lang = view.Language == Language.English ? "en" : "nl", Body = body };
    }

    public static AdaptiveCard FollowUp(Language language, string week, string groupId, string partners)
    {
        var texts = Texts.For(language);
        CoffeeMetAnswered Answer(string answer) => new(answer) { Week = week, Group = groupId };
        return new AdaptiveCard
        {
            Lang = language == Language.English ? "en" : "nl",
            Body = [new TextBlock(texts.Format("coffee.followup.question", partners)) { Weight = TextWeight.Bolder }],
            Actions =
            [
                CardActions.Execute(texts["coffee.followup.yes"], Answer(CoffeeMetAnswered.Yes), ActionStyle.Positive, sendInputs: false),
                CardActions.Execute(texts["coffee.followup.later"], Answer(CoffeeMetAnswered.Later), null, sendInputs: false),
                CardActions.Execute(texts["coffee.followup.no"], Answer(CoffeeMetAnswered.No), null, sendInputs: false),
            ],
        };
    }
}
