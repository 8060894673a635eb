using System.Text.Json;
using System.Text.Json.Serialization;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>Identifies one lobby moment of one deal on the card's buttons.</summary>
public sealed record LobbyMomentRef(string DealId, string ElectionId, string MomentKey);

/// <summary>What every button of a lobby reminder names: the deal (checked against the channel and the role), the election and the moment.</summary>
public abstract record LobbyMomentPress
{
    [CardId]
    public string Deal { get; init; } = "";

    [CardId]
    public string Election { get; init; } = "";

    [CardId]
    public string Moment { get; init; } = "";

    /// <summary>The press of <typeparamref name="TPress"/> on the reminder of <paramref name="moment"/>.</summary>
    public static TPress On<TPress>(LobbyMomentRef moment)
        where TPress : LobbyMomentPress, new() =>
        new() { Deal = moment.DealId, Election = moment.ElectionId, Moment = moment.MomentKey };
}

/// <summary>The reminder's checklist toggles, one input per item (<see cref="LobbyCards.ChecklistInput"/>), sent with "save" and "done".</summary>
public abstract record LobbyChecklistPress : LobbyMomentPress
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>Whether the toggle of item <paramref name="index"/> came back on.</summary>
    public bool IsTicked(int index) =>
        Inputs?.TryGetValue(LobbyCards.ChecklistInput(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var value) == true
        && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() == "true";
}

/// <summary>"Save" on a lobby reminder: the ticked checklist items.</summary>
public sealed record LobbyChecklistSaved : LobbyChecklistPress, ICardAction
{
    public static string Verb => "lobby.check";
}

/// <summary>"Done" on a lobby reminder: the ticked items, and the moment marked done.</summary>
public sealed record LobbyMomentDone : LobbyChecklistPress, ICardAction
{
    public static string Verb => "lobby.done";
}

/// <summary>"Remind me in a week" on a lobby reminder.</summary>
public sealed record LobbyMomentSnoozed : LobbyMomentPress, ICardAction
{
    public static string Verb => "lobby.snooze";
}

/// <summary>A lobby event (e.g. the coalition agreement) confirmed with the day it happened (yyyy-MM-dd).</summary>
public sealed record LobbyEventConfirmed : LobbyMomentPress, ICardAction
{
    public static string Verb => "lobby.confirm";

    [CardInput]
    public string OccurredOn { get; init; } = "";
}

/// <summary>
/// The lobby settings of a deal: free-text municipalities, and the chosen provinces, water boards and ministries as
/// comma-separated keys; whether reminders go to the channel too.
/// </summary>
public sealed record LobbySettingsSaved(
    [property: CardId] string Deal = "",
    [property: CardInput] string Municipalities = "",
    [property: CardInput] string Provinces = "",
    [property: CardInput] string WaterBoards = "",
    [property: CardInput] string Ministries = "",
    [property: CardInput] bool PostInChannel = false) : ICardAction
{
    public static string Verb => "lobby.settings.save";
}

/// <summary>A programme administrator's change to the election calendar; <see cref="Kind"/> is the election kind's slug.</summary>
public sealed record ElectionOverrideSaved(
    [property: CardInput] string Kind = "",
    [property: CardInput] string Date = "",
    [property: CardInput] string Status = "",
    [property: CardInput] string AnnouncedOn = "",
    [property: CardInput] string Municipalities = "",
    [property: CardInput] string Source = "") : ICardAction
{
    public static string Verb => "elections.override.save";
}

public sealed record ChecklistItem(string Id, string Text, bool IsChecked);

public sealed record LobbyReminderView(
    Language Language,
    LobbyMomentRef Moment,
    string DealName,
    string MomentTitle,
    string ElectionName,
    string ElectionDate,
    string ElectionStatus,
    string DueDate,
    string DueBasis,
    IReadOnlyList<string> Governments,
    string Why,
    IReadOnlyList<ChecklistItem> Checklist,
    string? LateNote,
    string? ConfirmEventLabel,
    bool IsDone,
    string? SnoozedUntil);

public sealed record LobbyTimelineEntry(string DueDate, string MomentTitle, string ElectionName, string ElectionDate, string Status, string Governments);

public sealed record LobbyTimelineView(Language Language, string Title, string? Intro, IReadOnlyList<LobbyTimelineEntry> Entries, string? EmptyText);

public sealed record GovernmentChoice(string Key, string Name);

