using System.Globalization;
using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>A deck in a list: its id on the card, name, number of questions, and whose it is.</summary>
public sealed record QuestionDeckSummary(string Reference, string Name, int Questions, bool IsShared, string? OwnerDeal = null);

/// <summary>The <c>vraagkaarten</c> card: the default deck, this deal's decks (to edit) and those other deals share (to view).</summary>
public sealed record QuestionDeckListView(
    Language Language, string DealName, QuestionDeckSummary Default, IReadOnlyList<QuestionDeckSummary> Own, IReadOnlyList<QuestionDeckSummary> Shared, string? Note, int MaxDecks);

public sealed record QuestionCardRow(string Text, string? Theme);

/// <summary>One deck, to edit (this deal's own) or to read (the default deck and decks other deals share).</summary>
public sealed record QuestionDeckView(
    Language Language, string Reference, string Name, bool IsShared, IReadOnlyList<QuestionCardRow> Questions, bool CanEdit, string? OwnerDeal, string? Note,
    int EmptyRows, int MaxNameLength, int MaxQuestionLength, int MaxThemeLength, string? Problem = null);

public static class QuestionDeckCards
{
    public const string ListVerb = "decks.list";
    public const string OpenVerb = "decks.open";
    public const string CreateVerb = "decks.create";
    public const string SaveVerb = "decks.save";
    public const string DeleteVerb = "decks.delete";

    public static AdaptiveCard List(QuestionDeckListView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts.Format("decks.title", view.DealName);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts["decks.intro"]),
        };
        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }

        body.Add(new TextBlock(texts["decks.section.default"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        body.Add(Row(texts, view.Default, "decks.action.view", null));
        body.Add(new TextBlock(texts["decks.section.own"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        if (view.Own.Count == 0)
        {
            body.Add(new TextBlock(texts["decks.none_own"]) { IsSubtle = true });
        }

        body.AddRange(view.Own.Select(d => Row(texts, d, "decks.action.edit", texts[d.IsShared ? "decks.shared" : "decks.not_shared"])));
        if (view.Shared.Count > 0)
        {
            body.Add(new TextBlock(texts["decks.section.shared"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(view.Shared.Select(d => Row(texts, d, "decks.action.view", texts.Format("decks.owner", d.OwnerDeal))));
        }

        if (view.Own.Count < view.MaxDecks)
        {
            body.Add(new TextInput { Id = "name", Label = texts["decks.field.new_name"], MaxLength = 60, Spacing = Spacing.Medium });
            body.Add(new ActionSet([CardActions.Execute(texts["decks.action.create"], CreateVerb, new JsonObject(), ActionStyle.Positive)]));
        }
        else
        {
            body.Add(new TextBlock(texts.Format("decks.max_decks", view.MaxDecks)) { IsSubtle = true, Spacing = Spacing.Medium });
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    public static AdaptiveCard Deck(QuestionDeckView view)
    {
        var texts = Texts.For(view.Language);
        var culture = view.Language.Culture();
        var title = texts.Format(view.CanEdit ? "decks.edit.title" : "decks.view.title", view.Name);
        var data = new JsonObject { ["deck"] = view.Reference };
        var body = new List<CardElement> { new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" } };
        if (view.Problem is not null)
        {
            body.Add(new TextBlock(view.Problem) { Color = TextColor.Attention, Weight = TextWeight.Bolder });
        }

        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }

        if (!view.CanEdit)
        {
            if (view.OwnerDeal is not null)
            {
                body.Add(new TextBlock(texts.Format("decks.view.owner", view.OwnerDeal)) { IsSubtle = true });
            }

            body.AddRange(view.Questions.Select((q, i) => new Container(
            [
                .. q.Theme is null ? Array.Empty<CardElement>() : [new TextBlock(q.Theme) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None }],
                new TextBlock($"{(i + 1).ToString(culture)}. {q.Text}"),
            ]) { Separator = true }));
            body.Add(new ActionSet([CardActions.Execute(texts["decks.action.back"], ListVerb, new JsonObject(), sendInputs: false)]));
            return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
        }

        body.Add(new TextBlock(texts["decks.edit.intro"]));
        body.Add(new TextInput { Id = "name", Label = texts["decks.field.name"], Value = view.Name, MaxLength = view.MaxNameLength, IsRequired = true, ErrorMessage = texts["decks.field.required"] });
        body.Add(new ToggleInput(texts["decks.field.shared"]) { Id = "shared", Value = view.IsShared ? "true" : "false", ValueOn = "true", ValueOff = "false" });
        var rows = view.Questions.Concat(Enumerable.Repeat(new QuestionCardRow(string.Empty, null), view.EmptyRows)).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            body.Add(new TextInput
            {
                Id = "q" + n,
                Label = texts.Format("decks.field.question", i + 1),
                Value = rows[i].Text.Length == 0 ? null : rows[i].Text,
                MaxLength = view.MaxQuestionLength,
                IsMultiline = true,
                Spacing = Spacing.Medium,
            });
            body.Add(new TextInput { Id = "theme" + n, Placeholder = texts["decks.field.theme"], Value = rows[i].Theme, MaxLength = view.MaxThemeLength, Spacing = Spacing.Small });
        }

        body.Add(new ActionSet(
        [
            CardActions.Execute(texts["decks.action.save"], SaveVerb, data, ActionStyle.Positive),
            CardActions.Execute(texts["decks.action.back"], ListVerb, new JsonObject(), sendInputs: false),
            CardActions.Execute(texts["decks.action.delete"], DeleteVerb, data, ActionStyle.Destructive, sendInputs: false),
        ]));
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    private static Container Row(Texts texts, QuestionDeckSummary deck, string actionKey, string? detail) => new(
    [
        new TextBlock(deck.Name) { Weight = TextWeight.Bolder },
        new TextBlock(detail is null ? texts.Format("decks.count", deck.Questions) : texts.Format("decks.count", deck.Questions) + " · " + detail) { IsSubtle = true, Spacing = Spacing.None },
        new ActionSet([CardActions.Execute(texts[actionKey], OpenVerb, new JsonObject { ["deck"] = deck.Reference }, sendInputs: false)]),
    ]) { Separator = true };
}
