using CityDealBot.Cards;
using CityDealBot.Organisations;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary>The settings and organisation cards' buttons; every change is checked on the server.</summary>
public sealed class DealSettingsActions(DealDirectory directory, DealSettingsStore store, DealSettingsPresenter presenter, AuditTrail audit)
    : ICardActionHandler<DealRoleSaved>, ICardActionHandler<DealDomainSaved>, ICardActionHandler<OwnOrganisationSaved>
{
    public const int MaxOrganisationNameLength = 100;

    /// <summary>A person's own organisation: about whoever pressed, so no role is needed.</summary>
    public async Task<CardActionResult> HandleAsync(TurnContext turn, OwnOrganisationSaved action, CardPress press, CancellationToken ct)
    {
        var texts = turn.Texts;
        if (action.Organisation.Length == 0)
        {
            await store.SaveCorrectionAsync(turn.User.Key, null, ct);
            return CardActionResult.WithCard(await presenter.OrganisationAsync(turn, texts["organisation.cleared"], [], ct));
        }

        var own = new PartnerOrganisation(Shorten(action.Organisation), DealSettingsStore.ParseType(action.Type));
        await store.SaveCorrectionAsync(turn.User.Key, own, ct);
        var saved = texts.Format("organisation.saved", own.Name, OrganisationTypeNames.Of(own.Type).In(turn.Language));
        return CardActionResult.WithCard(await presenter.OrganisationAsync(turn, saved, [], ct));
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, DealRoleSaved action, CardPress press, CancellationToken ct)
    {
        var texts = turn.Texts;
        if (await DealmakersChannelAsync(turn, ct) is not { } channelId)
        {
            return CardActionResult.Problem(turn.Language, texts["settings.dealmakers_only"]);
        }

        var members = await store.MembersAsync(channelId, ct);
        var people = await presenter.PeopleAsync(turn, members, ct);
        var (person, role) = (action.Person, action.Role);
        if (!people.TryGetValue(person, out var personName) || !DealSettingsPresenter.Roles.Contains(role))
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

    public async Task<CardActionResult> HandleAsync(TurnContext turn, DealDomainSaved action, CardPress press, CancellationToken ct)
    {
        var texts = turn.Texts;
        if (await DealmakersChannelAsync(turn, ct) is not { } channelId)
        {
            return CardActionResult.Problem(turn.Language, texts["settings.dealmakers_only"]);
        }

        var domain = OrganisationDirectory.NormalizeDomain(action.Domain);
        if (domain is null)
        {
            return await presenter.SettingsAsync(turn, null, [texts.Format("settings.domain.invalid", Shorten(action.Domain))], ct);
        }

        if (action.Organisation.Length == 0)
        {
            await store.RemoveMappingAsync(channelId, domain, ct);
            await audit.RecordAsync(DealDirectory.DealKey(channelId), AuditActions.DomainUnmapped, turn.User.Name, [domain], ct);
            return await presenter.SettingsAsync(turn, texts.Format("settings.domain.removed", domain), [], ct);
        }

        var organisation = new PartnerOrganisation(Shorten(action.Organisation), DealSettingsStore.ParseType(action.Type));
        await store.SaveMappingAsync(channelId, domain, organisation, turn.User.Key, ct);
        await audit.RecordAsync(DealDirectory.DealKey(channelId), AuditActions.DomainMapped, turn.User.Name, [domain, organisation.Name], ct);
        return await presenter.SettingsAsync(turn, texts.Format("settings.domain.saved", domain, organisation.Name), [], ct);
    }

    /// <summary>Deal settings change the deal of the channel the button was pressed in, and only for its dealmakers.</summary>
    private async Task<string?> DealmakersChannelAsync(TurnContext turn, CancellationToken ct) =>
        turn.Conversation.ChannelId is { } channelId
            && (await directory.FindMemberAsync(channelId, turn.User.Key, ct))?.Role == DealRoles.Dealmaker
                ? channelId
                : null;

    private static string Shorten(string text) => text.Length <= MaxOrganisationNameLength ? text : text[..MaxOrganisationNameLength];
}
