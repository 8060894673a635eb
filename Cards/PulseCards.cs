using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>A statement scored on a scale; <see cref="Value"/> is the user's own earlier answer.</summary>
public sealed record PulseStatementView(string QuestionId, string Text, int Min, int Max, string MinLabel, string MaxLabel, bool Required, int? Value);

public sealed record PulseIndicatorView(string Name, IReadOnlyList<PulseStatementView> Statements);

public sealed record PulseChoiceView(string QuestionId, string Text, IReadOnlyList<Choice> Options, bool Required, string? Value);

/// <summary>
/// The pulse form as one user sees it. Teams refreshes it per user (<see cref="RefreshUserIds"/>: at most 60
/// 29: ids, or null for everyone), so answers shown are only ever the viewer's own.
/// </summary>
public sealed record PulseCardView(
    Language Language,
    string PulseId,
    string Title,
    string ClosesAt,
    bool IsClosed,
    int RespondentThreshold,
    IReadOnlyList<PulseIndicatorView> Indicators,
    IReadOnlyList<PulseChoiceView> Choices,
    bool AllowsRemark,
    int MaxRemarkLength,
    string? Remark,
    bool HasAnswered,
    string? Confirmation,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string>? RefreshUserIds,
    string? Instruction = null,
    string? Source = null,
    string? FollowUpDealKey = null,
    string? FollowUpIntro = null);

/// <summary>One row of the results table; withheld values are already replaced by the "not shown" text.</summary>
public sealed record PulseResultRowView(string Indicator, string DealMean, string Range, string AllDealsMean, string AllDealsSpread, string Trend, string SinceBaseline);

public sealed record PulseResultsCardView(
    Language Language,
    string PulseId,
    string Title,
    string Status,
    string Respondents,
    string? Withheld,
    IReadOnlyList<PulseResultRowView> Rows,
    IReadOnlyList<string> Notes,
    string? ChartUrl,
    string? ChartAltText,
    string? Source = null,
    string? Baseline = null,
    string? FollowUpIntro = null,
    IReadOnlyList<string>? Remarks = null,
    bool IsPersonal = false);

/// <summary>One indicator the follow-up conversation should take up, with why and what to talk about.</summary>
public sealed record PulseGuideTopicView(string Indicator, string Why, string Numbers, string FollowUpHeading, IReadOnlyList<string> Elements);

/// <summary>
/// The conversation guide a dealmaker gets when a pulse closes. <see cref="Withheld"/> replaces the topics when
/// the results could not be shown; <see cref="Note"/> says what was left out (indicators below the threshold).
/// </summary>
public sealed record PulseGuideCardView(
    Language Language,
    string DealKey,
    string PulseId,
    string DealName,
    string Title,
    string ClosedAt,
    string Respondents,
    string? Withheld,
    IReadOnlyList<PulseGuideTopicView> Topics,
    string? Note,
    string Source,
    string? Confirmation = null);

public sealed record PulseRemarksCardView(Language Language, string PulseId, string Title, string? Withheld, IReadOnlyList<string> Remarks);

public sealed record PulseExportCardView(Language Language, string PulseId, string Title, string Url, string ExpiresAt);

/// <summary>A reminder; <see cref="InPersonalChat"/> for a follow-up round, whose form is in this chat rather than the deal's channel.</summary>
public sealed record PulseReminderCardView(Language Language, string Title, string DealName, string ClosesAt, int Number, bool InPersonalChat = false);

/// <summary>
/// "Submit" on the pulse form: the score or choice of each question arrives under the question's id (the template
/// decides which ids exist, so they are read as <see cref="Inputs"/>), the free remark under its own field.
/// </summary>
public sealed record PulseAnswered([property: CardId] string PulseId = "", [property: CardInput] string Remark = "") : ICardAction
{
    public static string Verb => "pulse.answer";

    /// <summary>Every other input of the form, by question id.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Inputs { get; init; }
}

/// <summary>Teams' per-user refresh of the pulse form (each person sees only their own answers).</summary>
public sealed record PulseRefreshed([property: CardId] string PulseId = "") : ICardAction
{
    public static string Verb => "pulse.refresh";
}

/// <summary>
/// "Submit" on a follow-up round's form in a former member's 1:1 chat: there is no channel to find the deal by, so the
/// card names it; the server checks that the person had a role in that deal.
/// </summary>
public sealed record FollowUpAnswered([property: CardId] string Deal = "", [property: CardId] string PulseId = "", [property: CardInput] string Remark = "") : ICardAction
{
    public static string Verb => "pulse.followup.answer";

    /// <summary>Every other input of the form, by question id.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Inputs { get; init; }
}

