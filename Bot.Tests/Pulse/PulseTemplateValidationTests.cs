using CityDealBot.Cards.Localization;
using CityDealBot.Pulse;

namespace CityDealBot.Tests.Pulse;

public class PulseTemplateValidationTests
{
    private static readonly LocalizedText Low = new("Laag", "Low");
    private static readonly LocalizedText High = new("Hoog", "High");

    private static PulseTemplate Custom() => new(
        "energy-check",
        new("Energiecheck", "Energy check"),
        [new PulseIndicator("energy", new("Energie in de deal", "Energy in the deal"), new("Energie", "Energy"))],
        [
            new ScaleQuestion("energy-now", new("Hoeveel energie zit er in de deal?", "How much energy is in the deal?"), "energy", 1, 5, Low, High),
            new ChoiceQuestion("next-step", new("Wat is de volgende stap?", "What is the next step?"),
                [new ChoiceOption("meet", new("Bijeenkomst", "Meeting")), new ChoiceOption("write", new("Notitie", "Memo"))]),
        ]);

    [Fact]
    public void Every_shipped_template_is_valid()
    {
        foreach (var template in PulseTemplates.All)
        {
            var result = PulseValidation.ValidateTemplate(template);
            Assert.True(result.IsValid, template.Id + ": " + string.Join(" | ", result.Errors.Select(e => e.Message.En)));
        }
    }

    [Fact]
    public void Default_template_has_the_eight_published_indicators_and_fourteen_statements_on_a_one_to_five_scale()
    {
        var template = PulseTemplates.Default;
        Assert.Equal("aef-self-assessment-2023", template.Id);
        Assert.Equal(
            ["Vormgeving van het proces", "Samenstelling van de partners", "Resultaat", "Borging van het proces",
             "Ontwikkelen en delen van kennis", "Borging van resultaat", "Borging van partners", "Meetbaarheid van resultaat"],
            template.Indicators.Select(i => i.Name.Nl));
        Assert.Equal([2, 1, 1, 2, 3, 1, 1, 3], template.Indicators.Select(i => template.StatementsOf(i.Id).Count()));
        Assert.Equal(14, template.ScaleQuestions.Count());
        Assert.All(template.ScaleQuestions, s => Assert.Equal((1, 5), (s.Min, s.Max)));
        Assert.All(template.ScaleQuestions, s => Assert.NotEqual(s.Text.Nl, s.Text.En));
        Assert.All(template.Indicators, i => Assert.NotEmpty(i.FollowUp!.Elements));
        Assert.Contains("Andersson Elffers Felix", template.Source, StringComparison.Ordinal);
        Assert.True(template.AllowsRemark);
    }

    [Fact]
    public void The_first_template_stays_available_under_its_own_id_for_pulses_already_run()
    {
        var legacy = PulseTemplates.Find("midterm-review-2023");
        Assert.NotNull(legacy);
        Assert.Equal(12, legacy.ScaleQuestions.Count());
        Assert.NotEqual(PulseTemplates.Default.Id, legacy.Id);
        Assert.Null(PulseTemplates.Find("unknown-template"));
    }

    [Fact]
    public void Custom_template_is_valid() => Assert.True(PulseValidation.ValidateTemplate(Custom()).IsValid);

