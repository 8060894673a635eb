using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>
/// The deal's settings for a dealmaker: who has which role, and which e-mail domain belongs to which
/// organisation. <see cref="People"/> are the known members (title = name, value = person key).
/// </summary>
public sealed record DealSettingsCardView(
    Language Language,
    string DealName,
    IReadOnlyList<Choice> People,
    IReadOnlyList<Fact> Roles,
    IReadOnlyList<Choice> RoleChoices,
    IReadOnlyList<Fact> Mappings,
    IReadOnlyList<Choice> TypeChoices,
    string? Confirmation,
    IReadOnlyList<string> Problems);

/// <summary>A person's own organisation: what the bot derived, and a form to correct it.</summary>
public sealed record OrganisationCardView(
    Language Language,
    string Current,
    string? Name,
    string? Type,
    IReadOnlyList<Choice> TypeChoices,
    string? Confirmation,
    IReadOnlyList<string> Problems);

/// <summary>"Save role" on the settings card: the member picked (a person key) and the role they get.</summary>
public sealed record DealRoleSaved([property: CardInput] string Person = "", [property: CardInput] string Role = "") : ICardAction
{
    public static string Verb => "deal.settings.role";
}

/// <summary>"Save domain" on the settings card: an e-mail domain and the organisation behind it (none removes it).</summary>
public sealed record DealDomainSaved([property: CardInput] string Domain = "", [property: CardInput] string Organisation = "", [property: CardInput] string Type = "") : ICardAction
{
    public static string Verb => "deal.settings.domain";
}

/// <summary>"Save" on the organisation card: the person's own organisation and its kind (none clears the correction).</summary>
public sealed record OwnOrganisationSaved([property: CardInput] string Organisation = "", [property: CardInput] string Type = "") : ICardAction
{
    public static string Verb => "person.organisation";
}

public static class SettingsCards
{

    public static AdaptiveCard DealSettings(DealSettingsCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(texts.Format("settings.title", view.DealName)),
        };
        AddFeedback(body, texts, view.Confirmation, view.Problems);

        body.Add(new TextBlock(texts["settings.roles"]) { Weight = TextWeight.Bolder, Style = "heading", Spacing = Spacing.Medium });
        body.Add(view.Roles.Count > 0 ? new FactSet([.. view.Roles]) { Id = "roles" } : new TextBlock(texts["settings.roles.none"]) { IsSubtle = true });
        body.Add(new ChoiceSetInput([.. view.People]) { Id = CardFields.Of<DealRoleSaved>(nameof(DealRoleSaved.Person)), Label = texts["settings.person"], Style = ChoiceInputStyle.Filtered, IsRequired = true, ErrorMessage = texts["settings.person.required"] });
        body.Add(new ChoiceSetInput([.. view.RoleChoices]) { Id = CardFields.Of<DealRoleSaved>(nameof(DealRoleSaved.Role)), Label = texts["settings.role"], Style = ChoiceInputStyle.Compact, IsRequired = true, ErrorMessage = texts["settings.role.required"] });
        body.Add(new ActionSet([CardActions.Execute(texts["settings.role.save"], new DealRoleSaved())]));

        body.Add(new TextBlock(texts["settings.domains"]) { Weight = TextWeight.Bolder, Style = "heading", Spacing = Spacing.Large, Separator = true });
        body.Add(new TextBlock(texts["settings.domains.intro"]) { IsSubtle = true, Size = TextSize.Small });
        if (view.Mappings.Count > 0)
        {
            body.Add(new FactSet([.. view.Mappings]) { Id = "mappings" });
        }

        body.Add(new TextInput { Id = CardFields.Of<DealDomainSaved>(nameof(DealDomainSaved.Domain)), Label = texts["settings.domain"], Placeholder = "utrecht.nl", MaxLength = 253, IsRequired = true, ErrorMessage = texts["settings.domain.required"] });
        body.Add(new TextInput { Id = CardFields.Of<DealDomainSaved>(nameof(DealDomainSaved.Organisation)), Label = texts["settings.organisation"], Placeholder = texts["settings.organisation.placeholder"], MaxLength = 100 });
        body.Add(new ChoiceSetInput([.. view.TypeChoices]) { Id = CardFields.Of<DealDomainSaved>(nameof(DealDomainSaved.Type)), Label = texts["settings.type"], Style = ChoiceInputStyle.Compact, Value = (view.TypeChoices.Count > 0 ? view.TypeChoices[0].Value : null) });
        body.Add(new ActionSet([CardActions.Execute(texts["settings.domain.save"], new DealDomainSaved())]));

        return new AdaptiveCard { Lang = view.Language.Code(), Speak = texts.Format("settings.title", view.DealName), Body = body };
    }

    public static AdaptiveCard Organisation(OrganisationCardView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            Heading(texts["organisation.title"]),
            new TextBlock(view.Current),
        };
        AddFeedback(body, texts, view.Confirmation, view.Problems);
        body.Add(new TextInput { Id = CardFields.Of<OwnOrganisationSaved>(nameof(OwnOrganisationSaved.Organisation)), Label = texts["settings.organisation"], Value = view.Name, MaxLength = 100, Placeholder = texts["settings.organisation.placeholder"] });
        body.Add(new ChoiceSetInput([.. view.TypeChoices]) { Id = CardFields.Of<OwnOrganisationSaved>(nameof(OwnOrganisationSaved.Type)), Label = texts["settings.type"], Style = ChoiceInputStyle.Compact, Value = view.Type ?? (view.TypeChoices.Count > 0 ? view.TypeChoices[0].Value : null) });
        body.Add(new TextBlock(texts["organisation.clear"]) { IsSubtle = true, Size = TextSize.Small });
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = texts["organisation.title"],
            Body = body,
            Actions = [CardActions.Execute(texts["organisation.save"], new OwnOrganisationSaved())],
        };
    }

    private static void AddFeedback(List<CardElement> body, Texts texts, string? confirmation, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            body.Add(new Container([.. problems.Select(p => new TextBlock(p) { Color = TextColor.Attention })]) { Id = "problems", Style = ContainerStyle.Attention });
        }

        if (confirmation is not null)
        {
            body.Add(new Container([new TextBlock(confirmation) { Color = TextColor.Good }]) { Id = "confirmation", Style = ContainerStyle.Good });
        }
    }

    private static TextBlock Heading(string text) => new(text) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" };
}
