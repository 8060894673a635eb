using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>Identifies one lobby moment of one deal on the card's buttons.</summary>
public sealed record LobbyMomentRef(string DealId, string ElectionId, string MomentKey)
{
    public JsonObject ToData() => new() { ["deal"] = DealId, ["election"] = ElectionId, ["moment"] = MomentKey };
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
    public const string CheckVerb = "lobby.check";
    public const string DoneVerb = "lobby.done";
    public const string SnoozeVerb = "lobby.snooze";
    public const string ConfirmVerb = "lobby.confirm";
    public const string SaveSettingsVerb = "lobby.settings.save";
    public const string SaveOverrideVerb = "elections.override.save";

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
            body.Add(new ToggleInput(item.Text) { Id = "item-" + item.Id, Value = item.IsChecked ? "true" : "false", ValueOn = "true", ValueOff = "false" });
        }

        if (view.IsDone)
        {
            body.Add(new TextBlock(texts["lobby.done.note"]) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }
        else if (view.SnoozedUntil is not null)
        {
            body.Add(new TextBlock(texts.Format("lobby.snoozed.note", view.SnoozedUntil)) { IsSubtle = true });
        }

        var data = view.Moment.ToData();
        var actions = new List<CardAction>
        {
            CardActions.Execute(texts["lobby.action.save"], CheckVerb, data),
            CardActions.Execute(texts["lobby.action.done"], DoneVerb, data, ActionStyle.Positive),
            CardActions.Execute(texts["lobby.action.snooze"], SnoozeVerb, data, sendInputs: false),
        };
        if (view.ConfirmEventLabel is not null)
        {
            actions.Add(new ShowCardAction(view.ConfirmEventLabel, new AdaptiveCard
            {
                Body =
                [
                    new DateInput { Id = "occurredOn", Label = texts["lobby.confirm.date"], IsRequired = true, ErrorMessage = texts["lobby.confirm.date.error"] },
                ],
                Actions = [CardActions.Execute(texts["lobby.action.confirm"], ConfirmVerb, data)],
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
            Id = "municipalities",
            Label = texts["lobby.settings.municipalities"],
            Placeholder = texts["lobby.settings.municipalities.placeholder"],
            Value = view.Municipalities,
            MaxLength = 2000,
        });
        body.Add(GovernmentChoices("provinces", texts["lobby.settings.provinces"], view.Provinces, selected));
        body.Add(GovernmentChoices("waterBoards", texts["lobby.settings.waterboards"], view.WaterBoards, selected));
        body.Add(GovernmentChoices("ministries", texts["lobby.settings.ministries"], view.Ministries, selected));
        body.Add(new ToggleInput(texts["lobby.settings.channel"])
        {
            Id = "postInChannel",
            Value = view.PostInChannel ? "true" : "false",
            ValueOn = "true",
            ValueOff = "false",
        });
        body.Add(new ActionSet([CardActions.Execute(texts["lobby.settings.save"], SaveSettingsVerb, new JsonObject { ["deal"] = view.DealId }, ActionStyle.Positive)]));
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
                new ChoiceSetInput([.. view.Kinds]) { Id = "kind", Label = texts["elections.override.kind"], IsRequired = true, Style = ChoiceInputStyle.Compact, ErrorMessage = texts["elections.override.kind.error"] },
                new DateInput { Id = "date", Label = texts["elections.override.date"], IsRequired = true, ErrorMessage = texts["elections.override.date.error"] },
                new ChoiceSetInput([.. view.Statuses]) { Id = "status", Label = texts["elections.override.status"], Value = view.Statuses[0].Value, Style = ChoiceInputStyle.Compact },
                new DateInput { Id = "announcedOn", Label = texts["elections.override.announced"] },
                new TextInput { Id = "municipalities", Label = texts["elections.override.municipalities"], MaxLength = 500 },
                new TextInput { Id = "source", Label = texts["elections.override.source"], IsRequired = true, Style = TextInputStyle.Url, ErrorMessage = texts["elections.override.source.error"], MaxLength = 500 },
                new ActionSet([CardActions.Execute(texts["elections.override.save"], SaveOverrideVerb, new JsonObject(), ActionStyle.Positive)]),
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