    public static TheoryData<string, PulseValidationCode> BrokenTemplates => new()
    {
        { "no-id", PulseValidationCode.MissingTemplateId },
        { "no-title", PulseValidationCode.MissingTitle },
        { "english-title-missing", PulseValidationCode.MissingTitle },
        { "no-questions", PulseValidationCode.NoQuestions },
        { "too-many-questions", PulseValidationCode.TooManyQuestions },
        { "bad-question-id", PulseValidationCode.InvalidQuestionId },
        { "duplicate-question", PulseValidationCode.DuplicateQuestionId },
        { "blank-question", PulseValidationCode.MissingQuestionText },
        { "long-question", PulseValidationCode.QuestionTextTooLong },
        { "min-equals-max", PulseValidationCode.InvalidScaleBounds },
        { "max-above-ten", PulseValidationCode.InvalidScaleBounds },
        { "negative-min", PulseValidationCode.InvalidScaleBounds },
        { "no-scale-label", PulseValidationCode.MissingScaleLabel },
        { "unknown-indicator", PulseValidationCode.UnknownIndicator },
        { "mixed-scales", PulseValidationCode.MixedScalesInIndicator },
        { "one-option", PulseValidationCode.TooFewOptions },
        { "eleven-options", PulseValidationCode.TooManyOptions },
        { "bad-option-id", PulseValidationCode.InvalidOptionId },
        { "duplicate-option", PulseValidationCode.DuplicateOptionId },
        { "blank-option", PulseValidationCode.MissingOptionLabel },
        { "bad-indicator-id", PulseValidationCode.InvalidIndicatorId },
        { "duplicate-indicator", PulseValidationCode.DuplicateIndicatorId },
        { "blank-indicator", PulseValidationCode.MissingIndicatorName },
        { "long-short-name", PulseValidationCode.IndicatorShortNameTooLong },
        { "blank-instruction", PulseValidationCode.InvalidInstruction },
        { "empty-follow-up", PulseValidationCode.InvalidFollowUp },
        { "indicator-without-question", PulseValidationCode.IndicatorWithoutQuestions },
        { "too-many-indicators", PulseValidationCode.TooManyIndicators },
        { "negative-remark-length", PulseValidationCode.InvalidRemarkLength },
    };

    [Theory]
    [MemberData(nameof(BrokenTemplates))]
    public void Broken_template_is_refused_with_a_message_in_both_languages(string broken, PulseValidationCode expected)
    {
        var template = Break(Custom(), broken);
        var result = PulseValidation.ValidateTemplate(template);

        Assert.False(result.IsValid);
        Assert.True(result.Has(expected), $"{broken}: got {string.Join(", ", result.Errors.Select(e => e.Code))}");
        var error = result.Errors.First(e => e.Code == expected);
        Assert.False(string.IsNullOrWhiteSpace(error.Message.Nl));
        Assert.False(string.IsNullOrWhiteSpace(error.Message.En));
        Assert.NotEqual(error.Message.Nl, error.Message.En);
    }

