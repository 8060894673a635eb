using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>
/// Defaults shown on the planning card of a community-of-practice session. Inviting the channels of all deals is
/// offered only to programme administrators (<paramref name="CanInviteAllDeals"/>); the server checks it again.
/// </summary>
public sealed record CopPlanView(Language Language, string DealId, string DealName, string Date, string Time, string? Title = null, int Minutes = 90, string? Agenda = null, bool CanInviteAllDeals = false)
{
    /// <summary>The question decks the deal may use for a speed-date block (the default first); null offers the default only.</summary>
    public IReadOnlyList<Choice>? Decks { get; init; }
}

public static class CopPlanDefaults
{
    /// <summary>
    /// The planning card for one deal a week after <paramref name="today"/> (Amsterdam) at the usual afternoon slot,
    /// a sensible starting point to edit; features open it pre-filled with a title and agenda (the pulse's follow-up).
    /// </summary>
    public static CopPlanView ForDeal(Language language, string dealId, string dealName, DateOnly today, string? title = null, string? agenda = null) =>
        new(language, dealId, dealName, today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "14:00", Title: title, Agenda: agenda);
}

/// <summary>The find-a-time card: who to look up and in which window.</summary>
public sealed record CopFindTimeView(Language Language, string DealId, string From);

/// <summary>One proposed start on the vote card: when, who ticked it (names for the organiser only) and whether the viewer did.</summary>
public sealed record CopPollSlot(string When, int Votes, IReadOnlyList<string> Names, bool Mine, int FreeInCalendars);

/// <summary>The vote card in the channel; the organiser's copy has the names and the pick buttons.</summary>
public sealed record CopPollView(
    Language Language, string DealId, string PollId, string Title, int Minutes, IReadOnlyList<CopPollSlot> Slots,
    bool IsOrganiser, int? Chosen, string? Note, int CorePeople);

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

/// <summary>
/// The planning card's answers. The deal names the organiser's deal for a card opened in a personal chat (the role is
/// checked again); everything else is what was typed or chosen. The speed-date fields count only with <see cref="Speeddate"/>.
/// </summary>
public sealed record PlanCopSession(
    [property: CardId] string Deal = "",
    [property: CardInput] string Title = "",
    [property: CardInput] string Date = "",
    [property: CardInput] string Time = "",
    [property: CardInput] string Duration = "",
    [property: CardInput] string Mode = "",
    [property: CardInput] string Location = "",
    [property: CardInput] string Agenda = "",
    [property: CardInput] string Invite = "",
    [property: CardInput] string People = "",
    [property: CardInput] bool Speeddate = false,
    [property: CardInput] string SpeeddateTime = "",
    [property: CardInput] string SpeeddateGroups = "",
    [property: CardInput] string SpeeddateDeck = "",
    [property: CardInput] string SpeeddateRounds = "",
    [property: CardInput] string SpeeddateMinutes = "") : ICardAction
{
    public static string Verb => "cop.create";
}

/// <summary>
/// What every button about one session names: the deal that planned it (a session announced to all deals is found
/// through it) and the session. Each verb's record adds only what is its own.
/// </summary>
public abstract record CopSessionPress
{
    [CardId]
    public string Deal { get; init; } = "";

    [CardId]
    public string Session { get; init; } = "";
}

/// <summary>An answer to a session's invitation (<see cref="CopCards.Yes"/>, maybe or no), from its card or a reminder.</summary>
public sealed record AnswerCopSession(string Answer = "") : CopSessionPress, ICardAction
{
    public static string Verb => "cop.rsvp";
}

/// <summary>The session's card again, current for whoever asks (the organiser's automatic refresh, the summary's button).</summary>
public sealed record RefreshCopSession : CopSessionPress, ICardAction
{
    public static string Verb => "cop.refresh";
}

/// <summary>The organiser cancels the session (and its calendar event).</summary>
public sealed record CancelCopSession : CopSessionPress, ICardAction
{
    public static string Verb => "cop.cancel";
}

