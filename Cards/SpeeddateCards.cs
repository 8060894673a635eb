using System.Globalization;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>What one participant confirmed about themselves, shown back on their copy of the sign-up card.</summary>
public sealed record SpeeddateConfirmation(string Deal, string Organisation, string OrganisationType, bool IsConfirmed);

public sealed record SpeeddateSignUpView(
    Language Language,
    string SessionId,
    string DealName,
    int Rounds,
    int Minutes,
    int ParticipantCount,
    IReadOnlyList<Choice> OrganisationTypes,
    SpeeddateConfirmation? Mine,
    string? Note,
    IReadOnlyList<string>? RefreshFor = null,
    int GroupSize = 2,
    string? DeckName = null,
    string? BlockOf = null,
    IReadOnlyList<Choice>? DeckChoices = null,
    string? ChosenDeck = null);

/// <summary>A speed-date block of a CoP session opened: told to the people who said yes, and with a note to its organiser.</summary>
public sealed record SpeeddateBlockView(Language Language, string Title, string ChannelName, string? ChannelLink, string? OrganiserNote);

public sealed record SpeeddateSeat(string Name, string Organisation);

public sealed record SpeeddateTable(int Number, IReadOnlyList<SpeeddateSeat> Seats, string Question);

public sealed record SpeeddateRoundView(Language Language, string DealName, int Round, int Rounds, int Minutes, IReadOnlyList<SpeeddateTable> Tables);

/// <summary>One participant's group for a round, sent in their 1:1 chat with the bot.</summary>
public sealed record SpeeddateGroupView(
    Language Language,
    string DealName,
    int Round,
    int Rounds,
    int Minutes,
    int Table,
    IReadOnlyList<SpeeddateSeat> Partners,
    string Question,
    string? ChatLink);

public sealed record SpeeddateControlView(
    Language Language,
    string SessionId,
    int Round,
    int Rounds,
    IReadOnlyList<Choice> Present,
    int Waiting,
    string? Note);

public sealed record SpeeddateSummaryView(Language Language, string DealName, IReadOnlyList<SpeeddateSeat> Met, int NewContacts, string? SessionId = null);

public sealed record SpeeddateContactCount(string Name, int NewContacts);

public sealed record SpeeddateMetricsView(
    Language Language,
    string DealName,
    int Participants,
    int Rounds,
    int Pairs,
    double CrossDealShare,
    double CrossOrganisationShare,
    int HistoryRepeats,
    int UnavoidableRepeats,
    IReadOnlyList<SpeeddateContactCount> NewContacts);

/// <summary>"I'm in" on the sign-up card.</summary>
public sealed record JoinSpeeddate([property: CardId] string Session = "") : ICardAction
{
    public static string Verb => "speeddate.join";
}

/// <summary>A participant confirms (or corrects) their deal, organisation and its type for the seating.</summary>
public sealed record ConfirmSpeeddateDetails(
    [property: CardId] string Session = "", [property: CardInput] string Deal = "", [property: CardInput] string Organisation = "", [property: CardInput] string OrganisationType = "") : ICardAction
{
    public static string Verb => "speeddate.confirm";
}

public sealed record StartSpeeddate([property: CardId] string Session = "") : ICardAction
{
    public static string Verb => "speeddate.start";
}

/// <summary>The next round, or after the last the end.</summary>
public sealed record NextSpeeddateRound([property: CardId] string Session = "") : ICardAction
{
    public static string Verb => "speeddate.next";
}

/// <summary>Reseats the current round around the people ticked as not present (comma-separated person keys) and latecomers.</summary>
public sealed record ReseatSpeeddateRound([property: CardId] string Session = "", [property: CardInput] string NoShows = "") : ICardAction
{
    public static string Verb => "speeddate.replan";
}

/// <summary>Teams asks for a listed participant's own view of the sign-up card (Universal Action refresh).</summary>
public sealed record RefreshSpeeddate([property: CardId] string Session = "") : ICardAction
{
    public static string Verb => "speeddate.refresh";
}