    private static PulseTemplate Break(PulseTemplate t, string how)
    {
        var scale = (ScaleQuestion)t.Questions[0];
        var choice = (ChoiceQuestion)t.Questions[1];
        var indicator = t.Indicators[0];
        PulseTemplate WithScale(ScaleQuestion s) => t with { Questions = [s, choice] };
        PulseTemplate WithChoice(ChoiceQuestion c) => t with { Questions = [scale, c] };
        ChoiceOption Option(int n) => new($"o{n}", new($"Optie {n}", $"Option {n}"));

        return how switch
        {
            "no-id" => t with { Id = " " },
            "no-title" => t with { Title = new("", "") },
            "english-title-missing" => t with { Title = new("Energiecheck", " ") },
            "no-questions" => t with { Indicators = [], Questions = [] },
            "too-many-questions" => t with { Questions = [.. Enumerable.Range(0, 21).Select(i => scale with { Id = $"q{i}" })] },
            "bad-question-id" => WithScale(scale with { Id = "Energy Now!" }),
            "duplicate-question" => t with { Questions = [scale, scale, choice] },
            "blank-question" => WithScale(scale with { Text = new("Vraag", "") }),
            "long-question" => WithScale(scale with { Text = new(new string('x', 301), "ok") }),
            "min-equals-max" => WithScale(scale with { Min = 3, Max = 3 }),
            "max-above-ten" => WithScale(scale with { Min = 1, Max = 11 }),
            "negative-min" => WithScale(scale with { Min = -2, Max = 2 }),
            "no-scale-label" => WithScale(scale with { MaxLabel = new("Hoog", "") }),
            "unknown-indicator" => t with { Indicators = [indicator, indicator with { Id = "other" }], Questions = [scale, scale with { Id = "q2", IndicatorId = "nope" }, choice, scale with { Id = "q3", IndicatorId = "other" }] },
            "mixed-scales" => t with { Questions = [scale, scale with { Id = "energy-later", Min = 0, Max = 10 }, choice] },
            "one-option" => WithChoice(choice with { Options = [Option(1)] }),
            "eleven-options" => WithChoice(choice with { Options = [.. Enumerable.Range(1, 11).Select(Option)] }),
            "bad-option-id" => WithChoice(choice with { Options = [Option(1), new ChoiceOption("", new("Leeg", "Empty"))] }),
            "duplicate-option" => WithChoice(choice with { Options = [Option(1), Option(1)] }),
            "blank-option" => WithChoice(choice with { Options = [Option(1), new ChoiceOption("o2", new("", "Two"))] }),
            "bad-indicator-id" => t with { Indicators = [indicator with { Id = "-x" }] },
            "duplicate-indicator" => t with { Indicators = [indicator, indicator] },
            "blank-indicator" => t with { Indicators = [indicator with { ShortName = new(" ", "Energy") }] },
            "long-short-name" => t with { Indicators = [indicator with { ShortName = new("Energie in de hele deal, nu en straks", "Energy") }] },
            "blank-instruction" => t with { Instruction = new("Scoor van 1 tot 5", " ") },
            "empty-follow-up" => t with { Indicators = [indicator with { FollowUp = new PulseFollowUp(new("Energie", "Energy"), []) }] },
            "indicator-without-question" => t with { Indicators = [indicator, indicator with { Id = "lonely" }] },
            "too-many-indicators" => t with
            {
                Indicators = [.. Enumerable.Range(0, 13).Select(i => indicator with { Id = $"i{i}" })],
                Questions = [.. Enumerable.Range(0, 13).Select(i => scale with { Id = $"q{i}", IndicatorId = $"i{i}" })],
            },
            "negative-remark-length" => t with { MaxRemarkLength = -1 },
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
    }

    private static PulseAnswerSet Answers(int? score = 3, string? choice = "meet", string? remark = null)
    {
        var scores = new Dictionary<string, int>();
        if (score is { } s)
        {
            scores["energy-now"] = s;
        }

        var choices = new Dictionary<string, string>();
        if (choice is not null)
        {
            choices["next-step"] = choice;
        }

        return new PulseAnswerSet(scores, choices, remark);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Scores_on_the_scale_are_accepted(int score) =>
        Assert.True(PulseValidation.ValidateAnswers(Custom(), Answers(score)).IsValid);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    [InlineData(100)]
    public void Scores_outside_the_scale_are_refused(int score)
    {
        var result = PulseValidation.ValidateAnswers(Custom(), Answers(score));
        var error = Assert.Single(result.Errors);
        Assert.Equal(PulseValidationCode.ScoreOutsideScale, error.Code);
        Assert.Equal("energy-now", error.Subject);
        Assert.Contains($"{score}", error.Message.Nl, StringComparison.Ordinal);
        Assert.Contains("1–5", error.Message.En, StringComparison.Ordinal);
    }

    public static TheoryData<string, PulseValidationCode> BrokenAnswers => new()
    {
        { "unknown-score-question", PulseValidationCode.UnknownQuestion },
        { "unknown-choice-question", PulseValidationCode.UnknownQuestion },
        { "score-for-choice", PulseValidationCode.ScoreForChoiceQuestion },
        { "choice-for-scale", PulseValidationCode.ChoiceForScaleQuestion },
        { "unknown-option", PulseValidationCode.UnknownOption },
        { "missing-scale", PulseValidationCode.MissingRequiredAnswer },
        { "missing-choice", PulseValidationCode.MissingRequiredAnswer },
        { "remark-too-long", PulseValidationCode.RemarkTooLong },
        { "remark-not-allowed", PulseValidationCode.RemarkNotAllowed },
    };

    [Theory]
    [MemberData(nameof(BrokenAnswers))]
    public void Broken_answer_set_is_refused(string broken, PulseValidationCode expected)
    {
        var template = Custom();
        var good = Answers();
        var answers = broken switch
        {
            "unknown-score-question" => good with { Scores = new Dictionary<string, int>(good.Scores) { ["made-up"] = 3 } },
            "unknown-choice-question" => good with { Choices = new Dictionary<string, string>(good.Choices) { ["made-up"] = "meet" } },
            "score-for-choice" => good with { Scores = new Dictionary<string, int>(good.Scores) { ["next-step"] = 2 } },
            "choice-for-scale" => good with { Choices = new Dictionary<string, string>(good.Choices) { ["energy-now"] = "meet" } },
            "unknown-option" => Answers(choice: "dance"),
            "missing-scale" => Answers(score: null),
            "missing-choice" => Answers(choice: null),
            "remark-too-long" => Answers(remark: new string('a', PulseTemplate.DefaultMaxRemarkLength + 1)),
            "remark-not-allowed" => Answers(remark: "Top!"),
            _ => throw new ArgumentOutOfRangeException(nameof(broken)),
        };
        if (broken == "remark-not-allowed")
        {
            template = template with { AllowsRemark = false };
        }

        var result = PulseValidation.ValidateAnswers(template, answers);
        Assert.True(result.Has(expected), $"{broken}: got {string.Join(", ", result.Errors.Select(e => e.Code))}");
        Assert.All(result.Errors, e => Assert.NotEqual(e.Message.Nl, e.Message.En));
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Remark_length_limit_is_inclusive(int length, bool valid) =>
        Assert.Equal(valid, PulseValidation.ValidateAnswers(Custom(), Answers(remark: new string('b', length))).IsValid);

    [Fact]
    public void Optional_questions_may_be_left_out()
    {
        var template = Custom() with { Questions = [.. Custom().Questions.Select(q => q is ChoiceQuestion c ? c with { Required = false } : q)] };
        Assert.True(PulseValidation.ValidateAnswers(template, Answers(choice: null)).IsValid);
    }

    [Fact]
    public void Every_missing_required_question_of_the_default_template_is_named()
    {
        var result = PulseValidation.ValidateAnswers(MidtermReviewTemplate.Template, PulseAnswerSet.Empty);
        Assert.Equal(MidtermReviewTemplate.Template.Questions.Select(q => q.Id), result.Errors.Select(e => e.Subject));
        Assert.All(result.Errors, e => Assert.Equal(PulseValidationCode.MissingRequiredAnswer, e.Code));
    }

    [Fact]
    public void Card_inputs_are_read_into_answers_and_checked()
    {
        var inputs = new Dictionary<string, string?>
        {
            ["energy-now"] = " 4 ",
            ["next-step"] = "write",
            ["remark"] = "  Goed bezig  ",
            ["verb"] = "pulse.submit",
        };

        var (answers, result) = PulseValidation.ReadCardInputs(Custom(), inputs);

        Assert.True(result.IsValid);
        Assert.Equal(4, answers.Scores["energy-now"]);
        Assert.Equal("write", answers.Choices["next-step"]);
        Assert.Equal("Goed bezig", answers.Remark);
        Assert.DoesNotContain("verb", answers.Scores.Keys);
    }

    [Theory]
    [InlineData("vier", PulseValidationCode.ScoreNotANumber)]
    [InlineData("4.5", PulseValidationCode.ScoreNotANumber)]
    [InlineData("9", PulseValidationCode.ScoreOutsideScale)]
    [InlineData("", PulseValidationCode.MissingRequiredAnswer)]
    public void Bad_card_scores_are_reported(string raw, PulseValidationCode expected)
    {
        var (_, result) = PulseValidation.ReadCardInputs(Custom(), new Dictionary<string, string?> { ["energy-now"] = raw, ["next-step"] = "meet" });
        Assert.True(result.Has(expected));
    }
}
