using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>Defaults shown on the planning card of a community-of-practice session.</summary>
public sealed record CopPlanView(Language Language, string DealId, string DealName, string Date, string Time);

/// <summary>Who answered what; the organiser sees the names, everyone sees the counts.</summary>
public sealed record CopAttendance(IReadOnlyList<string> Yes, IReadOnlyList<string> Maybe, IReadOnlyList<string> No);

public sealed record CopAnnouncementView(
    Language Language,
    string DealId,
    string SessionId,
    string Title,
    string When,
    int DurationMinutes,
    string Mode,
    string? Location,
    string? Agenda,
    string? JoinUrl,
    string? IcsUrl,
    bool IsCancelled,
    CopAttendance Attendance,
    bool ShowNames,
    string? MyAnswer,
    string? OrganiserTeamsId = null,
    string? Note = null,
    string? Date = null,
    string? Time = null);

/// <summary>A personal reminder to someone who said yes.</summary>
public sealed record CopReminderView(
    Language Language,
    string DealId,
    string SessionId,
    string Title,
    string When,
    bool WithinTheHour,
    string Mode,
    string? Location,
    string? Agenda,
    string? JoinUrl,
    string? IcsUrl);

/// <summary>The organiser's RSVP summary the day before; Invited counts the addresses the invitation went to.</summary>
public sealed record CopSummaryView(Language Language, string DealId, string SessionId, string Title, string When, CopAttendance Attendance, int Invited);

public static class CopCards
{
    public const string CreateVerb = "cop.create";
    public const string RsvpVerb = "cop.rsvp";
    public const string RefreshVerb = "cop.refresh";
    public const string CancelVerb = "cop.cancel";
    public const string ChangeVerb = "cop.change";
    public const string Yes = "yes";
    public const string Maybe = "maybe";
    public const string No = "no";

