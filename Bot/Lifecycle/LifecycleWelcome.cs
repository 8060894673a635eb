using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Lifecycle;

/// <summary>
/// Someone joins a deal's team: they get a personal welcome in their 1:1 chat with the deal's profile and phase, the
/// latest pulse results and the coming lobby moments (from the features' <see cref="IDealInsightSource"/>), so a
/// newcomer is brought up to date without asking. Once per person and deal, across instances and repeated
/// announcements (a delivery-ledger claim).
/// </summary>
public sealed class LifecycleWelcome(
    DealDirectory directory,
    DealProfileStore profiles,
    IEnumerable<IDealInsightSource> insights,
    DeliveryLedger ledger,
    ProactiveOutbox outbox,
    TimeProvider time,
    ILogger<LifecycleWelcome> logger) : ITeamMemberHandler
{
    /// <summary>How far back the welcome looks for the deal's latest results.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(365);

    public string InstanceId { get; } = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    public static string Partition(string dealKey) => "lifecycle-welcome:" + dealKey;

    public async Task OnMembersAddedAsync(TurnContext turn, IReadOnlyList<ChannelAccount> members, CancellationToken ct)
    {
        if (turn.Conversation.Kind != ConversationKind.Channel || turn.Conversation.TeamId is not { } teamId)
        {
            return;
        }

        var deals = (await directory.ListActiveDealsOfTeamAsync(teamId, ct)).Where(d => d.IsDeal).ToList();
        foreach (var deal in deals)
        {
            foreach (var member in members)
            {
                await WelcomeAsync(turn, deal, member, ct);
            }
        }
    }

    private async Task WelcomeAsync(TurnContext turn, DealRecord deal, ChannelAccount member, CancellationToken ct)
    {
        // Only Teams' own ids are believed (as for every turn): another channel cannot name a Teams person.
        var user = new TeamsUser(member.Id!, member.Name ?? string.Empty, member.AadObjectId, turn.Conversation.TenantId, turn.Activity.ChannelId ?? ConnectorOptions.TeamsChannelId);
        var tenant = turn.Conversation.TenantId ?? deal.TenantId ?? "unknown";
        var claim = await ledger.TryClaimAsync(Partition(deal.PartitionKey), user.Key, InstanceId, ct);
        if (claim is null)
        {
            return;
        }

        var person = await directory.FindPersonAsync(tenant, user.Key, ct) ?? new PersonRecord
        {
            PartitionKey = TableKey.Encode(tenant),
            RowKey = TableKey.Encode(user.Key),
            UserId = user.Id,
            Name = user.Name,
            AadObjectId = user.AadObjectId,
            Locale = turn.Activity.Locale ?? deal.Language,
            ServiceUrl = turn.ServiceUrl,
            BotId = turn.Bot.Id,
            FirstSeen = time.GetUtcNow(),
            LastSeen = time.GetUtcNow(),
        };
        var language = Languages.FromLocale(person.Locale ?? deal.Language);
        var card = await CardAsync(deal, language, ct);
        var outcome = await outbox.DeliverToPersonAsync(claim, person, card, ct);
        logger.LogInformation("Welcome for a newcomer of {Deal}: {Outcome}", deal.PartitionKey, outcome);
    }

    public async Task<AdaptiveCard> CardAsync(DealRecord deal, Language language, CancellationToken ct)
    {
        var texts = Texts.For(language);
        var stored = await profiles.FindAsync(deal.PartitionKey, ct);
        var profile = stored?.Profile;
        var dealName = deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;
        var members = await directory.ListMembersAsync(deal.ChannelId, ct);
        IReadOnlyList<string> Names(string role) => [.. members.Where(m => m.Role == role).Select(m => m.Name).Order(StringComparer.CurrentCulture)];
        IReadOnlyList<Fact> facts = profile is null
            ? []
            : [.. LifecycleTexts.ProfileFacts(profile, language, Names(DealRoles.ProjectManager), Names(DealRoles.Dealmaker))
                .Where(f => f.Label != texts["lifecycle.profile.network"] && f.Label != texts["lifecycle.profile.steering"])
                .Select(f => new Fact(f.Label, f.Value))];
        var now = time.GetUtcNow();
        var sections = new List<(string, IReadOnlyList<string>)>();
        if (profile is null)
        {
            sections.Add((texts["lifecycle.report.profile"], [texts["lifecycle.welcome.no_profile"]]));
        }

        foreach (var source in insights.Where(s => s.Topic is DealInsightTopic.Pulse or DealInsightTopic.Lobby).OrderBy(s => s.Topic))
        {
            if (await source.DescribeAsync(deal, now - LookBack, now, language, ct) is { Lines.Count: > 0 } insight)
            {
                sections.Add((insight.Title, insight.Lines));
            }
        }

        var kind = DealProfileNames.Kind(profile?.Kind ?? DealKind.Other, language);
        return LifecycleCards.Welcome(new LifecycleWelcomeView(
            language,
            texts.Format("lifecycle.welcome.title", dealName),
            texts.Format("lifecycle.welcome.intro", dealName, kind),
            facts,
            sections,
            texts["lifecycle.welcome.closing"]));
    }
}
