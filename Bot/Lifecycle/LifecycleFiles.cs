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
        app.MapGet("/lifecycle/reports/{file}", ReportAsync);
        return app;
    }

    private static async Task<IResult> ReportAsync(string file, SignedLinks links, LifecycleReports reports, HttpContext http, CancellationToken ct)
    {
        const string extension = ".html";
        if (!file.EndsWith(extension, StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var link = links.Verify(file[..^extension.Length], SignedLinkKind.LifecycleReport);
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
