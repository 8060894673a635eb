using CityDealBot.Operations;

namespace CityDealBot.Pulse;

/// <summary>The pulse's signed links: the results chart (an image Teams fetches without credentials) and the CSV downloads.</summary>
public static class PulseLinks
{
    /// <summary>A round's radar chart: Scope holds the deal's channel id, Item the round id.</summary>
    public static readonly SignedLinkKind Chart = new("Chart", static o => o.ChartLifetime);

    /// <summary>A round's CSV (Scope: the deal's channel id) or a programme round's (Scope: <see cref="ProgrammeExportScope"/>).</summary>
    public static readonly SignedLinkKind Export = new("Export", static o => o.ExportLifetime);

    public static readonly SignedLinkRoute ChartRoute = new(Chart, "pulse/charts", ".png");

    public static readonly SignedLinkRoute ExportRoute = new(Export, "pulse/exports", ".csv");

    /// <summary>The CSV of a programme round over all deals, for the programme administrator who asked.</summary>
    public static readonly SignedLinkRoute ProgrammeExportRoute = new(Export, "pulse/programme", ".csv");

    /// <summary>The scope of a programme round's export link; no channel id has this form.</summary>
    public const string ProgrammeExportScope = "programme";
}