/// <summary>Teams' refresh of a follow-up round's form in a 1:1 chat (the person's own answers).</summary>
public sealed record FollowUpRefreshed([property: CardId] string Deal = "", [property: CardId] string PulseId = "") : ICardAction
{
    public static string Verb => "pulse.followup.refresh";
}

/// <summary>"Remarks" on the results card: the free remarks, for the deal's dealmakers only.</summary>
public sealed record PulseRemarksRequested([property: CardId] string PulseId = "") : ICardAction
{
    public static string Verb => "pulse.remarks";
}

/// <summary>"Download" on the results card: a short-lived CSV link, for the deal's dealmakers only.</summary>
public sealed record PulseExportRequested([property: CardId] string PulseId = "") : ICardAction
{
    public static string Verb => "pulse.export";
}

/// <summary>"Back to the results" from the remarks or the download card.</summary>
public sealed record PulseResultsRequested([property: CardId] string PulseId = "") : ICardAction
{
    public static string Verb => "pulse.results";
}

/// <summary>"Plan the conversation" on the follow-up guide, in a personal chat: the deal comes from the card, the role is checked again.</summary>
public sealed record PulseConversationPlanned([property: CardId] string Deal = "", [property: CardId] string PulseId = "") : ICardAction
{
    public static string Verb => "pulse.guide.plan";
}

public static class PulseCards
{

    /// <summary>Teams refreshes a card automatically for at most this many listed users (protocol reference §4).</summary>
    public const int MaxRefreshUsers = 60;

    public static AdaptiveCard Pulse(PulseCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(view.Title),
            new TextBlock(view.IsClosed ? texts.Format("pulse.card.closed", view.ClosesAt) : texts.Format("pulse.card.closes", view.ClosesAt)) { IsSubtle = true, Spacing = Spacing.None },
        };

        if (view.FollowUpIntro is not null)
        {
            body.Add(new TextBlock(view.FollowUpIntro) { Id = "followup-intro", Spacing = Spacing.Medium });
        }

        if (view.Problems.Count > 0)
        {
            body.Add(new Container([
                new TextBlock(texts["pulse.card.problems"]) { Weight = TextWeight.Bolder, Color = TextColor.Attention },
                .. view.Problems.Select(p => new TextBlock("• " + p)),
            ]) { Id = "problems", Style = ContainerStyle.Attention });
        }

        if (view.Confirmation is not null)
        {
            body.Add(new Container([new TextBlock(view.Confirmation) { Color = TextColor.Good }]) { Id = "confirmation", Style = ContainerStyle.Good });
        }

        if (view.IsClosed)
        {
            body.Add(new TextBlock(view.HasAnswered ? texts["pulse.card.closed.answered"] : texts["pulse.card.closed.results"]));
            return new AdaptiveCard
            {
                Lang = view.Language.Code(),
                Speak = view.Title,
                Body = body,
                Refresh = Refresh(view),
            };
        }