public sealed record LobbySettingsView(
    Language Language,
    string DealId,
    string DealName,
    IReadOnlyList<GovernmentChoice> Provinces,
    IReadOnlyList<GovernmentChoice> WaterBoards,
    IReadOnlyList<GovernmentChoice> Ministries,
    IReadOnlyList<string> SelectedKeys,
    string Municipalities,
    bool PostInChannel,
    IReadOnlyList<string> Suggestions);

public sealed record ElectionOverrideView(Language Language, IReadOnlyList<Choice> Kinds, IReadOnlyList<Choice> Statuses);

public static class LobbyCards
{
    /// <summary>The input id of a checklist item's toggle.</summary>
    public static string ChecklistInput(string itemId) => "item-" + itemId;

    public static AdaptiveCard Reminder(LobbyReminderView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts["lobby.reminder.kicker"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(view.MomentTitle) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
        };
        if (view.LateNote is not null)
        {
            body.Add(new TextBlock(view.LateNote) { Color = TextColor.Warning });
        }

        body.Add(new FactSet(
        [
            new Fact(texts["lobby.fact.deal"], view.DealName),
            new Fact(texts["lobby.fact.election"], $"{view.ElectionName}, {view.ElectionDate} ({view.ElectionStatus})"),
            new Fact(texts["lobby.fact.due"], $"{view.DueDate} ({view.DueBasis})"),
            new Fact(texts["lobby.fact.governments"], string.Join(", ", view.Governments)),
        ]));
        body.Add(new TextBlock(view.Why));
        body.Add(new TextBlock(texts["lobby.checklist"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        foreach (var item in view.Checklist)
        {
            body.Add(new ToggleInput(item.Text) { Id = ChecklistInput(item.Id), Value = item.IsChecked ? "true" : "false", ValueOn = "true", ValueOff = "false" });
        }

        if (view.IsDone)
        {
            body.Add(new TextBlock(texts["lobby.done.note"]) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }
        else if (view.SnoozedUntil is not null)
        {
            body.Add(new TextBlock(texts.Format("lobby.snoozed.note", view.SnoozedUntil)) { IsSubtle = true });
        }

        var actions = new List<CardAction>
        {
            CardActions.Execute(texts["lobby.action.save"], LobbyMomentPress.On<LobbyChecklistSaved>(view.Moment)),
            CardActions.Execute(texts["lobby.action.done"], LobbyMomentPress.On<LobbyMomentDone>(view.Moment), ActionStyle.Positive),
            CardActions.Execute(texts["lobby.action.snooze"], LobbyMomentPress.On<LobbyMomentSnoozed>(view.Moment), sendInputs: false),
        };
        if (view.ConfirmEventLabel is not null)
        {
            actions.Add(new ShowCardAction(view.ConfirmEventLabel, new AdaptiveCard
            {
                Body =
                [
                    new DateInput { Id = CardFields.Of<LobbyEventConfirmed>(nameof(LobbyEventConfirmed.OccurredOn)), Label = texts["lobby.confirm.date"], IsRequired = true, ErrorMessage = texts["lobby.confirm.date.error"] },
                ],
                Actions = [CardActions.Execute(texts["lobby.action.confirm"], LobbyMomentPress.On<LobbyEventConfirmed>(view.Moment))],
            }));
        }

        body.Add(new ActionSet(actions));
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = view.MomentTitle, Body = body };
    }

    public static AdaptiveCard Timeline(LobbyTimelineView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(view.Title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
        };
        if (view.Intro is not null)
        {
            body.Add(new TextBlock(view.Intro) { IsSubtle = true });
        }

        if (view.Entries.Count == 0)
        {
            body.Add(new TextBlock(view.EmptyText ?? texts["lobby.timeline.empty"]));
        }
        else
        {
            var header = new TableRow([Cell(texts["lobby.col.when"]), Cell(texts["lobby.col.moment"]), Cell(texts["lobby.col.election"]), Cell(texts["lobby.col.governments"])]);
            var rows = view.Entries.Select(e => new TableRow(
            [
                Cell(e.DueDate),
                Cell(e.MomentTitle),
                Cell($"{e.ElectionName} ({e.ElectionDate}, {e.Status})"),
                Cell(e.Governments),
            ]));
            body.Add(new Table([new(2), new(4), new(4), new(3)], [header, .. rows]) { Id = "timeline" });
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = view.Title, Body = body };
    }

    public static AdaptiveCard Settings(LobbySettingsView view)
    {
        var texts = Texts.For(view.Language);
        var selected = string.Join(',', view.SelectedKeys);
        var body = new List<CardElement>
        {
            new TextBlock(texts.Format("lobby.settings.title", view.DealName)) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts["lobby.settings.intro"]),
        };
        if (view.Suggestions.Count > 0)
        {
            body.Add(new TextBlock(texts.Format("lobby.settings.suggestions", string.Join(", ", view.Suggestions))) { IsSubtle = true });
        }

        body.Add(new TextInput
        {
            Id = CardFields.Of<LobbySettingsSaved>(nameof(LobbySettingsSaved.Municipalities)),
            Label = texts["lobby.settings.municipalities"],
            Placeholder = texts["lobby.settings.municipalities.placeholder"],
            Value = view.Municipalities,
            MaxLength = 2000,
        });
        body.Add(GovernmentChoices(CardFields.Of<LobbySettingsSaved>(nameof(LobbySettingsSaved.Provinces)), texts["lobby.settings.provinces"], view.Provinces, selected));
        body.Add(GovernmentChoices(CardFields.Of<LobbySettingsSaved>(nameof(LobbySettingsSaved.WaterBoards)), texts["lobby.settings.waterboards"], view.WaterBoards, selected));
        body.Add(GovernmentChoices(CardFields.Of<LobbySettingsSaved>(nameof(LobbySettingsSaved.Ministries)), texts["lobby.settings.ministries"], view.Ministries, selected));
        body.Add(new ToggleInput(texts["lobby.settings.channel"])
        {
            Id = CardFields.Of<LobbySettingsSaved>(nameof(LobbySettingsSaved.PostInChannel)),
            Value = view.PostInChannel ? "true" : "false",
            ValueOn = "true",
            ValueOff = "false",
        });
        body.Add(new ActionSet([CardActions.Execute(texts["lobby.settings.save"], new LobbySettingsSaved(view.DealId), ActionStyle.Positive)]));
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts.Format("lobby.settings.title", view.DealName), Body = body };
    }

    public static AdaptiveCard Override(ElectionOverrideView view)
    {
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts["elections.override.title"],
            Body =
            [
                new TextBlock(texts["elections.override.title"]) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
                new TextBlock(texts["elections.override.intro"]),
                new ChoiceSetInput([.. view.Kinds]) { Id = CardFields.Of<ElectionOverrideSaved>(nameof(ElectionOverrideSaved.Kind)), Label = texts["elections.override.kind"], IsRequired = true, Style = ChoiceInputStyle.Compact, ErrorMessage = texts["elections.override.kind.error"] },
                new DateInput { Id = CardFields.Of<ElectionOverrideSaved>(nameof(ElectionOverrideSaved.Date)), Label = texts["elections.override.date"], IsRequired = true, ErrorMessage = texts["elections.override.date.error"] },
                new ChoiceSetInput([.. view.Statuses]) { Id = CardFields.Of<ElectionOverrideSaved>(nameof(ElectionOverrideSaved.Status)), Label = texts["elections.override.status"], Value = view.Statuses[0].Value, Style = ChoiceInputStyle.Compact },
                new DateInput { Id = CardFields.Of<ElectionOverrideSaved>(nameof(ElectionOverrideSaved.AnnouncedOn)), Label = texts["elections.override.announced"] },
                new TextInput { Id = CardFields.Of<ElectionOverrideSaved>(nameof(ElectionOverrideSaved.Municipalities)), Label = texts["elections.override.municipalities"], MaxLength = 500 },
                new TextInput { Id = CardFields.Of<ElectionOverrideSaved>(nameof(ElectionOverrideSaved.Source)), Label = texts["elections.override.source"], IsRequired = true, Style = TextInputStyle.Url, ErrorMessage = texts["elections.override.source.error"], MaxLength = 500 },
                new ActionSet([CardActions.Execute(texts["elections.override.save"], new ElectionOverrideSaved(), ActionStyle.Positive)]),
            ],
        };
    }

    private static ChoiceSetInput GovernmentChoices(string id, string label, IReadOnlyList<GovernmentChoice> choices, string selected) =>
        new([.. choices.Select(c => new Choice(c.Name, c.Key))])
        {
            Id = id,
            Label = label,
            IsMultiSelect = true,
            Style = ChoiceInputStyle.Filtered,
            Value = string.Join(',', choices.Where(c => selected.Split(',').Contains(c.Key)).Select(c => c.Key)),
        };

    private static TableCell Cell(string text) => new([new TextBlock(text) { Wrap = true }]);
}
