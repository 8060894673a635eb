using System.Text;
using CityDealBot.Cards.Localization;
using CityDealBot.Operations;

namespace CityDealBot.Lifecycle;

/// <summary>
/// GET /lifecycle/reports/{token}.html: a deal's progress or year report behind a signed, expiring link (403 for a wrong
/// or expired signature, 404 for a deal without a profile). HTML opens in any browser and in Word.
/// </summary>
public static class LifecycleFiles
{
    public static IEndpointRouteBuilder MapLifecycle(this IEndpointRouteBuilder app)
    {
        app.MapGet(LifecycleLinks.ReportRoute.Pattern, ReportAsync);
        app.MapGet(LifecycleLinks.RequestExportRoute.Pattern, RequestAnswersAsync);
        return app;
    }

    /// <summary>Every deal's answer to a programme request: only links made for a programme administrator carry this scope.</summary>
    private static async Task<IResult> RequestAnswersAsync(string token, SignedLinks links, ProgrammeRequestStore store, Deals.DealDirectory directory, HttpContext http, CancellationToken ct)
    {
        var link = links.Verify(token, LifecycleLinks.RequestExport);
        if (link is null)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (link.Scope != LifecycleLinks.RequestScope || await store.FindAsync(link.Item, ct) is not { } request)
        {
            return Results.NotFound();
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dealKey in request.Deals)
        {
            if (await directory.FindDealByKeyAsync(dealKey, ct) is { } deal)
            {
                names[dealKey] = deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;
            }
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(ProgrammeRequestViews.Csv(request, await store.AnswersAsync(request.RowKey, ct), names), "text/csv; charset=utf-8", $"uitvraag-{request.RowKey}.csv");
    }

    private static async Task<IResult> ReportAsync(string token, SignedLinks links, LifecycleReports reports, HttpContext http, CancellationToken ct)
    {
        var link = links.Verify(token, LifecycleLinks.Report);
        if (link is null)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (LifecycleReportId.Parse(link.Item) is not { } report
            || await reports.BuildAsync(link.Scope, report, Languages.FromLocale(link.Language), ct) is not { } built)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(built.Html), "text/html; charset=utf-8", built.FileName);
    }
}
