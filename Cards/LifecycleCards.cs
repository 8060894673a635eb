using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>A quote from a source document, with the document's name.</summary>
public sealed record SourceQuote(string Text, string Source);

/// <summary>
/// One prompt of a deal's life (scaling up, extend or close, progress report, network meeting, closing checklist,
/// follow-up round): a title, why now, a quote from its source, the questions or checklist, facts, and an optional
/// link to a document (the progress report).
/// </summary>
public sealed record LifecyclePromptView(
    Language Language,
    string Title,
    string Intro,
    SourceQuote? Quote,
    string? ItemsHeading,
    IReadOnlyList<string> Items,
    IReadOnlyList<Fact> Facts,
    string? DocumentUrl,
    string? DocumentLabel);

/// <summary>The profile card: what is set now, and the form to change it (dealmakers and project managers).</summary>
public sealed record DealProfileCardView(
    Language Language,
    string DealName,
    IReadOnlyList<Fact> Current,
    IReadOnlyList<Choice> Kinds,
    string Kind,
    IReadOnlyList<Choice> Phases,
    string Phase,
    string? Start,
    string? End,
    IReadOnlyList<Choice> Months,
    string SteeringGroupMonths,
    string NetworkMonth,
    IReadOnlyList<Choice> Weeks,
    string NetworkWeek,
    IReadOnlyList<string> Planned,
    bool CanEdit,
    string? Confirmation,
    IReadOnlyList<string> Problems);

/// <summary>The form to record a lesson, with the deal's latest lessons under it.</summary>
public sealed record LessonFormView(
    Language Language,
    string DealName,
    IReadOnlyList<Choice> Themes,
    IReadOnlyList<LessonView> Recent,
    string? Confirmation,
    IReadOnlyList<string> Problems);

public sealed record LessonView(string Heading, string What, string Learned, string Meta, bool DidNotWork);

public sealed record LessonResultsView(Language Language, string Query, IReadOnlyList<LessonView> Hits, string? EmptyText);

/// <summary>The personal welcome for someone who joined a deal's team.</summary>
public sealed record LifecycleWelcomeView(Language Language, string Title, string Intro, IReadOnlyList<Fact> Profile, IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> Sections, string Closing);

/// <summary>
/// "Save profile": every field of the profile card as the dealmaker left it (dates as yyyy-MM-dd, months
/// comma-separated). All of it is typed input, so the button itself carries nothing (null is not written).
/// </summary>
public sealed record SaveDealProfile(
    string? Kind = null,
    string? Phase = null,
    string? Start = null,
    string? End = null,
    string? SteeringMonths = null,
    string? NetworkMonth = null,
    string? NetworkWeek = null) : ICardAction
{
    public static string Verb => "lifecycle.profile.save";
}

/// <summary>"Save lesson": what happened, what was learned, the theme, public or internal, and whether it did not work.</summary>
public sealed record RecordLesson(string? What = null, string? Learned = null, string? Theme = null, bool? IsPublic = null, bool? DidNotWork = null) : ICardAction
{
    public static string Verb => "lifecycle.lesson.save";
}

public static class LifecycleCards
{
    public const int MaxLessonLength = 1000;

    public static AdaptiveCard Prompt(LifecyclePromptView view)
    {
        var body = new List<CardElement> { Heading(view.Title), new TextBlock(view.Intro) };
        if (view.Quote is { } quote)
        {
            body.Add(new Container([
                new TextBlock($"“{quote.Text}”") { IsSubtle = true },
                new TextBlock(quote.Source) { IsSubtle = true, Size = TextSize.Small },
            ]) { Id = "quote", Style = ContainerStyle.Emphasis });
        }

        if (view.Items.Count > 0)
        {
            if (view.ItemsHeading is not null)
            {
                body.Add(new TextBlock(view.ItemsHeading) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            }

            body.AddRange(view.Items.Select((item, i) => new TextBlock($"{i + 1}. {item}") { Spacing = Spacing.Small }));
        }

        if (view.Facts.Count > 0)
        {
            body.Add(new FactSet([.. view.Facts]) { Id = "facts" });
        }

        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = view.Title,
            Body = body,
            Actions = view.DocumentUrl is { } url ? [new OpenUrlAction(view.DocumentLabel ?? url, url)] : null,
        };
    }

