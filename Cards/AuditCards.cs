using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>One audit entry as shown: when (Amsterdam time), who (empty when not kept) and what.</summary>
public sealed record AuditLine(string When, string Actor, string What);

/// <param name="DealId">The deal key, so "older entries" works in the dealmaker's personal chat too (the role is checked again).</param>
public sealed record AuditLogView(Language Language, string DealName, IReadOnlyList<AuditLine> Lines, string? NextCursor, bool IsOlderPage, string? DealId = null);

/// <summary>"Older entries": the page after <paramref name="Cursor"/> of the deal's log.</summary>
public sealed record AuditOlderEntries(string Cursor = "", [property: CardId] string Deal = "") : ICardAction
{
    public static string Verb => "audit.more";
}

public static class AuditCards
{

    public static AdaptiveCard Log(AuditLogView view)
    {
        var texts = Texts.For(view.Language);
        var body = new List<CardElement>
        {
            new TextBlock(texts.Format(view.IsOlderPage ? "audit.title.older" : "audit.title", view.DealName)) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
        };
        if (view.Lines.Count == 0)
        {
            body.Add(new TextBlock(texts["audit.empty"]) { IsSubtle = true });
        }

        foreach (var line in view.Lines)
        {
            var who = line.Actor.Length == 0 ? string.Empty : line.Actor + ": ";
            body.Add(new TextBlock($"{line.When} · {who}{line.What}") { Spacing = Spacing.Small });
        }

        body.Add(new TextBlock(texts["audit.footer"]) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium });
        return new AdaptiveCard
        {
            Lang = view.Language == Language.English ? "en" : "nl",
            Body = body,
            Actions = view.NextCursor is { } cursor
                ? [CardActions.Execute(texts["audit.more"], new AuditOlderEntries(cursor, view.DealId ?? string.Empty), sendInputs: false)]
                : [],
        };
    }
}
