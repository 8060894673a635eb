using CityDealBot.Cards.Localization;
using System.Text.RegularExpressions;

namespace CityDealBot.Pulse;

/// <summary>Why a template or an answer set was refused.</summary>
public enum PulseValidationCode
{
    MissingTemplateId,
    MissingTitle,
    NoQuestions,
    TooManyQuestions,
    InvalidQuestionId,
    DuplicateQuestionId,
    MissingQuestionText,
    QuestionTextTooLong,
    InvalidScaleBounds,
    MissingScaleLabel,
    UnknownIndicator,
    MixedScalesInIndicator,
    TooFewOptions,
    TooManyOptions,
    InvalidOptionId,
    DuplicateOptionId,
    MissingOptionLabel,
    InvalidIndicatorId,
    DuplicateIndicatorId,
    MissingIndicatorName,
    IndicatorShortNameTooLong,
    IndicatorWithoutQuestions,
    TooManyIndicators,
    InvalidRemarkLength,
    UnknownQuestion,
    ScoreOutsideScale,
    ScoreForChoiceQuestion,
    ChoiceForScaleQuestion,
    UnknownOption,
    MissingRequiredAnswer,
    RemarkTooLong,
    RemarkNotAllowed,
    ScoreNotANumber,
    InvalidInstruction,
    InvalidFollowUp,
}

/// <summary>One problem, with the question (or option/indicator) it concerns and a message in both languages.</summary>
public sealed record PulseValidationError(PulseValidationCode Code, string? Subject, LocalizedText Message);

public sealed record PulseValidationResult(IReadOnlyList<PulseValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public bool Has(PulseValidationCode code) => Errors.Any(e => e.Code == code);
}

/// <summary>Rules for custom templates that dealmakers define, and for the answers partners submit.</summary>
public static partial class PulseValidation
{
    // Limits keep a template small enough for one Adaptive Card and a readable radar chart.
    public const int MaxQuestions = 20;
    public const int MaxIndicators = 12;
    public const int MaxQuestionTextLength = 300;
    // Long enough for the published indicator names ("Ontwikkelen en delen van kennis"); the chart wraps them.
    public const int MaxShortNameLength = 32;
    public const int MaxFollowUpElements = 8;
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int LowestScaleValue = 0;
    public const int HighestScaleValue = 10;
    public const int MaxRemarkLimit = 4000;

    // Ids end up as Adaptive Card input ids and storage keys, so keep them plain.
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static PulseValidationResult ValidateTemplate(PulseTemplate template)
    {
        var errors = new List<PulseValidationError>();
        void Add(PulseValidationCode code, string? subject, string nl, string en) => errors.Add(new(code, subject, new(nl, en)));

        if (string.IsNullOrWhiteSpace(template.Id))
        {
            Add(PulseValidationCode.MissingTemplateId, null, "De peiling heeft geen id.", "The pulse template has no id.");
        }

        if (IsBlank(template.Title))
        {
            Add(PulseValidationCode.MissingTitle, null, "Geef de peiling een titel in het Nederlands en het Engels.", "Give the pulse a title in Dutch and English.");
        }

        if (template.MaxRemarkLength is < 0 or > MaxRemarkLimit)
        {
            Add(PulseValidationCode.InvalidRemarkLength, null,
                $"De maximale lengte van een opmerking moet tussen 0 en {MaxRemarkLimit} tekens liggen.",
                $"The maximum remark length must be between 0 and {MaxRemarkLimit} characters.");
        }

        if (template.Instruction is { } instruction
            && (IsBlank(instruction) || instruction.Nl.Length > MaxQuestionTextLength || instruction.En.Length > MaxQuestionTextLength))
        {
            Add(PulseValidationCode.InvalidInstruction, null,
                $"De instructie boven de stellingen moet in het Nederlands en het Engels zijn ingevuld, met hoogstens {MaxQuestionTextLength} tekens.",
                $"The instruction above the statements needs a Dutch and an English text of at most {MaxQuestionTextLength} characters.");
        }

        ValidateIndicators(template, Add);

        if (template.Questions.Count == 0)
        {
            Add(PulseValidationCode.NoQuestions, null, "Voeg minstens één vraag toe.", "Add at least one question.");
        }
        else if (template.Questions.Count > MaxQuestions)
        {
            Add(PulseValidationCode.TooManyQuestions, null,
                $"Een peiling heeft hoogstens {MaxQuestions} vragen; deze heeft er {template.Questions.Count}.",
                $"A pulse has at most {MaxQuestions} questions; this one has {template.Questions.Count}.");
        }

        var seenQuestions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in template.Questions)
        {
            var id = question.Id ?? string.Empty;
            if (!IdPattern().IsMatch(id))
            {
                Add(PulseValidationCode.InvalidQuestionId, id,
                    $"Vraag-id '{id}' is ongeldig: gebruik 1 tot 40 kleine letters, cijfers, '-' of '_'.",
                    $"Question id '{id}' is invalid: use 1 to 40 lower-case letters, digits, '-' or '_'.");
            }
            else if (!seenQuestions.Add(id))
            {
                Add(PulseValidationCode.DuplicateQuestionId, id, $"Vraag-id '{id}' komt twee keer voor.", $"Question id '{id}' is used twice.");
            }

            if (IsBlank(question.Text))
            {
                Add(PulseValidationCode.MissingQuestionText, id,
                    $"Vraag '{id}' heeft geen tekst in het Nederlands en het Engels.",
                    $"Question '{id}' needs a text in Dutch and English.");
            }
            else if (question.Text.Nl.Length > MaxQuestionTextLength || question.Text.En.Length > MaxQuestionTextLength)
            {
                Add(PulseValidationCode.QuestionTextTooLong, id,
                    $"De tekst van vraag '{id}' is langer dan {MaxQuestionTextLength} tekens.",
                    $"The text of question '{id}' is longer than {MaxQuestionTextLength} characters.");
            }

            switch (question)
            {
                case ScaleQuestion scale:
                    ValidateScale(template, scale, Add);
                    break;
                case ChoiceQuestion choice:
                    ValidateChoice(choice, Add);
                    break;
            }
        }

