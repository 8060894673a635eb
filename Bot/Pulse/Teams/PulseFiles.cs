using CityDealBot.Operations;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;

namespace CityDealBot.Pulse;

/// <summary>
/// GET /pulse/charts/{token}.png, /pulse/exports/{token}.csv and /pulse/programme/{token}.csv (<see cref="PulseLinks"/>): files behind signed, expiring links. A wrong
/// or expired signature is 403; a round that is gone or has nothing to draw is 404. No other authentication:
/// Teams fetches card images without the user's credentials, so the signature is the permission.
/// </summary>
public static class PulseFiles
{
    public static IEndpointRouteBuilder MapPulse(this IEndpointRouteBuilder app)
    {
        app.MapGet(PulseLinks.ChartRoute.Pattern, ChartAsync);
        app.MapGet(PulseLinks.ExportRoute.Pattern, ExportAsync);
        app.MapGet(PulseLinks.ProgrammeExportRoute.Pattern, ProgrammeExportAsync);
        return app;
    }

    private static async Task<IResult> ChartAsync(string token, SignedLinks links, PulseStore store, PulsePresenter presenter, DealDirectory directory, HttpContext http, CancellationToken ct)
    {
        var (link, failure) = Check(token, PulseLinks.Chart, links);
        if (link is null)
        {
            return failure!;
        }

        var found = await FindAsync(link, store, ct);
        if (found is null)
        {
            return Results.NotFound();
        }

        var results = await presenter.ResultsAsync(found.Value.Round, found.Value.Template, PulseViewerRole.Partner, ct);
        if (!PulseRadarChart.CanRender(results))
        {
            return Results.NotFound();
        }

        var deal = await directory.FindDealAsync(link.Scope, ct);
        var language = Languages.FromLocale(link.Language);
        var chart = PulseRadarChart.Render(results, language, dealName: deal?.TeamName ?? deal?.ChannelName);
        http.Response.Headers.CacheControl = "private, max-age=300";
        return Results.File(chart.Png, "image/png");
    }

    private static async Task<IResult> ExportAsync(string token, SignedLinks links, PulseStore store, PulsePresenter presenter, DealDirectory directory, HttpContext http, CancellationToken ct)
    {
        var (link, failure) = Check(token, PulseLinks.Export, links);
        if (link is null)
        {
            return failure!;
        }

        var found = await FindAsync(link, store, ct);
        if (found is null)
        {
            return Results.NotFound();
        }

        var results = await presenter.ResultsAsync(found.Value.Round, found.Value.Template, PulseViewerRole.Partner, ct);
        var deal = await directory.FindDealAsync(link.Scope, ct);
        var csv = PulseResultsCsv.Export(results, deal?.TeamName ?? deal?.ChannelName ?? link.Scope);
        http.Response.Headers.CacheControl = "no-store";
        var date = AmsterdamTime.LocalDateTime(found.Value.Round.ClosesAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Results.File(csv, "text/csv; charset=utf-8", $"peiling-{date}.csv");
    }

    /// <summary>A programme round over all deals: only links made for a programme administrator carry this scope.</summary>
    private static async Task<IResult> ProgrammeExportAsync(string token, SignedLinks links, ProgrammeRoundOverview overview, HttpContext http, CancellationToken ct)
    {
        var (link, failure) = Check(token, PulseLinks.Export, links);
        if (link is null)
        {
            return failure!;
        }

        if (link.Scope != PulseLinks.ProgrammeExportScope || await overview.FindAsync(link.Item, ct) is not { } round)
        {
            return Results.NotFound();
        }

        var csv = await overview.CsvAsync(round, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(csv, "text/csv; charset=utf-8", $"programmaronde-{round.RowKey}.csv");
    }

    private static (SignedLink? Link, IResult? Failure) Check(string token, SignedLinkKind kind, SignedLinks links)
    {
        var link = links.Verify(token, kind);
        return link is null ? (null, Results.StatusCode(StatusCodes.Status403Forbidden)) : (link, null);
    }

    private static async Task<(PulseRoundRecord Round, PulseTemplate Template)?> FindAsync(SignedLink link, PulseStore store, CancellationToken ct)
    {
        var round = await store.FindRoundAsync(link.Scope, link.Item, ct);
        var template = round is null ? null : PulsePresenter.FindTemplate(round.TemplateId);
        return round is null || template is null ? null : (round, template);
    }
}
