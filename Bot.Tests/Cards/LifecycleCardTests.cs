using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Lifecycle;
using CityDealBot.Tests.Lifecycle;

namespace CityDealBot.Tests.Cards;

public sealed class LifecycleCardTests
{
    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void The_scaling_up_prompt_of_a_town_deal(Language language, string code)
    {
        var prompt = LifecycleSchedule.Plan(LifecycleScheduleTests.KrachtigeKernen).Single(p => p.Kind == LifecyclePromptKind.ScalingUp12);
        var card = LifecyclePromptCards.For(prompt, LifecycleScheduleTests.KrachtigeKernen, "Town Deal Krachtige Kernen", language, null);
        Snapshot.Match(card, "lifecycle.scaling12." + code);
        var heading = ((TextBlock)card.Body[0]).Text;
        Assert.Contains("Town Deal", heading, StringComparison.Ordinal);
        Assert.DoesNotContain("City Deal", heading, StringComparison.Ordinal);
        Assert.Equal(LifecyclePromptCards.ScalingUpQuestions, card.Body.OfType<TextBlock>().Count(t => t.Text.Length > 2 && char.IsAsciiDigit(t.Text[0]) && t.Text[1] == '.'));
    }

    [Fact]
    public void Every_prompt_of_an_other_kind_of_deal_says_deal_in_its_heading()
    {
        var profile = LifecycleScheduleTests.KrachtigeKernen with { Kind = DealKind.Other, SteeringGroupMonths = [3] };
        // The follow-up round is a pulse of its own (FollowUpRoundTests), not a lifecycle card.
        foreach (var prompt in LifecycleSchedule.Plan(profile).Where(p => p.Kind != LifecyclePromptKind.FollowUpRound).DistinctBy(p => p.Kind))
        {
            foreach (var language in new[] { Language.Dutch, Language.English })
            {
                var card = LifecyclePromptCards.For(prompt, profile, "Deal Circulaire Stad", language, "https://bot.example/report");
                Assert.DoesNotContain("City Deal", ((TextBlock)card.Body[0]).Text + ((TextBlock)card.Body[1]).Text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void The_lesson_form(Language language, string code) =>
        Snapshot.Match(LifecycleCards.LessonForm(new LessonFormView(language, "Town Deal Krachtige Kernen",
            [.. LessonThemes.All.Select(t => new Choice(LifecycleTexts.ThemeName(t, language), t))],
            [new LessonView("Town Deal Krachtige Kernen · Proces", "De stuurgroep las de stukken niet.", "Stuur twee weken vooraf een korte rapportage.", "Anne de Vries, 16 februari 2026 · intern", true)],
            null, [])), "lifecycle.lesson." + code);

    [Theory]
    [InlineData(Language.Dutch, "nl")]
    [InlineData(Language.English, "en")]
    public void The_request_card(Language language, string code) =>
        Snapshot.Match(ProgrammeRequestCards.Request(new ProgrammeRequestCardView(language, "20260901080000-a1b2c3", "Town Deal Krachtige Kernen",
            "Welke goede voorbeelden mogen in de Kamerbrief?", "15 september 2026", null, null, null, IsReminder: false)), "lifecycle.request." + code);
}
