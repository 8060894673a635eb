using Azure;
using Azure.Data.Tables;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Organisations;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary>
/// A deal's domain-to-organisation mapping. Table <c>DealOrganisations</c>: PartitionKey = deal key, RowKey =
/// e-mail domain: the whole mapping is one partition query.
/// </summary>
public sealed class DealOrganisationRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = nameof(OrganisationType.Other);

    public string? ChangedBy { get; set; }
}

/// <summary>
/// A person's own correction of their organisation. Table <c>PersonOrganisations</c>: PartitionKey = person key,
/// RowKey = "own": one point read, and part of what a privacy export of the person lists.
/// </summary>
public sealed class PersonOrganisationRecord : ITableEntity
{
    public const string Row = "own";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = nameof(OrganisationType.Other);
}

/// <summary>Roles and organisations of a deal's people.</summary>
public sealed class DealSettingsStore(StorageTables tables, TimeProvider time)
{
    public const string DealOrganisationsTable = "DealOrganisations";
    public const string PersonOrganisationsTable = "PersonOrganisations";

    public async Task<IReadOnlyList<DealMemberRecord>> MembersAsync(string channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealDirectory.DealMembersTable, ct);
        var members = new List<DealMemberRecord>();
        await foreach (var member in table.QueryAsync<DealMemberRecord>(m => m.PartitionKey == DealDirectory.DealKey(channelId), cancellationToken: ct))
        {
            members.Add(member);
        }

