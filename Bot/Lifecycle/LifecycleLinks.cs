using CityDealBot.Operations;

namespace CityDealBot.Lifecycle;

/// <summary>The lifecycle's signed links: a deal's progress or year report, and a programme request's answers.</summary>
public static class LifecycleLinks
{
    /// <summary>A report link on a prompt must still work at the steering group, up to six weeks after the prompt.</summary>
    public static readonly TimeSpan ReportLifetime = TimeSpan.FromDays(60);

    /// <summary>Scope holds the deal key, Item the report (<see cref="LifecycleReportId"/>).</summary>
    public static readonly SignedLinkKind Report = new("LifecycleReport", static _ => ReportLifetime);

    public static readonly SignedLinkRoute ReportRoute = new(Report, "lifecycle/reports", ".html");

    /// <summary>Scope holds <see cref="RequestScope"/>, Item the request id; handed to programme administrators only.</summary>
    public static readonly SignedLinkKind RequestExport = new("ProgrammeRequestExport", static o => o.ExportLifetime);

    public static readonly SignedLinkRoute RequestExportRoute = new(RequestExport, "lifecycle/requests", ".csv");

    /// <summary>The scope of a request's export link; no channel id has this form.</summary>
    public const string RequestScope = "programme-request";
}