        body.Add(new TextBlock(texts.Format("pulse.card.intro", view.RespondentThreshold)) { Size = TextSize.Small });
        if (view.Instruction is not null)
        {
            body.Add(new TextBlock(view.Instruction) { Id = "instruction", Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        }

        if (view.Source is not null)
        {
            body.Add(new TextBlock(texts.Format("pulse.card.source", view.Source)) { Id = "source", Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None });
        }
        foreach (var indicator in view.Indicators)
        {
            body.Add(new TextBlock(indicator.Name) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium, Separator = true, Style = "heading" });
            foreach (var statement in indicator.Statements)
            {
                body.Add(new ChoiceSetInput([.. Enumerable.Range(statement.Min, statement.Max - statement.Min + 1).Select(score => new Choice(ScoreTitle(statement, score), score.ToString(System.Globalization.CultureInfo.InvariantCulture)))])
                {
                    Id = statement.QuestionId,
                    Label = statement.Text,
                    Style = ChoiceInputStyle.Expanded,
                    IsRequired = statement.Required,
                    ErrorMessage = texts["pulse.card.required"],
                    Value = statement.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Wrap = true,
                });
            }
        }

        foreach (var choice in view.Choices)
        {
            body.Add(new ChoiceSetInput([.. choice.Options])
            {
                Id = choice.QuestionId,
                Label = choice.Text,
                Style = ChoiceInputStyle.Expanded,
                IsRequired = choice.Required,
                ErrorMessage = texts["pulse.card.required"],
                Value = choice.Value,
                Spacing = Spacing.Medium,
                Separator = true,
                Wrap = true,
            });
        }

        if (view.AllowsRemark)
        {
            body.Add(new TextInput
            {
                Id = CardFields.Of<PulseAnswered>(nameof(PulseAnswered.Remark)),
                Label = texts["pulse.card.remark"],
                IsMultiline = true,
                MaxLength = view.MaxRemarkLength,
                Value = view.Remark,
                Spacing = Spacing.Medium,
                Separator = true,
            });
        }

        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = view.Title,
            Body = body,
            Actions =
            [
                view.FollowUpDealKey is { } deal
                    ? CardActions.Execute(view.HasAnswered ? texts["pulse.card.update"] : texts["pulse.card.submit"], new FollowUpAnswered(deal, view.PulseId), ActionStyle.Positive)
                    : CardActions.Execute(view.HasAnswered ? texts["pulse.card.update"] : texts["pulse.card.submit"], new PulseAnswered(view.PulseId), ActionStyle.Positive),
            ],
            Refresh = Refresh(view),
        };
    }

    public static AdaptiveCard Results(PulseResultsCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(texts.Format("pulse.results.title", view.Title)),
            new TextBlock(view.Status) { IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(view.Respondents),
        };

        if (view.FollowUpIntro is not null)
        {
            body.Insert(2, new TextBlock(view.FollowUpIntro) { Id = "followup-intro" });
        }

        if (view.Baseline is not null)
        {
            // Which round the "since baseline" column compares with, or that this round is the baseline itself.
            body.Add(new TextBlock(view.Baseline) { Id = "baseline", Spacing = Spacing.Small });
        }

        if (view.Withheld is not null)
        {
            body.Add(new Container([new TextBlock(view.Withheld)]) { Id = "withheld", Style = ContainerStyle.Emphasis });
        }
        else
        {
            if (view.ChartUrl is not null)
            {
                body.Add(new Image(view.ChartUrl) { Id = "chart", AltText = view.ChartAltText ?? view.Title, Size = ImageSize.Stretch, HorizontalAlignment = HorizontalAlignment.Center });
            }

            body.Add(new Table(
                [new TableColumnDefinition(3), new TableColumnDefinition(1), new TableColumnDefinition(1), new TableColumnDefinition(1), new TableColumnDefinition(1), new TableColumnDefinition(1), new TableColumnDefinition(1)],
                [
                    Row(texts["pulse.results.col.indicator"], texts["pulse.results.col.mean"], texts["pulse.results.col.range"], texts["pulse.results.col.all"], texts["pulse.results.col.all_spread"], texts["pulse.results.col.trend"], texts["pulse.results.col.baseline"]),
                    .. view.Rows.Select(r => Row(r.Indicator, r.DealMean, r.Range, r.AllDealsMean, r.AllDealsSpread, r.Trend, r.SinceBaseline)),
                ]) { Id = "results", ShowGridLines = true });
        }

        if (view.Notes.Count > 0)
        {
            body.Add(new TextBlock(texts["pulse.results.notes"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(view.Notes.Select(n => new TextBlock(n) { Size = TextSize.Small, IsSubtle = true }));
        }

        if (view.Remarks is { Count: > 0 } remarks)
        {
            body.Add(new TextBlock(texts["pulse.followup.results.remarks"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(remarks.Select(r => new TextBlock("• " + r) { Spacing = Spacing.None }));
        }

        if (view.Source is not null)
        {
            body.Add(new TextBlock(texts.Format("pulse.card.source", view.Source)) { Id = "source", Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium });
        }

        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts.Format("pulse.results.title", view.Title),
            Body = body,
            // The remarks and download buttons find the round by the deal's channel; a card sent personally has what it may show already.
            Actions = view.IsPersonal
                ? null
                :
                [
                    CardActions.Execute(texts["pulse.results.remarks"], new PulseRemarksRequested(view.PulseId), sendInputs: false),
                    CardActions.Execute(texts["pulse.results.export"], new PulseExportRequested(view.PulseId), sendInputs: false),
                ],
            MsTeams = new JsonObject { ["width"] = "Full" },
        };
    }

    public static AdaptiveCard Remarks(PulseRemarksCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement> { Heading(texts.Format("pulse.remarks.title", view.Title)) };
        if (view.Withheld is not null)
        {
            body.Add(new TextBlock(view.Withheld));
        }
        else if (view.Remarks.Count == 0)
        {
            body.Add(new TextBlock(texts["pulse.remarks.none"]));
        }
        else
        {
            body.Add(new TextBlock(texts["pulse.remarks.note"]) { IsSubtle = true, Size = TextSize.Small });
            body.AddRange(view.Remarks.Select(r => new Container([new TextBlock(r)]) { Style = ContainerStyle.Emphasis, Spacing = Spacing.Small }));
        }

        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts.Format("pulse.remarks.title", view.Title),
            Body = body,
            Actions = [BackToResults(texts, view.PulseId)],
        };
    }

    public static AdaptiveCard Export(PulseExportCardView view)
    {
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts["pulse.export.title"],
            Body =
            [
                Heading(texts["pulse.export.title"]),
                new TextBlock(view.Title) { Weight = TextWeight.Bolder },
                new TextBlock(texts.Format("pulse.export.text", view.ExpiresAt)),
            ],
            Actions = [new OpenUrlAction(texts["pulse.export.open"], view.Url) { Id = "download" }, BackToResults(texts, view.PulseId)],
        };
    }

    public static AdaptiveCard Reminder(PulseReminderCardView view)
    {
        var texts = Texts.For(view.Language);
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts.Format("pulse.reminder.title", view.DealName),
            Body =
            [
                Heading(texts.Format("pulse.reminder.title", view.DealName)),
                new TextBlock(texts.Format(view.InPersonalChat ? "pulse.reminder.text.personal" : "pulse.reminder.text", view.Title, view.ClosesAt, view.DealName)),
                new TextBlock(texts["pulse.reminder.privacy"]) { IsSubtle = true, Size = TextSize.Small },
            ],
        };
    }

    /// <summary>The follow-up conversation guide, sent to each dealmaker in a personal chat when a pulse closes.</summary>
    public static AdaptiveCard Guide(PulseGuideCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(texts.Format("pulse.guide.title", view.DealName)),
            new TextBlock(texts.Format("pulse.guide.intro", view.Title, view.ClosedAt)) { Spacing = Spacing.None },
            new TextBlock(view.Respondents) { Id = "respondents", Weight = TextWeight.Bolder },
        };

        if (view.Confirmation is not null)
        {
            body.Add(new Container([new TextBlock(view.Confirmation) { Color = TextColor.Good }]) { Id = "confirmation", Style = ContainerStyle.Good });
        }

        if (view.Withheld is not null)
        {
            body.Add(new Container([new TextBlock(view.Withheld)]) { Id = "withheld", Style = ContainerStyle.Emphasis });
        }
        else
        {
            var number = 0;
            foreach (var topic in view.Topics)
            {
                number++;
                body.Add(new Container([
                    new TextBlock($"{number}. {topic.Indicator}") { Weight = TextWeight.Bolder, Style = "heading" },
                    new TextBlock(topic.Why) { Spacing = Spacing.None },
                    new TextBlock(topic.Numbers) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
                    // A template without follow-up points (the first one) names the indicator only.
                    .. topic.Elements.Count == 0
                        ? Array.Empty<CardElement>()
                        : [new TextBlock(texts.Format("pulse.guide.elements", topic.FollowUpHeading)) { Spacing = Spacing.Small, Size = TextSize.Small, Weight = TextWeight.Bolder }],
                    .. topic.Elements.Select(e => new TextBlock("• " + e) { Spacing = Spacing.None }),
                ]) { Id = "topic-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture), Spacing = Spacing.Medium, Separator = true });
            }
        }

        if (view.Note is not null)
        {
            body.Add(new TextBlock(view.Note) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium });
        }

        body.Add(new TextBlock(texts.Format("pulse.card.source", view.Source)) { Id = "source", Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium });
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts.Format("pulse.guide.title", view.DealName),
            Body = body,
            Actions =
            [
                CardActions.Execute(texts["pulse.guide.plan"], new PulseConversationPlanned(view.DealKey, view.PulseId), ActionStyle.Positive, sendInputs: false),
            ],
        };
    }

    private static ExecuteAction BackToResults(Texts texts, string pulseId) =>
        CardActions.Execute(texts["pulse.results.back"], new PulseResultsRequested(pulseId), sendInputs: false);

    private static CardRefresh Refresh(PulseCardView view) =>
        new(view.FollowUpDealKey is { } deal
                ? CardActions.Execute("refresh", new FollowUpRefreshed(deal, view.PulseId), sendInputs: false)
                : CardActions.Execute("refresh", new PulseRefreshed(view.PulseId), sendInputs: false),
            view.RefreshUserIds?.Take(MaxRefreshUsers).ToList());

    private static string ScoreTitle(PulseStatementView statement, int score) =>
        score == statement.Min ? $"{score} – {statement.MinLabel}"
        : score == statement.Max ? $"{score} – {statement.MaxLabel}"
        : score.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TableRow Row(params string[] cells) => new([.. cells.Select(c => new TableCell([new TextBlock(c)]))]);

    private static TextBlock Heading(string text) => new(text) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" };
}