        return members;
    }

    public async Task SetRoleAsync(string channelId, string personKey, string name, string role, string grantedBy, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealDirectory.DealMembersTable, ct);
        await table.UpsertEntityAsync(new DealMemberRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = TableKey.Encode(personKey),
            Name = name,
            Role = role,
            GrantedBy = grantedBy,
            GrantedAt = time.GetUtcNow(),
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<OrganisationDomainMap> MappingAsync(string channelId, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealOrganisationsTable, ct);
        var entries = new List<KeyValuePair<string, PartnerOrganisation>>();
        await foreach (var row in table.QueryAsync<DealOrganisationRecord>(r => r.PartitionKey == DealDirectory.DealKey(channelId), cancellationToken: ct))
        {
            entries.Add(new(TableKey.Decode(row.RowKey), new PartnerOrganisation(row.Name, ParseType(row.Type))));
        }

        return OrganisationDomainMap.From(entries);
    }

    public async Task SaveMappingAsync(string channelId, string domain, PartnerOrganisation organisation, string changedBy, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealOrganisationsTable, ct);
        await table.UpsertEntityAsync(new DealOrganisationRecord
        {
            PartitionKey = DealDirectory.DealKey(channelId),
            RowKey = TableKey.Encode(domain),
            Name = organisation.Name,
            Type = organisation.Type.ToString(),
            ChangedBy = changedBy,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task RemoveMappingAsync(string channelId, string domain, CancellationToken ct)
    {
        var table = await tables.GetAsync(DealOrganisationsTable, ct);
        await table.DeleteEntityAsync(DealDirectory.DealKey(channelId), TableKey.Encode(domain), ETag.All, ct);
    }

    public async Task<PartnerOrganisation?> CorrectionAsync(string personKey, CancellationToken ct)
    {
        var table = await tables.GetAsync(PersonOrganisationsTable, ct);
        var found = await table.GetEntityIfExistsAsync<PersonOrganisationRecord>(TableKey.Encode(personKey), PersonOrganisationRecord.Row, cancellationToken: ct);
        return found.HasValue ? new PartnerOrganisation(found.Value!.Name, ParseType(found.Value.Type)) : null;
    }

    public async Task SaveCorrectionAsync(string personKey, PartnerOrganisation? organisation, CancellationToken ct)
    {
        var table = await tables.GetAsync(PersonOrganisationsTable, ct);
        if (organisation is null)
        {
            await table.DeleteEntityAsync(TableKey.Encode(personKey), PersonOrganisationRecord.Row, ETag.All, ct);
            return;
        }

        await table.UpsertEntityAsync(new PersonOrganisationRecord
        {
            PartitionKey = TableKey.Encode(personKey),
            Name = organisation.Name,
            Type = organisation.Type.ToString(),
        }, TableUpdateMode.Replace, ct);
    }

    public static OrganisationType ParseType(string? value) =>
        Enum.TryParse<OrganisationType>(value, ignoreCase: false, out var type) && Enum.IsDefined(type) ? type : OrganisationType.Other;
}

/// <summary><c>instellingen</c> / <c>settings</c>: a dealmaker grants roles and maps e-mail domains to organisations.</summary>
public sealed class DealSettingsCommand(DealSettingsPresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("instellingen", "settings", "command.settings.description", CommandScopes.Channel, Order: 20, Menu: [new("command.settings.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var result = await presenter.SettingsAsync(turn, null, [], ct);
        await turn.ReplyAsync(result.Card ?? NoticeCards.Problem(turn.Language, result.Message ?? string.Empty), ct);
    }
}

/// <summary><c>organisatie</c> / <c>organisation</c>: a person sees and corrects their own organisation.</summary>
public sealed class OrganisationCommand(DealSettingsPresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("organisatie", "organisation", "command.organisation.description", CommandScopes.Everywhere, Order: 21,
        Menu: [new("command.organisation.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct) =>
        await turn.ReplyAsync(await presenter.OrganisationAsync(turn, null, [], ct), ct);
}

/// <summary>Builds the settings and organisation cards from storage and the roster.</summary>
public sealed class DealSettingsPresenter(DealDirectory directory, DealSettingsStore store, TeamRoster roster, ILogger<DealSettingsPresenter> logger)
{
    public static readonly string[] Roles = [DealRoles.Dealmaker, DealRoles.ProjectManager, DealRoles.Organiser, DealRoles.Partner];

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

/// <summary>The settings and organisation cards' buttons; every change is checked on the server.</summary>
public sealed class DealSettingsActions(DealDirectory directory, DealSettingsStore store, DealSettingsPresenter presenter, AuditTrail audit) : ICardActionHandler
{
    public const int MaxOrganisationNameLength = 100;

    public IReadOnlyCollection<string> Verbs { get; } = [SettingsCards.RoleVerb, SettingsCards.DomainVerb, SettingsCards.OrganisationVerb];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        string? Input(string id) => action.Data[id]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? action.Data[id]!.GetValue<string>().Trim() : null;
        var texts = turn.Texts;

        if (action.Verb == SettingsCards.OrganisationVerb)
        {
            var name = Input(SettingsCards.OrganisationInput);
            if (string.IsNullOrEmpty(name))
            {
                await store.SaveCorrectionAsync(turn.User.Key, null, ct);
                return CardActionResult.WithCard(await presenter.OrganisationAsync(turn, texts["organisation.cleared"], [], ct));
            }

            var own = new PartnerOrganisation(Shorten(name), DealSettingsStore.ParseType(Input(SettingsCards.TypeInput)));
            await store.SaveCorrectionAsync(turn.User.Key, own, ct);
            var saved = texts.Format("organisation.saved", own.Name, OrganisationTypeNames.Of(own.Type).In(turn.Language));
            return CardActionResult.WithCard(await presenter.OrganisationAsync(turn, saved, [], ct));
        }

        // Both deal settings need a dealmaker of the channel the button was pressed in.
        if (turn.Conversation.ChannelId is not { } channelId
            || (await directory.FindMemberAsync(channelId, turn.User.Key, ct))?.Role != DealRoles.Dealmaker)
        {
            return CardActionResult.Problem(turn.Language, texts["settings.dealmakers_only"]);
        }

        if (action.Verb == SettingsCards.RoleVerb)
        {
            var members = await store.MembersAsync(channelId, ct);
            var people = await presenter.PeopleAsync(turn, members, ct);
            var person = Input(SettingsCards.PersonInput);
            var role = Input(SettingsCards.RoleInput);
            if (person is null || !people.TryGetValue(person, out var personName) || role is null || !DealSettingsPresenter.Roles.Contains(role))
            {
                return await presenter.SettingsAsync(turn, null, [texts["settings.role.unknown_person"]], ct);
            }

            var current = members.FirstOrDefault(m => TableKey.Decode(m.RowKey) == person);
            if (current?.Role == DealRoles.Dealmaker && role != DealRoles.Dealmaker && members.Count(m => m.Role == DealRoles.Dealmaker) <= 1)
            {
                return await presenter.SettingsAsync(turn, null, [texts["settings.role.last_dealmaker"]], ct);
            }

            await store.SetRoleAsync(channelId, person, personName, role, turn.User.Key, ct);
            await audit.RecordAsync(DealDirectory.DealKey(channelId), AuditActions.RoleChanged, turn.User.Name, [personName, role], ct);
            return await presenter.SettingsAsync(turn, texts.Format("settings.role.saved", personName, DealSettingsPresenter.RoleName(texts, role)), [], ct);
        }

        var rawDomain = Input(SettingsCards.DomainInput) ?? string.Empty;
        var domain = OrganisationDirectory.NormalizeDomain(rawDomain);
        if (domain is null)
        {
            return await presenter.SettingsAsync(turn, null, [texts.Format("settings.domain.invalid", Shorten(rawDomain))], ct);
        }

        var organisationName = Input(SettingsCards.OrganisationInput);
        if (string.IsNullOrEmpty(organisationName))
        {
            await store.RemoveMappingAsync(channelId, domain, ct);
            await audit.RecordAsync(DealDirectory.DealKey(channelId), AuditActions.DomainUnmapped, turn.User.Name, [domain], ct);
            return await presenter.SettingsAsync(turn, texts.Format("settings.domain.removed", domain), [], ct);
        }

        var organisation = new PartnerOrganisation(Shorten(organisationName), DealSettingsStore.ParseType(Input(SettingsCards.TypeInput)));
        await store.SaveMappingAsync(channelId, domain, organisation, turn.User.Key, ct);
        await audit.RecordAsync(DealDirectory.DealKey(channelId), AuditActions.DomainMapped, turn.User.Name, [domain, organisation.Name], ct);
        return await presenter.SettingsAsync(turn, texts.Format("settings.domain.saved", domain, organisation.Name), [], ct);
    }

    private static string Shorten(string text) => text.Length <= MaxOrganisationNameLength ? text : text[..MaxOrganisationNameLength];
}
