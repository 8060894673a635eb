using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Lifecycle;

/// <summary>
/// The card of each prompt, with the questions the source documents name (docs/lifecycle.md quotes them with their
/// sources). Texts name the deal's own kind (Town Deal, Regio Deal, or plainly "deal"), never "City Deal" for another kind.
/// </summary>
public static class LifecyclePromptCards
{
    public const int ScalingUpQuestions = 7;
    public const int ExtendOrCloseQuestions = 4;
    public const int ClosingItems = 4;

    public static AdaptiveCard For(LifecyclePrompt prompt, DealProfile profile, string dealName, Language language, string? reportUrl)
    {
        var texts = Texts.For(language);
        var kind = DealProfileNames.Kind(profile.Kind, language);
        var end = profile.End is { } e ? LifecycleTexts.Date(e, language) : string.Empty;
        var facts = new List<Fact> { new(texts["lifecycle.prompt.fact.deal"], dealName), new(texts["lifecycle.profile.phase"], DealProfileNames.Phase(profile.Phase, language)) };
        if (profile.End is not null)
        {
            facts.Add(new Fact(texts["lifecycle.profile.end"], end));
        }

        LifecyclePromptView view = prompt.Kind switch
        {
            LifecyclePromptKind.ScalingUp18 or LifecyclePromptKind.ScalingUp12 => new(
                language,
                texts.Format(prompt.Kind == LifecyclePromptKind.ScalingUp18 ? "lifecycle.prompt.scaling18.title" : "lifecycle.prompt.scaling12.title", kind),
                texts.Format("lifecycle.prompt.scaling.intro", dealName, end),
                Quote(texts, "scaling"),
                texts["lifecycle.prompt.scaling.heading"],
                Items(texts, "lifecycle.prompt.scaling.q", ScalingUpQuestions, kind),
                facts,
                null,
                null),
            LifecyclePromptKind.ExtendOrClose => new(
                language,
                texts.Format("lifecycle.prompt.extend.title", kind),
                texts.Format("lifecycle.prompt.extend.intro", dealName, end),
                Quote(texts, "extend"),
                texts["lifecycle.prompt.extend.heading"],
                Items(texts, "lifecycle.prompt.extend.q", ExtendOrCloseQuestions, kind),
                facts,
                null,
                null),
            LifecyclePromptKind.SteeringGroupReport => new(
                language,
                texts.Format("lifecycle.prompt.steering.title", dealName, DealProfileNames.Month(int.Parse(prompt.Period[5..], System.Globalization.CultureInfo.InvariantCulture), language)),
                texts.Format("lifecycle.prompt.steering.intro", kind),
                Quote(texts, "steering"),
                texts["lifecycle.prompt.report.heading"],
                ReportContents(texts),
                facts,
                reportUrl,
                texts["lifecycle.prompt.steering.download"]),
            LifecyclePromptKind.NetworkMeeting => new(
                language,
                texts.Format("lifecycle.prompt.network.title", dealName),
                texts.Format("lifecycle.prompt.network.intro", kind, prompt.Period),
                Quote(texts, "network"),
                texts["lifecycle.prompt.report.heading"],
                ReportContents(texts),
                facts,
                reportUrl,
                texts.Format("lifecycle.prompt.network.download", prompt.Period)),
            LifecyclePromptKind.ClosingChecklist => new(
                language,
                texts.Format("lifecycle.prompt.closing.title", dealName),
                texts.Format("lifecycle.prompt.closing.intro", kind, end),
                Quote(texts, "closing"),
                texts["lifecycle.prompt.closing.heading"],
                Items(texts, "lifecycle.prompt.closing.item", ClosingItems, kind),
                facts,
                null,
                null),
            // The follow-up round is a pulse, sent by the pulse feature (IFollowUpRounds), not a card of its own.
            _ => throw new ArgumentOutOfRangeException(nameof(prompt), prompt.Kind, "This prompt has no lifecycle card."),
        };
        return LifecycleCards.Prompt(view);
    }

    private static SourceQuote Quote(Texts texts, string prompt) =>
        new(texts[$"lifecycle.prompt.{prompt}.quote"], texts[$"lifecycle.prompt.{prompt}.source"]);

    private static IReadOnlyList<string> Items(Texts texts, string prefix, int count, string kind) =>
        [.. Enumerable.Range(1, count).Select(i => texts.Format(prefix + i, kind))];

    private static IReadOnlyList<string> ReportContents(Texts texts) =>
        [.. Enum.GetValues<Deals.DealInsightTopic>().Select(t => texts["lifecycle.report.topic." + t.ToString().ToLowerInvariant()]), texts["lifecycle.report.lessons"], texts["lifecycle.report.decisions"]];
}