/// <summary>The organiser's new time, place or agenda; title, mode and invitees stay as planned.</summary>
public sealed record ChangeCopSession(
    [property: CardInput] string Date = "",
    [property: CardInput] string Time = "",
    [property: CardInput] string Duration = "",
    [property: CardInput] string Location = "",
    [property: CardInput] string Agenda = "") : CopSessionPress, ICardAction
{
    public static string Verb => "cop.change";
}

/// <summary>The find-a-time card's answers: what the session is about, whose calendars to read and in which window.</summary>
public sealed record FindCopTime(
    [property: CardId] string Deal = "",
    [property: CardInput] string Title = "",
    [property: CardInput] string People = "",
    [property: CardInput] string Duration = "",
    [property: CardInput] string From = "",
    [property: CardInput] string Weeks = "") : ICardAction
{
    public static string Verb => "cop.findtime";
}

/// <summary>What every button of a time poll names: the deal it was started in (it must be the channel's) and the poll.</summary>
public abstract record CopPollPress
{
    [CardId]
    public string Deal { get; init; } = "";

    [CardId]
    public string Poll { get; init; } = "";
}

/// <summary>Ticks or unticks one proposed start (<see cref="Slot"/>, its index on the vote card) for the person who pressed.</summary>
public sealed record VoteCopTime(int Slot = -1) : CopPollPress, ICardAction
{
    public static string Verb => "cop.vote";
}

/// <summary>The organiser picks a proposed start, which opens the planning card at that time.</summary>
public sealed record PickCopTime(int Slot = -1) : CopPollPress, ICardAction
{
    public static string Verb => "cop.pick";
}

/// <summary>The vote card again with the viewer's own ticks (each viewer's automatic refresh).</summary>
public sealed record RefreshCopPoll : CopPollPress, ICardAction
{
    public static string Verb => "cop.poll.refresh";
}

public static class CopCards
{
    public const string Yes = "yes";
    public const string Maybe = "maybe";
    public const string No = "no";