    public static AdaptiveCard Profile(DealProfileCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement> { Heading(texts.Format("lifecycle.profile.title", view.DealName)) };
        AddFeedback(body, view.Confirmation, view.Problems);
        body.Add(new FactSet([.. view.Current]) { Id = "profile" });
        if (view.Planned.Count > 0)
        {
            body.Add(new TextBlock(texts["lifecycle.profile.planned"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(view.Planned.Select(p => new TextBlock(p) { Spacing = Spacing.None, Size = TextSize.Small }));
        }

        if (!view.CanEdit)
        {
            body.Add(new TextBlock(texts["lifecycle.profile.readonly"]) { IsSubtle = true, Size = TextSize.Small });
            return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts.Format("lifecycle.profile.title", view.DealName), Body = body };
        }

        body.Add(new ChoiceSetInput([.. view.Kinds]) { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.Kind)), Label = texts["lifecycle.profile.kind"], Style = ChoiceInputStyle.Compact, Value = view.Kind, IsRequired = true, Separator = true });
        body.Add(new ChoiceSetInput([.. view.Phases]) { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.Phase)), Label = texts["lifecycle.profile.phase"], Style = ChoiceInputStyle.Compact, Value = view.Phase, IsRequired = true });
        body.Add(new DateInput { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.Start)), Label = texts["lifecycle.profile.start"], Value = view.Start });
        body.Add(new DateInput { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.End)), Label = texts["lifecycle.profile.end"], Value = view.End });
        body.Add(new ChoiceSetInput([.. view.Months]) { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.SteeringMonths)), Label = texts["lifecycle.profile.steering"], IsMultiSelect = true, Style = ChoiceInputStyle.Filtered, Value = view.SteeringGroupMonths });
        body.Add(new ChoiceSetInput([.. view.Months]) { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.NetworkMonth)), Label = texts["lifecycle.profile.network_month"], Style = ChoiceInputStyle.Compact, Value = view.NetworkMonth });
        body.Add(new ChoiceSetInput([.. view.Weeks]) { Id = CardFields.Of<SaveDealProfile>(nameof(SaveDealProfile.NetworkWeek)), Label = texts["lifecycle.profile.network_week"], Style = ChoiceInputStyle.Compact, Value = view.NetworkWeek });
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts.Format("lifecycle.profile.title", view.DealName),
            Body = body,
            Actions = [CardActions.Execute(texts["lifecycle.profile.save"], new SaveDealProfile())],
        };
    }

    public static AdaptiveCard LessonForm(LessonFormView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement> { Heading(texts.Format("lifecycle.lesson.title", view.DealName)), new TextBlock(texts["lifecycle.lesson.intro"]) { IsSubtle = true } };
        AddFeedback(body, view.Confirmation, view.Problems);
        body.Add(new TextInput { Id = CardFields.Of<RecordLesson>(nameof(RecordLesson.What)), Label = texts["lifecycle.lesson.what"], IsMultiline = true, MaxLength = MaxLessonLength, IsRequired = true, ErrorMessage = texts["lifecycle.lesson.what.required"] });
        body.Add(new TextInput { Id = CardFields.Of<RecordLesson>(nameof(RecordLesson.Learned)), Label = texts["lifecycle.lesson.learned"], IsMultiline = true, MaxLength = MaxLessonLength, IsRequired = true, ErrorMessage = texts["lifecycle.lesson.learned.required"] });
        body.Add(new ChoiceSetInput([.. view.Themes]) { Id = CardFields.Of<RecordLesson>(nameof(RecordLesson.Theme)), Label = texts["lifecycle.lesson.theme"], Style = ChoiceInputStyle.Compact, Value = view.Themes.Count > 1 ? view.Themes[1].Value : null, IsRequired = true });
        body.Add(new ToggleInput(texts["lifecycle.lesson.public"]) { Id = CardFields.Of<RecordLesson>(nameof(RecordLesson.IsPublic)), Value = "true", ValueOn = "true", ValueOff = "false" });
        body.Add(new ToggleInput(texts["lifecycle.lesson.did_not_work"]) { Id = CardFields.Of<RecordLesson>(nameof(RecordLesson.DidNotWork)), Value = "false", ValueOn = "true", ValueOff = "false" });
        if (view.Recent.Count > 0)
        {
            body.Add(new TextBlock(texts["lifecycle.lesson.recent"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Large, Separator = true });
            body.AddRange(view.Recent.Select(Lesson));
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts.Format("lifecycle.lesson.title", view.DealName), Body = body, Actions = [CardActions.Execute(texts["lifecycle.lesson.save"], new RecordLesson())] };
    }

    public static AdaptiveCard LessonResults(LessonResultsView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement> { Heading(texts.Format("lifecycle.lessons.title", view.Query)) };
        if (view.Hits.Count == 0)
        {
            body.Add(new TextBlock(view.EmptyText ?? texts["lifecycle.lessons.none"]) { IsSubtle = true });
        }

        body.AddRange(view.Hits.Select(Lesson));
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts.Format("lifecycle.lessons.title", view.Query), Body = body };
    }

    public static AdaptiveCard Welcome(LifecycleWelcomeView view)
    {
        var body = new List<CardElement> { Heading(view.Title), new TextBlock(view.Intro) };
        if (view.Profile.Count > 0)
        {
            body.Add(new FactSet([.. view.Profile]) { Id = "profile" });
        }

        foreach (var (title, lines) in view.Sections)
        {
            body.Add(new TextBlock(title) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(lines.Select(l => new TextBlock(l) { Spacing = Spacing.None }));
        }

        body.Add(new TextBlock(view.Closing) { IsSubtle = true, Spacing = Spacing.Medium });
        return new AdaptiveCard { Lang = view.Language.Code(), Speak = view.Title, Body = body };
    }

    private static Container Lesson(LessonView lesson) => new([
        new TextBlock(lesson.Heading) { Weight = TextWeight.Bolder, Color = lesson.DidNotWork ? TextColor.Attention : (TextColor?)null },
        new TextBlock(lesson.What) { Spacing = Spacing.None },
        new TextBlock(lesson.Learned) { Spacing = Spacing.Small },
        new TextBlock(lesson.Meta) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
    ]) { Separator = true, Spacing = Spacing.Medium };

    private static void AddFeedback(List<CardElement> body, string? confirmation, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            body.Add(new Container([.. problems.Select(p => new TextBlock(p) { Color = TextColor.Attention })]) { Id = "problems", Style = ContainerStyle.Attention });
        }

        if (confirmation is not null)
        {
            body.Add(new Container([new TextBlock(confirmation) { Color = TextColor.Good }]) { Id = "confirmation", Style = ContainerStyle.Good });
        }
    }

    private static TextBlock Heading(string text) => new(text) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading", Wrap = true };
}