        return new PulseValidationResult(errors);
    }

    private static void ValidateIndicators(PulseTemplate template, Action<PulseValidationCode, string?, string, string> add)
    {
        if (template.Indicators.Count > MaxIndicators)
        {
            add(PulseValidationCode.TooManyIndicators, null,
                $"Een peiling heeft hoogstens {MaxIndicators} indicatoren; deze heeft er {template.Indicators.Count}.",
                $"A pulse has at most {MaxIndicators} indicators; this one has {template.Indicators.Count}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in template.Indicators)
        {
            var id = indicator.Id ?? string.Empty;
            if (!IdPattern().IsMatch(id))
            {
                add(PulseValidationCode.InvalidIndicatorId, id,
                    $"Indicator-id '{id}' is ongeldig: gebruik 1 tot 40 kleine letters, cijfers, '-' of '_'.",
                    $"Indicator id '{id}' is invalid: use 1 to 40 lower-case letters, digits, '-' or '_'.");
            }
            else if (!seen.Add(id))
            {
                add(PulseValidationCode.DuplicateIndicatorId, id, $"Indicator-id '{id}' komt twee keer voor.", $"Indicator id '{id}' is used twice.");
            }

            if (IsBlank(indicator.Name) || IsBlank(indicator.ShortName))
            {
                add(PulseValidationCode.MissingIndicatorName, id,
                    $"Indicator '{id}' heeft een naam en een korte naam nodig, in het Nederlands en het Engels.",
                    $"Indicator '{id}' needs a name and a short name, in Dutch and English.");
            }
            else if (indicator.ShortName.Nl.Length > MaxShortNameLength || indicator.ShortName.En.Length > MaxShortNameLength)
            {
                add(PulseValidationCode.IndicatorShortNameTooLong, id,
                    $"De korte naam van indicator '{id}' mag hoogstens {MaxShortNameLength} tekens hebben (hij staat in de grafiek).",
                    $"The short name of indicator '{id}' may have at most {MaxShortNameLength} characters (it labels the chart).");
            }

            if (indicator.FollowUp is { } followUp
                && (IsBlank(followUp.Heading) || followUp.Elements.Count is 0 or > MaxFollowUpElements
                    || followUp.Elements.Any(e => IsBlank(e) || e.Nl.Length > MaxQuestionTextLength || e.En.Length > MaxQuestionTextLength)))
            {
                add(PulseValidationCode.InvalidFollowUp, id,
                    $"De gesprekspunten bij indicator '{id}' hebben een kop en 1 tot {MaxFollowUpElements} punten nodig, elk in het Nederlands en het Engels en hoogstens {MaxQuestionTextLength} tekens.",
                    $"The conversation points of indicator '{id}' need a heading and 1 to {MaxFollowUpElements} points, each in Dutch and English and at most {MaxQuestionTextLength} characters.");
            }

            if (!template.StatementsOf(id).Any())
            {
                add(PulseValidationCode.IndicatorWithoutQuestions, id,
                    $"Indicator '{id}' heeft geen schaalvraag.",
                    $"Indicator '{id}' has no scale question.");
            }
        }
    }

    private static void ValidateScale(PulseTemplate template, ScaleQuestion scale, Action<PulseValidationCode, string?, string, string> add)
    {
        if (scale.Min < LowestScaleValue || scale.Max > HighestScaleValue || scale.Min >= scale.Max)
        {
            add(PulseValidationCode.InvalidScaleBounds, scale.Id,
                $"De schaal van vraag '{scale.Id}' ({scale.Min}–{scale.Max}) is ongeldig: het minimum moet lager zijn dan het maximum, binnen {LowestScaleValue}–{HighestScaleValue}.",
                $"The scale of question '{scale.Id}' ({scale.Min}–{scale.Max}) is invalid: the minimum must be below the maximum, within {LowestScaleValue}–{HighestScaleValue}.");
        }

        if (IsBlank(scale.MinLabel) || IsBlank(scale.MaxLabel))
        {
            add(PulseValidationCode.MissingScaleLabel, scale.Id,
                $"Vraag '{scale.Id}' heeft een label voor het laagste en het hoogste punt nodig, in het Nederlands en het Engels.",
                $"Question '{scale.Id}' needs a label for the lowest and the highest point, in Dutch and English.");
        }

        var indicator = template.Indicators.FirstOrDefault(i => i.Id == scale.IndicatorId);
        if (indicator is null)
        {
            add(PulseValidationCode.UnknownIndicator, scale.Id,
                $"Vraag '{scale.Id}' hoort bij indicator '{scale.IndicatorId}', maar die bestaat niet.",
                $"Question '{scale.Id}' belongs to indicator '{scale.IndicatorId}', which does not exist.");
            return;
        }

        // Means within one indicator combine statements, which only makes sense on one scale.
        var first = template.StatementsOf(indicator.Id).First();
        if (!ReferenceEquals(first, scale) && (first.Min != scale.Min || first.Max != scale.Max))
        {
            add(PulseValidationCode.MixedScalesInIndicator, scale.Id,
                $"Vraag '{scale.Id}' gebruikt schaal {scale.Min}–{scale.Max}, maar andere vragen van indicator '{indicator.Id}' gebruiken {first.Min}–{first.Max}.",
                $"Question '{scale.Id}' uses scale {scale.Min}–{scale.Max}, but other questions of indicator '{indicator.Id}' use {first.Min}–{first.Max}.");
        }
    }

    private static void ValidateChoice(ChoiceQuestion choice, Action<PulseValidationCode, string?, string, string> add)
    {
        if (choice.Options.Count < MinOptions)
        {
            add(PulseValidationCode.TooFewOptions, choice.Id,
                $"Meerkeuzevraag '{choice.Id}' heeft minstens {MinOptions} opties nodig.",
                $"Choice question '{choice.Id}' needs at least {MinOptions} options.");
        }
        else if (choice.Options.Count > MaxOptions)
        {
            add(PulseValidationCode.TooManyOptions, choice.Id,
                $"Meerkeuzevraag '{choice.Id}' heeft hoogstens {MaxOptions} opties.",
                $"Choice question '{choice.Id}' has at most {MaxOptions} options.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in choice.Options)
        {
            var id = option.Id ?? string.Empty;
            if (!IdPattern().IsMatch(id))
            {
                add(PulseValidationCode.InvalidOptionId, id,
                    $"Optie-id '{id}' bij vraag '{choice.Id}' is ongeldig: gebruik 1 tot 40 kleine letters, cijfers, '-' of '_'.",
                    $"Option id '{id}' of question '{choice.Id}' is invalid: use 1 to 40 lower-case letters, digits, '-' or '_'.");
            }
            else if (!seen.Add(id))
            {
                add(PulseValidationCode.DuplicateOptionId, id,
                    $"Optie-id '{id}' komt twee keer voor bij vraag '{choice.Id}'.",
                    $"Option id '{id}' is used twice in question '{choice.Id}'.");
            }

            if (IsBlank(option.Label))
            {
                add(PulseValidationCode.MissingOptionLabel, id,
                    $"Optie '{id}' bij vraag '{choice.Id}' heeft een label nodig in het Nederlands en het Engels.",
                    $"Option '{id}' of question '{choice.Id}' needs a label in Dutch and English.");
            }
        }
    }

    /// <summary>Checks a partner's answers against the template they answered.</summary>
    public static PulseValidationResult ValidateAnswers(PulseTemplate template, PulseAnswerSet answers)
    {
        var errors = new List<PulseValidationError>();
        void Add(PulseValidationCode code, string? subject, string nl, string en) => errors.Add(new(code, subject, new(nl, en)));

        foreach (var (questionId, score) in answers.Scores)
        {
            switch (template.FindQuestion(questionId))
            {
                case null:
                    Add(PulseValidationCode.UnknownQuestion, questionId,
                        $"Vraag '{questionId}' hoort niet bij deze peiling.",
                        $"Question '{questionId}' is not part of this pulse.");
                    break;
                case ChoiceQuestion:
                    Add(PulseValidationCode.ScoreForChoiceQuestion, questionId,
                        $"Vraag '{questionId}' is een meerkeuzevraag; kies een van de opties.",
                        $"Question '{questionId}' is a choice question; pick one of the options.");
                    break;
                case ScaleQuestion scale when score < scale.Min || score > scale.Max:
                    Add(PulseValidationCode.ScoreOutsideScale, questionId,
                        $"Score {score} bij '{scale.Text.Nl}' valt buiten de schaal {scale.Min}–{scale.Max}.",
                        $"Score {score} for '{scale.Text.En}' is outside the scale {scale.Min}–{scale.Max}.");
                    break;
            }
        }

        foreach (var (questionId, optionId) in answers.Choices)
        {
            switch (template.FindQuestion(questionId))
            {
                case null:
                    Add(PulseValidationCode.UnknownQuestion, questionId,
                        $"Vraag '{questionId}' hoort niet bij deze peiling.",
                        $"Question '{questionId}' is not part of this pulse.");
                    break;
                case ScaleQuestion:
                    Add(PulseValidationCode.ChoiceForScaleQuestion, questionId,
                        $"Vraag '{questionId}' vraagt om een score, niet om een keuze.",
                        $"Question '{questionId}' asks for a score, not a choice.");
                    break;
                case ChoiceQuestion choice when choice.Options.All(o => o.Id != optionId):
                    Add(PulseValidationCode.UnknownOption, questionId,
                        $"'{optionId}' is geen optie bij '{choice.Text.Nl}'.",
                        $"'{optionId}' is not an option of '{choice.Text.En}'.");
                    break;
            }
        }

        foreach (var question in template.Questions.Where(q => q.Required))
        {
            var answered = question is ScaleQuestion ? answers.Scores.ContainsKey(question.Id) : answers.Choices.ContainsKey(question.Id);
            if (!answered)
            {
                Add(PulseValidationCode.MissingRequiredAnswer, question.Id,
                    $"Beantwoord ook: '{question.Text.Nl}'.",
                    $"Please also answer: '{question.Text.En}'.");
            }
        }

        var remark = answers.Remark?.Trim();
        if (!string.IsNullOrEmpty(remark))
        {
            if (!template.AllowsRemark)
            {
                Add(PulseValidationCode.RemarkNotAllowed, null,
                    "Deze peiling vraagt niet om een opmerking.",
                    "This pulse does not take a remark.");
            }
            else if (remark.Length > template.MaxRemarkLength)
            {
                Add(PulseValidationCode.RemarkTooLong, null,
                    $"Je opmerking heeft {remark.Length} tekens; het maximum is {template.MaxRemarkLength}.",
                    $"Your remark has {remark.Length} characters; the maximum is {template.MaxRemarkLength}.");
            }
        }

        return new PulseValidationResult(errors);
    }

    /// <summary>
    /// Reads the raw values of a submitted card (input id to text) into an answer set, so a score typed or
    /// tampered as text is reported instead of thrown. Empty inputs count as not answered; values whose id is
    /// neither a question nor the remark (such as action data merged into the submit) are ignored.
    /// </summary>
    public static (PulseAnswerSet Answers, PulseValidationResult Result) ReadCardInputs(
        PulseTemplate template, IReadOnlyDictionary<string, string?> inputs, string remarkInputId = "remark")
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        var choices = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<PulseValidationError>();
        string? remark = null;

        foreach (var (inputId, raw) in inputs)
        {
            var value = raw?.Trim();
            if (inputId == remarkInputId)
            {
                remark = string.IsNullOrEmpty(value) ? null : value;
                continue;
            }

            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var question = template.FindQuestion(inputId);
            if (question is null)
            {
                continue;
            }

            if (question is ChoiceQuestion)
            {
                choices[inputId] = value;
            }
            else if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var score))
            {
                scores[inputId] = score;
            }
            else
            {
                errors.Add(new(PulseValidationCode.ScoreNotANumber, inputId, new(
                    $"'{value}' is geen geldige score.",
                    $"'{value}' is not a valid score.")));
            }
        }

        var answers = new PulseAnswerSet(scores, choices, remark);
        errors.AddRange(ValidateAnswers(template, answers).Errors);
        return (answers, new PulseValidationResult(errors));
    }

    private static bool IsBlank(LocalizedText? text) =>
        text is null || string.IsNullOrWhiteSpace(text.Nl) || string.IsNullOrWhiteSpace(text.En);
}
