using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Cards;

/// <summary>
/// One deal in a programme round as its administrator sees it: whether its round opened, respondents, what is
/// withheld and why, and the change since the deal's baseline (nulmeting).
/// </summary>
public sealed record ProgrammeRoundDealView(string DealName, string State, string? Respondents, IReadOnlyList<string> Withheld, string? SinceBaseline);

/// <summary>The programme administrator's overview of a programme round, sent to them personally.</summary>
public sealed record ProgrammeRoundCardView(
    Language Language,
    string RoundId,
    string Status,
    IReadOnlyList<ProgrammeRoundDealView> Deals,
    string? MoreDeals,
    string CsvUrl,
    string CsvExpiresAt,
    IReadOnlyList<ProgrammeRoundDealView>? FollowUps = null,
    string? MoreFollowUps = null);

public static class ProgrammeRoundCards
{
    /// <summary>More deals than this are in the CSV only: a card has a size limit (28 KB in Teams).</summary>
    public const int MaxDealsOnCard = 40;

    public static AdaptiveCard Overview(ProgrammeRoundCardView view)
    {
        var texts = Texts.For(view.Language);
        var title = texts.Format("programme.overview.title", view.RoundId);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock(view.Status) { IsSubtle = true, Spacing = Spacing.None },
        };

        foreach (var deal in view.Deals)
        {
            body.Add(DealContainer(deal));
        }

        if (view.MoreDeals is not null)
        {
            body.Add(new TextBlock(view.MoreDeals) { IsSubtle = true });
        }

        if (view.FollowUps is { Count: > 0 } followUps)
        {
            // Deals that ended, a few years on: the same numbers, never part of the all-deals mean.
            body.Add(new TextBlock(texts["programme.overview.followups"]) { Id = "followups", Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(followUps.Select(DealContainer));
            if (view.MoreFollowUps is not null)
            {
                body.Add(new TextBlock(view.MoreFollowUps) { IsSubtle = true });
            }
        }

        body.Add(new TextBlock(texts.Format("programme.overview.csv", view.CsvExpiresAt)) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium });
        return new AdaptiveCard
        {
            Lang = view.Language.Code(),
            Speak = title,
            Body = body,
            Actions = [new OpenUrlAction(texts["pulse.export.open"], view.CsvUrl) { Id = "download" }],
            MsTeams = new System.Text.Json.Nodes.JsonObject { ["width"] = "Full" },
        };
    }

    private static Container DealContainer(ProgrammeRoundDealView deal)
    {
        var lines = new List<CardElement>
        {
            new TextBlock(deal.DealName) { Weight = TextWeight.Bolder },
            new TextBlock(deal.State) { Spacing = Spacing.None, IsSubtle = true },
        };
        if (deal.Respondents is not null)
        {
            lines.Add(new TextBlock(deal.Respondents) { Spacing = Spacing.None });
        }

        if (deal.SinceBaseline is not null)
        {
            lines.Add(new TextBlock(deal.SinceBaseline) { Spacing = Spacing.None });
        }

        lines.AddRange(deal.Withheld.Select(w => new TextBlock(w) { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None }));
        return new Container(lines) { Style = ContainerStyle.Emphasis, Spacing = Spacing.Small };
    }
}