/// <summary>"Send request": the programme administrator's question, deadline and chosen deals (empty = all active deals).</summary>
public sealed record SendProgrammeRequest(string? Question = null, string? Deadline = null, string? Deals = null) : ICardAction
{
    public static string Verb => "lifecycle.request.send";
}

/// <summary>"Send answer": a deal's answer to a programme request, pressed in the deal's channel.</summary>
public sealed record AnswerProgrammeRequest([property: CardId] string Request = "", string? Answer = null) : ICardAction
{
    public static string Verb => "lifecycle.request.answer";
}

/// <summary>One request in the administrator's overview: its question, deadline, answered count and CSV link.</summary>
public sealed record ProgrammeRequestLine(string Question, string Deadline, string Answered, string? DownloadUrl);

/// <summary>The administrator's card: the form for a new request and the overview of earlier ones.</summary>
public sealed record ProgrammeRequestFormView(Language Language, IReadOnlyList<Choice> Deals, string? DefaultDeadline, IReadOnlyList<ProgrammeRequestLine> Requests, string? Confirmation, IReadOnlyList<string> Problems);

/// <summary>The card a deal answers on (posted in its channel; reminders go to its dealmakers and project managers).</summary>
public sealed record ProgrammeRequestCardView(Language Language, string RequestId, string DealName, string Question, string Deadline, string? CurrentAnswer, string? AnsweredBy, string? Note, bool IsReminder);