    public static AdaptiveCard Plan(CopPlanView view)
    {
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body =
            [
                new TextBlock(texts.Format("cop.plan.title", view.DealName)) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
                new TextInput { Id = "title", Label = texts["cop.field.title"], IsRequired = true, MaxLength = 200, ErrorMessage = texts["cop.field.required"] },
                new DateInput { Id = "date", Label = texts["cop.field.date"], Value = view.Date, IsRequired = true },
                new TimeInput { Id = "time", Label = texts["cop.field.time"], Value = view.Time, IsRequired = true },
                new NumberInput { Id = "duration", Label = texts["cop.field.duration"], Value = 90, Min = 15, Max = 480 },
                new ChoiceSetInput(
                [
                    new Choice(texts["cop.mode.online"], "online"),
                    new Choice(texts["cop.mode.inperson"], "inperson"),
                    new Choice(texts["cop.mode.hybrid"], "hybrid"),
                ]) { Id = "mode", Label = texts["cop.field.mode"], Value = "online" },
                new TextInput { Id = "location", Label = texts["cop.field.location"], MaxLength = 200 },
                new TextInput { Id = "agenda", Label = texts["cop.field.agenda"], IsMultiline = true, MaxLength = 2000 },
                new ChoiceSetInput(
                [
                    new Choice(texts["cop.invite.channel"], "channel"),
                    new Choice(texts["cop.invite.all"], "all"),
                    new Choice(texts["cop.invite.picked"], "picked"),
                ]) { Id = "invite", Label = texts["cop.field.invite"], Value = "channel" },
                new TextInput { Id = "people", Label = texts["cop.field.people"], Placeholder = "naam@organisatie.nl; ..." },
                new ToggleInput(texts["cop.field.speeddate"]) { Id = "speeddate", Value = "false", ValueOn = "true", ValueOff = "false" },
            ],
            Actions = [CardActions.Execute(texts["cop.action.create"], CreateVerb, new JsonObject { ["deal"] = view.DealId }, ActionStyle.Positive)],
        };
    }

    public static AdaptiveCard Announcement(CopAnnouncementView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts["cop.announcement.kicker"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(view.Title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
        };
        if (view.IsCancelled)
        {
            body.Add(new TextBlock(texts["cop.announcement.cancelled"]) { Color = TextColor.Warning });
        }

        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Color = TextColor.Attention });
        }

        var facts = new List<Fact>
        {
            new(texts["cop.field.date"], view.When),
            new(texts["cop.field.duration"], texts.Format("cop.minutes", view.DurationMinutes)),
            new(texts["cop.field.mode"], texts["cop.mode." + view.Mode]),
        };
        if (!string.IsNullOrWhiteSpace(view.Location))
        {
            facts.Add(new Fact(texts["cop.field.location"], view.Location));
        }

        body.Add(new FactSet(facts));
        if (!string.IsNullOrWhiteSpace(view.Agenda))
        {
            body.Add(new TextBlock(texts["cop.field.agenda"]) { Weight = TextWeight.Bolder });
            body.Add(new TextBlock(view.Agenda));
        }

        if (view.JoinUrl is null && view.Mode != "inperson")
        {
            body.Add(new TextBlock(texts["cop.announcement.manual_link"]) { IsSubtle = true });
        }

        var a = view.Attendance;
        body.Add(new TextBlock(texts.Format("cop.attendance.counts", a.Yes.Count, a.Maybe.Count, a.No.Count)) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        if (view.ShowNames)
        {
            AddNames(body, texts["cop.rsvp.yes"], a.Yes);
            AddNames(body, texts["cop.rsvp.maybe"], a.Maybe);
            AddNames(body, texts["cop.rsvp.no"], a.No);
        }

        if (view.MyAnswer is { } mine)
        {
            body.Add(new TextBlock(texts.Format("cop.attendance.mine", texts["cop.rsvp." + mine])) { IsSubtle = true });
        }

        var actions = new List<CardAction>();
        if (!view.IsCancelled)
        {
            actions.Add(Rsvp(view, texts["cop.rsvp.yes"], Yes, ActionStyle.Positive));
            actions.Add(Rsvp(view, texts["cop.rsvp.maybe"], Maybe, null));
            actions.Add(Rsvp(view, texts["cop.rsvp.no"], No, ActionStyle.Destructive));
            if (view.JoinUrl is not null)
            {
                actions.Add(new OpenUrlAction(texts["cop.action.join"], view.JoinUrl));
            }

            if (view.IcsUrl is not null)
            {
                actions.Add(new OpenUrlAction(texts["cop.action.ics"], view.IcsUrl));
            }

            if (view.ShowNames)
            {
                actions.Add(new ShowCardAction(texts["cop.action.change"], new AdaptiveCard
                {
                    Body =
                    [
                        new DateInput { Id = "date", Label = texts["cop.field.date"], Value = view.Date, IsRequired = true },
                        new TimeInput { Id = "time", Label = texts["cop.field.time"], Value = view.Time, IsRequired = true },
                        new NumberInput { Id = "duration", Label = texts["cop.field.duration"], Value = view.DurationMinutes, Min = 15, Max = 480 },
                        new TextInput { Id = "location", Label = texts["cop.field.location"], Value = view.Location, MaxLength = 200 },
                        new TextInput { Id = "agenda", Label = texts["cop.field.agenda"], Value = view.Agenda, IsMultiline = true, MaxLength = 2000 },
                    ],
                    Actions = [CardActions.Execute(texts["cop.action.save_change"], ChangeVerb, Reference(view), ActionStyle.Positive)],
                }));
                actions.Add(CardActions.Execute(texts["cop.action.cancel"], CancelVerb, Reference(view), ActionStyle.Destructive, sendInputs: false));
            }
        }

        // Teams refreshes the card for the organiser when it is shown, so their attendance list stays current.
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body = body,
            Actions = actions,
            Refresh = view.OrganiserTeamsId is { } organiser
                ? new CardRefresh(CardActions.Execute(texts["cop.action.refresh"], RefreshVerb, Reference(view), sendInputs: false), [organiser])
                : null,
        };
    }

    public static AdaptiveCard Reminder(CopReminderView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts[view.WithinTheHour ? "cop.reminder.hour" : "cop.reminder.day"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(view.Title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
        };
        var facts = new List<Fact>
        {
            new(texts["cop.field.date"], view.When),
            new(texts["cop.field.mode"], texts["cop.mode." + view.Mode]),
        };
        if (!string.IsNullOrWhiteSpace(view.Location))
        {
            facts.Add(new Fact(texts["cop.field.location"], view.Location));
        }

        body.Add(new FactSet(facts));
        if (!string.IsNullOrWhiteSpace(view.Agenda))
        {
            body.Add(new TextBlock(texts["cop.field.agenda"]) { Weight = TextWeight.Bolder });
            body.Add(new TextBlock(view.Agenda));
        }

        var actions = new List<CardAction>();
        if (view.JoinUrl is not null)
        {
            actions.Add(new OpenUrlAction(texts["cop.action.join"], view.JoinUrl));
        }

        if (view.IcsUrl is not null)
        {
            actions.Add(new OpenUrlAction(texts["cop.action.ics"], view.IcsUrl));
        }

        actions.Add(CardActions.Execute(texts["cop.reminder.cannot"], RsvpVerb,
            new JsonObject { ["deal"] = view.DealId, ["session"] = view.SessionId, ["answer"] = No }, ActionStyle.Destructive, sendInputs: false));
        return new AdaptiveCard { Lang = view.Language == Language.English ? "en" : "nl", Body = body, Actions = actions };
    }

    public static AdaptiveCard RsvpSummary(CopSummaryView view)
    {
        var texts = Texts.For(view.Language);
        var a = view.Attendance;
        var body = new List<CardElement>
        {
            new TextBlock(texts["cop.summary.kicker"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(view.Title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(view.When) { Spacing = Spacing.None },
            new TextBlock(texts.Format("cop.attendance.counts", a.Yes.Count, a.Maybe.Count, a.No.Count)) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
        };
        if (view.Invited > 0)
        {
            body.Add(new TextBlock(texts.Format("cop.summary.unanswered", view.Invited, Math.Max(0, view.Invited - a.Yes.Count - a.Maybe.Count - a.No.Count))) { IsSubtle = true });
        }

        AddNames(body, texts["cop.rsvp.yes"], a.Yes);
        AddNames(body, texts["cop.rsvp.maybe"], a.Maybe);
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body = body,
            Actions = [CardActions.Execute(texts["cop.summary.open"], RefreshVerb, new JsonObject { ["deal"] = view.DealId, ["session"] = view.SessionId }, sendInputs: false)],
        };
    }

    private static void AddNames(List<CardElement> body, string label, IReadOnlyList<string> names)
    {
        if (names.Count > 0)
        {
            body.Add(new TextBlock($"{label}: {string.Join(", ", names)}") { Spacing = Spacing.Small });
        }
    }

    private static JsonObject Reference(CopAnnouncementView view) => new() { ["deal"] = view.DealId, ["session"] = view.SessionId };

    private static ExecuteAction Rsvp(CopAnnouncementView view, string title, string answer, ActionStyle? style) =>
        CardActions.Execute(title, RsvpVerb, new JsonObject { ["deal"] = view.DealId, ["session"] = view.SessionId, ["answer"] = answer }, style, sendInputs: false);
}
