using CityDealBot.Cards.Localization;

namespace CityDealBot.Deals;

/// <summary>What a deal insight is about; the progress report has one section per topic, in this order.</summary>
public enum DealInsightTopic
{
    /// <summary>The deal's pulse results and their trend (what a partner of the deal may see).</summary>
    Pulse,

    /// <summary>Lobby moments (elections) done and coming up.</summary>
    Lobby,

    /// <summary>Participation in the Community of Practice sessions.</summary>
    CommunityOfPractice,

    /// <summary>New contacts across deals (coffee dates, speeddates).</summary>
    CrossDealContacts,
}

/// <summary>
/// One section a feature contributes about a deal over a period: a title and readable lines, already in the reader's
/// language and within the feature's own privacy rules (thresholds, no remarks, no names of partners).
/// </summary>
public sealed record DealInsight(DealInsightTopic Topic, string Title, IReadOnlyList<string> Lines);

/// <summary>
/// The neutral contract through which features tell others what happened in a deal (the lifecycle's progress report,
/// the welcome for a newcomer) without either knowing the other. A feature registers one with
/// <c>AddSingleton&lt;IDealInsightSource, ...&gt;</c>; a reader asks all of them.
/// </summary>
public interface IDealInsightSource
{
    DealInsightTopic Topic { get; }

    /// <summary>
    /// What happened in the deal from <paramref name="since"/> to <paramref name="until"/>, and what is coming after
    /// <paramref name="until"/> where the topic has a future (lobby moments); null when there is nothing to say.
    /// </summary>
    Task<DealInsight?> DescribeAsync(DealRecord deal, DateTimeOffset since, DateTimeOffset until, Language language, CancellationToken ct);
}