public static class ProgrammeRequestCards
{
    public const int MaxQuestionLength = 2000;
    public const int MaxAnswerLength = 4000;

    public static AdaptiveCard Form(ProgrammeRequestFormView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts["lifecycle.request.form.title"]) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(texts["lifecycle.request.form.intro"]) { IsSubtle = true },
        };
        if (view.Problems.Count > 0)
        {
            body.Add(new Container([.. view.Problems.Select(p => new TextBlock(p) { Color = TextColor.Attention })]) { Id = "problems", Style = ContainerStyle.Attention });
        }

        if (view.Confirmation is not null)
        {
            body.Add(new Container([new TextBlock(view.Confirmation) { Color = TextColor.Good }]) { Id = "confirmation", Style = ContainerStyle.Good });
        }

        body.Add(new TextInput { Id = CardFields.Of<SendProgrammeRequest>(nameof(SendProgrammeRequest.Question)), Label = texts["lifecycle.request.form.question"], IsMultiline = true, MaxLength = MaxQuestionLength, IsRequired = true, ErrorMessage = texts["lifecycle.request.form.question.required"] });
        body.Add(new DateInput { Id = CardFields.Of<SendProgrammeRequest>(nameof(SendProgrammeRequest.Deadline)), Label = texts["lifecycle.request.form.deadline"], Value = view.DefaultDeadline, IsRequired = true });
        body.Add(new ChoiceSetInput([.. view.Deals]) { Id = CardFields.Of<SendProgrammeRequest>(nameof(SendProgrammeRequest.Deals)), Label = texts["lifecycle.request.form.deals"], IsMultiSelect = true, Style = ChoiceInputStyle.Filtered, Placeholder = texts["lifecycle.request.form.all_deals"] });
        body.Add(new ActionSet([CardActions.Execute(texts["lifecycle.request.form.send"], new SendProgrammeRequest(), ActionStyle.Positive)]));
        if (view.Requests.Count > 0)
        {
            body.Add(new TextBlock(texts["lifecycle.request.form.earlier"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Large, Separator = true });
            foreach (var request in view.Requests)
            {
                body.Add(new TextBlock(request.Question) { Weight = TextWeight.Bolder, MaxLines = 3 });
                body.Add(new TextBlock($"{request.Deadline} · {request.Answered}") { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None });
                if (request.DownloadUrl is { } url)
                {
                    body.Add(new ActionSet([new OpenUrlAction(texts["lifecycle.request.form.download"], url)]));
                }
            }
        }

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts["lifecycle.request.form.title"], Body = body };
    }

    public static AdaptiveCard Request(ProgrammeRequestCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts.Format(view.IsReminder ? "lifecycle.request.card.reminder" : "lifecycle.request.card.title", view.DealName)) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(view.Question),
            new TextBlock(texts.Format("lifecycle.request.card.deadline", view.Deadline)) { IsSubtle = true },
        };
        if (view.Note is not null)
        {
            body.Add(new Container([new TextBlock(view.Note)]) { Id = "note", Style = ContainerStyle.Good });
        }

        if (view.AnsweredBy is not null)
        {
            body.Add(new TextBlock(texts.Format("lifecycle.request.card.answered_by", view.AnsweredBy)) { IsSubtle = true, Size = TextSize.Small });
        }

        body.Add(new TextInput { Id = CardFields.Of<AnswerProgrammeRequest>(nameof(AnswerProgrammeRequest.Answer)), Label = texts["lifecycle.request.card.answer"], Value = view.CurrentAnswer, IsMultiline = true, MaxLength = MaxAnswerLength, IsRequired = true, ErrorMessage = texts["lifecycle.request.card.answer.required"] });
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts.Format("lifecycle.request.card.title", view.DealName),
            Body = body,
            Actions = [CardActions.Execute(texts["lifecycle.request.card.send"], new AnswerProgrammeRequest(view.RequestId), ActionStyle.Positive)],
        };
    }
}
