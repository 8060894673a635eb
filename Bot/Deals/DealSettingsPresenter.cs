using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Organisations;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary>Builds the settings and organisation cards from storage and the roster.</summary>
public sealed class DealSettingsPresenter(DealDirectory directory, DealSettingsStore store, TeamRoster roster, ILogger<DealSettingsPresenter> logger)
{
    public static readonly string[] Roles = [DealRoles.Dealmaker, DealRoles.Organiser, DealRoles.Partner];

    public static string RoleName(Texts texts, string role) => texts["settings.role." + (Roles.Contains(role) ? role : DealRoles.Partner)];

    public static IReadOnlyList<Choice> TypeChoices(Language language) =>
        [.. Enum.GetValues<OrganisationType>().Select(t => new Choice(OrganisationTypeNames.Of(t).In(language), t.ToString()))];

    /// <summary>The settings card, or a refusal for anyone but a dealmaker of this deal's channel.</summary>
    public async Task<CardActionResult> SettingsAsync(TurnContext turn, string? confirmation, IReadOnlyList<string> problems, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["error.not_in_channel"]);
        }

        if ((await directory.FindMemberAsync(channelId, turn.User.Key, ct))?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["settings.dealmakers_only"]);
        }

        var texts = turn.Texts;
        var members = await store.MembersAsync(channelId, ct);
        var people = await PeopleAsync(turn, members, ct);
        var mapping = await store.MappingAsync(channelId, ct);
        var language = turn.Language;
        var deal = await directory.FindDealAsync(channelId, ct);
        return CardActionResult.WithCard(SettingsCards.DealSettings(new DealSettingsCardView(
            turn.Language,
            deal?.TeamName ?? deal?.ChannelName ?? channelId,
            [.. people.Select(p => new Choice(p.Value, p.Key)).OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase)],
            [.. members.OrderBy(m => Array.IndexOf(Roles, m.Role)).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).Select(m => new Fact(m.Name, RoleName(texts, m.Role)))],
            [.. Roles.Select(r => new Choice(RoleName(texts, r), r))],
            [.. mapping.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new Fact(e.Key, $"{e.Value.Name} ({OrganisationTypeNames.Of(e.Value.Type).In(language)})"))],
            TypeChoices(turn.Language),
            confirmation,
            problems)));
    }

    /// <summary>Known people of the deal by person key: the roster when Teams gives it, plus everyone with a role.</summary>
    public async Task<Dictionary<string, string>> PeopleAsync(TurnContext turn, IReadOnlyList<DealMemberRecord> members, CancellationToken ct)
    {
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in await RosterAsync(turn, ct))
        {
            if (member.UserId != turn.Bot.Id)
            {
                people[member.AadObjectId ?? member.UserId] = member.Name;
            }
        }

        foreach (var member in members)
        {
            people.TryAdd(TableKey.Decode(member.RowKey), member.Name);
        }

        return people;
    }

    public async Task<AdaptiveCard> OrganisationAsync(TurnContext turn, string? confirmation, IReadOnlyList<string> problems, CancellationToken ct)
    {
        var texts = turn.Texts;
        var language = turn.Language;
        var correction = await store.CorrectionAsync(turn.User.Key, ct);
        var self = (await RosterAsync(turn, ct)).FirstOrDefault(m => m.UserId == turn.User.Id || (m.AadObjectId is not null && m.AadObjectId == turn.User.AadObjectId));
        var mapping = turn.Conversation.ChannelId is { } channelId ? await store.MappingAsync(channelId, ct) : null;
        var match = OrganisationDirectory.Resolve(self?.Address ?? string.Empty, correction, mapping);
        var current = match.Source switch
        {
            OrganisationSource.UserCorrection => texts.Format("organisation.current.own", match.Organisation.Name, OrganisationTypeNames.Of(match.Organisation.Type).In(language)),
            _ when match.Domain is null => texts["organisation.current.unknown"],
            _ => texts.Format("organisation.current", match.Organisation.Name, OrganisationTypeNames.Of(match.Organisation.Type).In(language)),
        };
        return SettingsCards.Organisation(new OrganisationCardView(
            turn.Language, current, correction?.Name, correction?.Type.ToString(), TypeChoices(turn.Language), confirmation, problems));
    }

    private async Task<IReadOnlyList<RosterMember>> RosterAsync(TurnContext turn, CancellationToken ct)
    {
        try
        {
            var conversation = turn.Conversation.Kind == ConversationKind.Channel
                ? turn.Conversation.TeamId ?? turn.Conversation.ChannelId!
                : turn.Activity.Conversation!.Id!;
            return await roster.GetMembersAsync(turn.ServiceUrl, conversation, turn.Conversation.TenantId, ct);
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "Roster unavailable for the settings card");
            return [];
        }
    }
}
