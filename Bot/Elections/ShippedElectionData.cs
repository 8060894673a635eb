using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityDealBot.Elections;

/// <summary>Reads the election calendar embedded in the assembly (Data/elections.json); governments come from the organisation directory.</summary>
public static class ShippedElectionData
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
    private static readonly Lazy<IReadOnlyList<Election>> LazyElections = new(() => ParseElections(ReadResource("elections.json")));

    public static IReadOnlyList<Election> Elections => LazyElections.Value;

    public static IReadOnlyList<Election> ParseElections(string json)
    {
        var document = JsonSerializer.Deserialize<ElectionsDocument>(json, JsonOptions)
            ?? throw new FormatException("Election data is empty.");
        return document.Elections.Select(ToElection).ToList();
    }

    private static Election ToElection(ElectionRow row) => new()
    {
        Id = row.Id,
        Kind = ElectionKindNames.FromSlug(row.Kind),
        Date = Day(row.Date) ?? throw new FormatException($"Election {row.Id} has no date."),
        Status = ParseStatus(row.Status),
        Origin = ElectionOrigin.Shipped,
        NominationDay = Day(row.NominationDay),
        ResultDay = Day(row.ResultDay),
        InstallationDay = Day(row.InstallationDay),
        MergerDate = Day(row.MergerDate),
        Municipalities = row.Municipalities ?? [],
        NewMunicipality = row.NewMunicipality,
        LegalBasis = row.LegalBasis ?? "",
        Sources = row.Sources ?? [],
        Note = row.Note ?? "",
    };

    public static ElectionDateStatus ParseStatus(string status) => status switch
    {
        "held" => ElectionDateStatus.Held,
        "official" or "fixed" => ElectionDateStatus.Official,
        "computed" or "rule_window_conditional" => ElectionDateStatus.Computed,
        "estimate" => ElectionDateStatus.Estimate,
        _ => throw new FormatException($"Unknown election status '{status}'."),
    };

    private static DateOnly? Day(string? value) =>
        string.IsNullOrEmpty(value) ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ReadResource(string fileName)
    {
        var name = $"CityDealBot.Elections.Data.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record ElectionsDocument([property: JsonPropertyName("elections")] List<ElectionRow> Elections);

    private sealed record ElectionRow(
        string Id,
        string Kind,
        string Date,
        string Status,
        string? NominationDay,
        string? ResultDay,
        string? InstallationDay,
        string? MergerDate,
        List<string>? Municipalities,
        string? NewMunicipality,
        string? LegalBasis,
        List<string>? Sources,
        string? Note);
}