/// <summary>The organiser switches between pairs ("2") and trios ("3") until the start.</summary>
public sealed record SetSpeeddateGroupSize([property: CardId] string Session = "", string GroupSize = "") : ICardAction
{
    public static string Verb => "speeddate.groupsize";
}

/// <summary>The organiser's own copy of the sign-up card with the decks the deal may use.</summary>
public sealed record ShowSpeeddateDecks([property: CardId] string Session = "") : ICardAction
{
    public static string Verb => "speeddate.decks";
}

/// <summary>The organiser picks the session's deck (a choice value of the deck list) until the start.</summary>
public sealed record ChooseSpeeddateDeck([property: CardId] string Session = "", [property: CardInput] string Deck = "") : ICardAction
{
    public static string Verb => "speeddate.deck";
}

/// <summary>The one feedback question after a session (1–5), in the personal chat.</summary>
public sealed record SendSpeeddateFeedback([property: CardId] string Session = "", [property: CardInput] string Score = "") : ICardAction
{
    public static string Verb => "speeddate.feedback";
}

public static class SpeeddateCards
{
    /// <summary>Teams refreshes a card automatically for at most 60 listed users (Universal Actions).</summary>
    public const int MaxRefreshUsers = 60;

    public static AdaptiveCard SignUp(SpeeddateSignUpView view)
    {
        var texts = Texts.For(view.Language);
        var session = view.SessionId;
        var title = texts.Format("speeddate.signup.title", view.DealName);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(view.BlockOf is null ? texts["speeddate.signup.intro"] : texts.Format("speeddate.signup.intro.block", view.BlockOf)),
            new FactSet(
            [
                new Fact(texts["speeddate.fact.rounds"], view.Rounds.ToString(CultureInfo.InvariantCulture)),
                new Fact(texts["speeddate.fact.minutes"], view.Minutes.ToString(CultureInfo.InvariantCulture)),
                new Fact(texts["speeddate.fact.groups"], texts[view.GroupSize == 3 ? "speeddate.groups.trios" : "speeddate.groups.pairs"]),
                .. view.DeckName is null ? Array.Empty<Fact>() : [new Fact(texts["speeddate.fact.deck"], view.DeckName)],
                new Fact(texts["speeddate.fact.participants"], view.ParticipantCount.ToString(CultureInfo.InvariantCulture)),
            ]) { Id = "facts" },
        };
        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        }

        var actions = new List<CardAction>();
        if (view.Mine is { } mine)
        {
            body.Add(new TextBlock(texts["speeddate.signup.confirm.intro"]) { Spacing = Spacing.Medium, Weight = TextWeight.Bolder });
            body.Add(new TextInput { Id = CardFields.Of<ConfirmSpeeddateDetails>(nameof(ConfirmSpeeddateDetails.Deal)), Label = texts["speeddate.signup.deal"], Value = mine.Deal, MaxLength = 100, IsRequired = true, ErrorMessage = texts["speeddate.signup.required"] });
            body.Add(new TextInput { Id = CardFields.Of<ConfirmSpeeddateDetails>(nameof(ConfirmSpeeddateDetails.Organisation)), Label = texts["speeddate.signup.organisation"], Value = mine.Organisation, MaxLength = 100, IsRequired = true, ErrorMessage = texts["speeddate.signup.required"] });
            body.Add(new ChoiceSetInput([.. view.OrganisationTypes])
            {
                Id = CardFields.Of<ConfirmSpeeddateDetails>(nameof(ConfirmSpeeddateDetails.OrganisationType)),
                Label = texts["speeddate.signup.type"],
                Value = mine.OrganisationType,
                Style = ChoiceInputStyle.Compact,
                IsRequired = true,
                ErrorMessage = texts["speeddate.signup.required"],
            });
            actions.Add(CardActions.Execute(texts[mine.IsConfirmed ? "speeddate.action.update" : "speeddate.action.confirm"], new ConfirmSpeeddateDetails(session), ActionStyle.Positive));
        }
        else
        {
            actions.Add(CardActions.Execute(texts["speeddate.action.join"], new JoinSpeeddate(session), ActionStyle.Positive, sendInputs: false));
        }

        actions.Add(CardActions.Execute(texts["speeddate.action.start"], new StartSpeeddate(session), sendInputs: false));
        // The organiser switches between pairs and trios until the start; the server refuses anyone else.
        var otherSize = view.GroupSize == 3 ? 2 : 3;
        actions.Add(CardActions.Execute(
            texts[otherSize == 3 ? "speeddate.action.trios" : "speeddate.action.pairs"],
            new SetSpeeddateGroupSize(session, otherSize.ToString(CultureInfo.InvariantCulture)),
            sendInputs: false));
        actions.Add(CardActions.Execute(texts["speeddate.action.decks"], new ShowSpeeddateDecks(session), sendInputs: false));
        body.Add(new ActionSet(actions));
        if (view.DeckChoices is { Count: > 0 } decks)
        {
            // Only the organiser's own copy: the decks this deal may use, until the start.
            body.Add(new ChoiceSetInput([.. decks])
            {
                Id = CardFields.Of<ChooseSpeeddateDeck>(nameof(ChooseSpeeddateDeck.Deck)),
                Label = texts["speeddate.signup.deck"],
                Value = view.ChosenDeck ?? decks[0].Value,
                Style = ChoiceInputStyle.Compact,
                IsRequired = true,
                ErrorMessage = texts["speeddate.signup.required"],
            });
            body.Add(new ActionSet([CardActions.Execute(texts["speeddate.action.use_deck"], new ChooseSpeeddateDeck(session), ActionStyle.Positive)]));
        }

        // Participants see the live count (and their own details) whenever they look at the card again.
        var refresh = view.RefreshFor is { Count: > 0 } users
            ? new CardRefresh(CardActions.Execute(title, new RefreshSpeeddate(session), sendInputs: false), [.. users.Take(MaxRefreshUsers)])
            : null;
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body, Refresh = refresh };
    }

    /// <summary>A CoP session's speed-date block has opened its sign-up in the channel.</summary>
    public static AdaptiveCard BlockOpened(SpeeddateBlockView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts.Format("speeddate.block.title", view.Title);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts.Format("speeddate.block.intro", view.ChannelName)),
        };
        if (view.OrganiserNote is not null)
        {
            body.Add(new TextBlock(view.OrganiserNote) { Color = TextColor.Warning });
        }

        if (view.ChannelLink is not null)
        {
            body.Add(new ActionSet([new OpenUrlAction(texts["speeddate.block.open_channel"], view.ChannelLink)]));
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    public static AdaptiveCard Round(SpeeddateRoundView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts.Format("speeddate.round.title", view.Round, view.Rounds);
        var body = new List<CardElement>
        {
            new TextBlock(view.DealName) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts.Format("speeddate.round.intro", view.Minutes)),
        };
        foreach (var table in view.Tables)
        {
            body.Add(new Container(
            [
                new TextBlock(texts.Format("speeddate.table", table.Number)) { Weight = TextWeight.Bolder },
                new TextBlock(string.Join(" · ", table.Seats.Select(Seat))),
                new TextBlock(table.Question) { IsSubtle = true },
            ]) { Id = "table-" + table.Number.ToString(CultureInfo.InvariantCulture), Separator = true });
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    public static AdaptiveCard Group(SpeeddateGroupView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts.Format("speeddate.group.title", view.Round, view.Rounds, view.Table);
        var body = new List<CardElement>
        {
            new TextBlock(view.DealName) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts.Format("speeddate.group.intro", view.Minutes)),
            new FactSet([.. view.Partners.Select(p => new Fact(p.Name, p.Organisation))]),
            new TextBlock(texts["speeddate.group.question"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new TextBlock(view.Question),
        };
        if (view.ChatLink is not null)
        {
            body.Add(new ActionSet([new OpenUrlAction(texts["speeddate.action.chat"], view.ChatLink)]));
        }
        else
        {
            body.Add(new TextBlock(texts["speeddate.group.no_link"]) { IsSubtle = true, Size = TextSize.Small });
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    public static AdaptiveCard Control(SpeeddateControlView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts.Format("speeddate.control.title", view.Round, view.Rounds);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts["speeddate.control.intro"]),
        };
        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Color = TextColor.Warning });
        }

        if (view.Waiting > 0)
        {
            body.Add(new TextBlock(texts.Format("speeddate.control.waiting", view.Waiting)));
        }

        body.Add(new ChoiceSetInput([.. view.Present])
        {
            Id = CardFields.Of<ReseatSpeeddateRound>(nameof(ReseatSpeeddateRound.NoShows)),
            Label = texts["speeddate.control.noshows"],
            IsMultiSelect = true,
            Style = ChoiceInputStyle.Filtered,
        });
        var last = view.Round >= view.Rounds;
        body.Add(new ActionSet(
        [
            CardActions.Execute(texts[last ? "speeddate.action.finish" : "speeddate.action.next"], new NextSpeeddateRound(view.SessionId), ActionStyle.Positive, sendInputs: false),
            CardActions.Execute(texts["speeddate.action.replan"], new ReseatSpeeddateRound(view.SessionId)),
        ]));
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    public static AdaptiveCard Summary(SpeeddateSummaryView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts["speeddate.summary.title"];
        var body = new List<CardElement>
        {
            new TextBlock(view.DealName) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts.Format("speeddate.summary.intro", view.Met.Count, view.NewContacts)),
            new FactSet([.. view.Met.Select(p => new Fact(p.Name, p.Organisation))]),
        };
        if (view.SessionId is null)
        {
            return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
        }

        // One optional question, so organisers learn whether the format works.
        body.Add(new ChoiceSetInput([.. Enumerable.Range(1, 5).Select(i => new Choice(texts["speeddate.feedback." + i.ToString(System.Globalization.CultureInfo.InvariantCulture)], i.ToString(System.Globalization.CultureInfo.InvariantCulture)))])
        {
            Id = CardFields.Of<SendSpeeddateFeedback>(nameof(SendSpeeddateFeedback.Score)),
            Label = texts["speeddate.feedback.question"],
            Style = ChoiceInputStyle.Expanded,
        });
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = title,
            Body = body,
            Actions = [CardActions.Execute(texts["speeddate.feedback.send"], new SendSpeeddateFeedback(view.SessionId))],
        };
    }

    public static AdaptiveCard Metrics(SpeeddateMetricsView view)
    {
        var texts = Texts.For(view.Language);
        var culture = view.Language.Culture();
        var title = texts.Format("speeddate.metrics.title", view.DealName);
        var counts = view.NewContacts.Select(c => c.NewContacts).DefaultIfEmpty(0).ToList();
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new FactSet(
            [
                new Fact(texts["speeddate.fact.participants"], view.Participants.ToString(culture)),
                new Fact(texts["speeddate.fact.rounds"], view.Rounds.ToString(culture)),
                new Fact(texts["speeddate.metrics.pairs"], view.Pairs.ToString(culture)),
                new Fact(texts["speeddate.metrics.new_contacts"], texts.Format("speeddate.metrics.range", counts.Min(), counts.Max(), counts.Average())),
                new Fact(texts["speeddate.metrics.cross_deal"], view.CrossDealShare.ToString("P0", culture)),
                new Fact(texts["speeddate.metrics.cross_organisation"], view.CrossOrganisationShare.ToString("P0", culture)),
                new Fact(texts["speeddate.metrics.repeats"], texts.Format("speeddate.metrics.repeats.value", view.HistoryRepeats, view.UnavoidableRepeats)),
            ]),
            new TextBlock(texts["speeddate.metrics.per_person"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new FactSet([.. view.NewContacts.Select(c => new Fact(c.Name, c.NewContacts.ToString(culture)))]),
        };
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = title, Body = body };
    }

    private static string Seat(SpeeddateSeat seat) =>
        string.IsNullOrEmpty(seat.Organisation) ? seat.Name : $"{seat.Name} ({seat.Organisation})";
}
