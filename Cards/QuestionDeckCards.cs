using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>A deck in a list: its id on the card, name, number of questions, and whose it is.</summary>
public sealed record QuestionDeckSummary(string Reference, string Name, int Questions, bool IsShared, string? OwnerDeal = null);

/// <summary>The <c>vraagkaarten</c> card: the default deck, this deal's decks (to edit) and those other deals share (to view).</summary>
public sealed record QuestionDeckListView(
    Language Language, string DealName, QuestionDeckSummary Default, IReadOnlyList<QuestionDeckSummary> Own, IReadOnlyList<QuestionDeckSummary> Shared, string? Note, int MaxDecks, int MaxNameLength);

public sealed record QuestionCardRow(string Text, string? Theme);

/// <summary>One deck, to edit (this deal's own) or to read (the default deck and decks other deals share).</summary>
public sealed record QuestionDeckView(
    Language Language, string Reference, string Name, bool IsShared, IReadOnlyList<QuestionCardRow> Questions, bool CanEdit, string? OwnerDeal, string? Note,
    int EmptyRows, int MaxNameLength, int MaxQuestionLength, int MaxThemeLength, string? Problem = null);

/// <summary>The list of decks (the <c>vraagkaarten</c> card again).</summary>
public sealed record ShowQuestionDecks : ICardAction
{
    public static string Verb => "decks.list";
}

/// <summary>One deck: to edit when it is this deal's own and the presser may, else to read.</summary>
public sealed record OpenQuestionDeck([property: CardId] string Deck = "") : ICardAction
{
    public static string Verb => "decks.open";
}

public sealed record CreateQuestionDeck([property: CardInput] string Name = "") : ICardAction
{
    public static string Verb => "decks.create";
}

/// <summary>
/// The edit card's answers: name, shared, and a question and theme per row (<see cref="QuestionField"/>,
/// <see cref="ThemeField"/>), whose number of rows follows the deck.
/// </summary>
public sealed record SaveQuestionDeck([property: CardId] string Deck = "", [property: CardInput] string Name = "", [property: CardInput] bool Shared = false) : ICardAction
{
    public static string Verb => "decks.save";

    /// <summary>The rows' inputs as the client sent them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Rows { get; init; }

    public static string QuestionField(int row) => "q" + row.ToString(CultureInfo.InvariantCulture);

    public static string ThemeField(int row) => "theme" + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>A row's text, trimmed; anything that is not text reads as empty.</summary>
    public string Row(string field) =>
        Rows is not null && Rows.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : string.Empty;
}

public sealed record DeleteQuestionDeck([property: CardId] string Deck = "") : ICardAction
{
    public static string Verb => "decks.delete";
}

public static class QuestionDeckCards
{
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
            body.Add(new TextInput { Id = CardFields.Of<CreateQuestionDeck>(nameof(CreateQuestionDeck.Name)), Label = texts["decks.field.new_name"], MaxLength = view.MaxNameLength, Spacing = Spacing.Medium });
            body.Add(new ActionSet([CardActions.Execute(texts["decks.action.create"], new CreateQuestionDeck(), ActionStyle.Positive)]));
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
            body.Add(new ActionSet([CardActions.Execute(texts["decks.action.back"], new ShowQuestionDecks(), sendInputs: false)]));
            return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
        }

        body.Add(new TextBlock(texts["decks.edit.intro"]));
        body.Add(new TextInput { Id = CardFields.Of<SaveQuestionDeck>(nameof(SaveQuestionDeck.Name)), Label = texts["decks.field.name"], Value = view.Name, MaxLength = view.MaxNameLength, IsRequired = true, ErrorMessage = texts["decks.field.required"] });
        body.Add(new ToggleInput(texts["decks.field.shared"]) { Id = CardFields.Of<SaveQuestionDeck>(nameof(SaveQuestionDeck.Shared)), Value = view.IsShared ? "true" : "false", ValueOn = "true", ValueOff = "false" });
        var rows = view.Questions.Concat(Enumerable.Repeat(new QuestionCardRow(string.Empty, null), view.EmptyRows)).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            body.Add(new TextInput
            {
                Id = SaveQuestionDeck.QuestionField(i + 1),
                Label = texts.Format("decks.field.question", i + 1),
                Value = rows[i].Text.Length == 0 ? null : rows[i].Text,
                MaxLength = view.MaxQuestionLength,
                IsMultiline = true,
                Spacing = Spacing.Medium,
            });
            body.Add(new TextInput { Id = SaveQuestionDeck.ThemeField(i + 1), Placeholder = texts["decks.field.theme"], Value = rows[i].Theme, MaxLength = view.MaxThemeLength, Spacing = Spacing.Small });
        }

        body.Add(new ActionSet(
        [
            CardActions.Execute(texts["decks.action.save"], new SaveQuestionDeck(view.Reference), ActionStyle.Positive),
            CardActions.Execute(texts["decks.action.back"], new ShowQuestionDecks(), sendInputs: false),
            CardActions.Execute(texts["decks.action.delete"], new DeleteQuestionDeck(view.Reference), ActionStyle.Destructive, sendInputs: false),
        ]));
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    private static Container Row(Texts texts, QuestionDeckSummary deck, string actionKey, string? detail) => new(
    [
        new TextBlock(deck.Name) { Weight = TextWeight.Bolder },
        new TextBlock(detail is null ? texts.Format("decks.count", deck.Questions) : texts.Format("decks.count", deck.Questions) + " · " + detail) { IsSubtle = true, Spacing = Spacing.None },
        new ActionSet([CardActions.Execute(texts[actionKey], new OpenQuestionDeck(deck.Reference), sendInputs: false)]),
    ]) { Separator = true };
}