    public static AdaptiveCard Plan(CopPlanView view)
    {
        static string Field(string property) => CardFields.Of<PlanCopSession>(property);
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body =
            [
                new TextBlock(texts.Format("cop.plan.title", view.DealName)) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
                new TextInput { Id = Field(nameof(PlanCopSession.Title)), Label = texts["cop.field.title"], Value = view.Title, IsRequired = true, MaxLength = 200, ErrorMessage = texts["cop.field.required"] },
                new DateInput { Id = Field(nameof(PlanCopSession.Date)), Label = texts["cop.field.date"], Value = view.Date, IsRequired = true },
                new TimeInput { Id = Field(nameof(PlanCopSession.Time)), Label = texts["cop.field.time"], Value = view.Time, IsRequired = true },
                new NumberInput { Id = Field(nameof(PlanCopSession.Duration)), Label = texts["cop.field.duration"], Value = view.Minutes, Min = 15, Max = 480 },
                new ChoiceSetInput(
                [
                    new Choice(texts["cop.mode.online"], "online"),
                    new Choice(texts["cop.mode.inperson"], "inperson"),
                    new Choice(texts["cop.mode.hybrid"], "hybrid"),
                ]) { Id = Field(nameof(PlanCopSession.Mode)), Label = texts["cop.field.mode"], Value = "online" },
                new TextInput { Id = Field(nameof(PlanCopSession.Location)), Label = texts["cop.field.location"], MaxLength = 200 },
                new TextInput { Id = Field(nameof(PlanCopSession.Agenda)), Label = texts["cop.field.agenda"], IsMultiline = true, MaxLength = 2000, Value = view.Agenda },
                new ChoiceSetInput(
                [
                    new Choice(texts["cop.invite.channel"], "channel"),
                    .. view.CanInviteAllDeals ? [new Choice(texts["cop.invite.all"], "all")] : Array.Empty<Choice>(),
                    new Choice(texts["cop.invite.picked"], "picked"),
                ]) { Id = Field(nameof(PlanCopSession.Invite)), Label = texts["cop.field.invite"], Value = "channel" },
                new TextInput { Id = Field(nameof(PlanCopSession.People)), Label = texts["cop.field.people"], Placeholder = "naam@organisatie.nl; ..." },
                new ToggleInput(texts["cop.field.speeddate"]) { Id = Field(nameof(PlanCopSession.Speeddate)), Value = "false", ValueOn = "true", ValueOff = "false" },
                // Used only when the block is switched on: when it opens its sign-up, and how the speeddate runs.
                new TimeInput { Id = Field(nameof(PlanCopSession.SpeeddateTime)), Label = texts["cop.field.speeddate.time"], Value = view.Time },
                new ChoiceSetInput(
                [
                    new Choice(texts["speeddate.groups.pairs"], "2"),
                    new Choice(texts["speeddate.groups.trios"], "3"),
                ]) { Id = Field(nameof(PlanCopSession.SpeeddateGroups)), Label = texts["cop.field.speeddate.groups"], Value = "2" },
                new ChoiceSetInput([.. view.Decks ?? [new Choice(texts["speeddate.deck.default.name"], "default")]])
                {
                    Id = Field(nameof(PlanCopSession.SpeeddateDeck)), Label = texts["cop.field.speeddate.deck"], Value = view.Decks is { Count: > 0 } decks ? decks[0].Value : "default",
                },
                new NumberInput { Id = Field(nameof(PlanCopSession.SpeeddateRounds)), Label = texts["cop.field.speeddate.rounds"], Value = 3, Min = 1, Max = 6 },
                new NumberInput { Id = Field(nameof(PlanCopSession.SpeeddateMinutes)), Label = texts["cop.field.speeddate.minutes"], Value = 8, Min = 3, Max = 30 },
            ],
            Actions = [CardActions.Execute(texts["cop.action.create"], new PlanCopSession(view.DealId), ActionStyle.Positive)],
        };
    }

    public static AdaptiveCard Announcement(CopAnnouncementView view)
    {
        static string Change(string property) => CardFields.Of<ChangeCopSession>(property);
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
                        new DateInput { Id = Change(nameof(ChangeCopSession.Date)), Label = texts["cop.field.date"], Value = view.Date, IsRequired = true },
                        new TimeInput { Id = Change(nameof(ChangeCopSession.Time)), Label = texts["cop.field.time"], Value = view.Time, IsRequired = true },
                        new NumberInput { Id = Change(nameof(ChangeCopSession.Duration)), Label = texts["cop.field.duration"], Value = view.DurationMinutes, Min = 15, Max = 480 },
                        new TextInput { Id = Change(nameof(ChangeCopSession.Location)), Label = texts["cop.field.location"], Value = view.Location, MaxLength = 200 },
                        new TextInput { Id = Change(nameof(ChangeCopSession.Agenda)), Label = texts["cop.field.agenda"], Value = view.Agenda, IsMultiline = true, MaxLength = 2000 },
                    ],
                    Actions = [CardActions.Execute(texts["cop.action.save_change"], new ChangeCopSession { Deal = view.DealId, Session = view.SessionId }, ActionStyle.Positive)],
                }));
                actions.Add(CardActions.Execute(texts["cop.action.cancel"], new CancelCopSession { Deal = view.DealId, Session = view.SessionId }, ActionStyle.Destructive, sendInputs: false));
            }
        }

        // Teams refreshes the card for the organiser when it is shown, so their attendance list stays current.
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body = body,
            Actions = actions,
            Refresh = view.OrganiserTeamsId is { } organiser
                ? new CardRefresh(CardActions.Execute(texts["cop.action.refresh"], new RefreshCopSession { Deal = view.DealId, Session = view.SessionId }, sendInputs: false), [organiser])
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

        actions.Add(CardActions.Execute(texts["cop.reminder.cannot"], new AnswerCopSession(No) { Deal = view.DealId, Session = view.SessionId }, ActionStyle.Destructive, sendInputs: false));
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
            Actions = [CardActions.Execute(texts["cop.summary.open"], new RefreshCopSession { Deal = view.DealId, Session = view.SessionId }, sendInputs: false)],
        };
    }

    public static AdaptiveCard FindTime(CopFindTimeView view)
    {
        static string Field(string property) => CardFields.Of<FindCopTime>(property);
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body =
            [
                new TextBlock(texts["cop.findtime.title"]) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
                new TextBlock(texts["cop.findtime.intro"]) { IsSubtle = true },
                new TextInput { Id = Field(nameof(FindCopTime.Title)), Label = texts["cop.field.title"], IsRequired = true, MaxLength = 200, ErrorMessage = texts["cop.field.required"] },
                new TextInput { Id = Field(nameof(FindCopTime.People)), Label = texts["cop.findtime.people"], Placeholder = "naam@organisatie.nl; ...", IsMultiline = true },
                new NumberInput { Id = Field(nameof(FindCopTime.Duration)), Label = texts["cop.field.duration"], Value = 90, Min = 30, Max = 480 },
                new DateInput { Id = Field(nameof(FindCopTime.From)), Label = texts["cop.findtime.from"], Value = view.From, IsRequired = true },
                new NumberInput { Id = Field(nameof(FindCopTime.Weeks)), Label = texts["cop.findtime.weeks"], Value = 2, Min = 1, Max = 4 },
            ],
            Actions = [CardActions.Execute(texts["cop.findtime.action"], new FindCopTime(view.DealId), ActionStyle.Positive)],
        };
    }

    public static AdaptiveCard Poll(CopPollView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts["cop.poll.kicker"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(view.Title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts.Format(view.Chosen is null ? "cop.poll.intro" : "cop.poll.closed", view.Minutes)) { IsSubtle = true },
        };
        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Color = TextColor.Attention });
        }

        for (var i = 0; i < view.Slots.Count; i++)
        {
            var slot = view.Slots[i];
            var line = texts.Format("cop.poll.slot", slot.When, slot.Votes);
            if (view.CorePeople > 0)
            {
                line += " · " + texts.Format("cop.poll.free", slot.FreeInCalendars, view.CorePeople);
            }

            body.Add(new TextBlock((view.Chosen == i ? "✔ " : slot.Mine ? "☑ " : "☐ ") + line) { Weight = view.Chosen == i ? TextWeight.Bolder : TextWeight.Default, Spacing = Spacing.Medium });
            if (view.IsOrganiser && slot.Names.Count > 0)
            {
                body.Add(new TextBlock(string.Join(", ", slot.Names)) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None });
            }

            if (view.Chosen is null)
            {
                var actions = new List<CardAction>
                {
                    CardActions.Execute(texts[slot.Mine ? "cop.poll.untick" : "cop.poll.tick"], new VoteCopTime(i) { Deal = view.DealId, Poll = view.PollId }, slot.Mine ? null : ActionStyle.Positive, sendInputs: false),
                };
                if (view.IsOrganiser)
                {
                    actions.Add(CardActions.Execute(texts["cop.poll.pick"], new PickCopTime(i) { Deal = view.DealId, Poll = view.PollId }, sendInputs: false));
                }

                body.Add(new ActionSet(actions) { Spacing = Spacing.Small });
            }
        }

        // Each viewer's copy is refreshed with their own ticks (Teams refreshes automatically in smaller teams).
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body = body,
            Refresh = new CardRefresh(CardActions.Execute(texts["cop.action.refresh"], new RefreshCopPoll { Deal = view.DealId, Poll = view.PollId }, sendInputs: false), null),
        };
    }

    private static void AddNames(List<CardElement> body, string label, IReadOnlyList<string> names)
    {
        if (names.Count > 0)
        {
            body.Add(new TextBlock($"{label}: {string.Join(", ", names)}") { Spacing = Spacing.Small });
        }
    }

    private static ExecuteAction Rsvp(CopAnnouncementView view, string title, string answer, ActionStyle? style) =>
        CardActions.Execute(title, new AnswerCopSession(answer) { Deal = view.DealId, Session = view.SessionId }, style, sendInputs: false);
}
