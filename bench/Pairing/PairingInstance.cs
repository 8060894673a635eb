using System.Globalization;
using System.Text.Json;
using CityDealBot.Pairing;

namespace CityDealBot.Bench.Pairing;

/// <summary>
/// A benchmark instance as stored in JSON: n, rounds, per-person deal/org/type arrays, hist as
/// [a, b, timesMet] or [a, b, timesMet, lastDate] triples, optional groupSize, forbidden, required.
/// Participant ids are the indices as strings, so groups map straight back to indices.
/// </summary>
internal sealed record PairingInstance(string Name, SpeeddateRequest Request)
{
    public static PairingInstance Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var name = root.TryGetProperty("name", out var nameElement) ? nameElement.GetString() ?? Path.GetFileNameWithoutExtension(path) : Path.GetFileNameWithoutExtension(path);
        var n = root.GetProperty("n").GetInt32();
        var deal = Labels(root, "deal", n);
        var org = Labels(root, "org", n);
        var type = Labels(root, "type", n);
        var people = Enumerable.Range(0, n).Select(i => new SpeeddateParticipant(Id(i), deal[i], org[i], type[i])).ToList();
        var history = new List<PastMeeting>();
        if (root.TryGetProperty("hist", out var hist))
        {
            foreach (var entry in hist.EnumerateArray())
            {
                var items = entry.EnumerateArray().ToList();
                var times = items.Count > 2 ? items[2].GetInt32() : 1;
                var last = items.Count > 3 ? DateOf(items[3]) : DateOnly.MinValue;
                history.Add(new PastMeeting(Id(items[0].GetInt32()), Id(items[1].GetInt32()), times, last));
            }
        }

        var request = new SpeeddateRequest
        {
            Participants = people,
            History = history,
            Rounds = root.GetProperty("rounds").GetInt32(),
            GroupSize = root.TryGetProperty("groupSize", out var gs) ? gs.GetInt32() : 2,
            ForbiddenPairs = Pairs(root, "forbidden"),
            RequiredPairs = Pairs(root, "required"),
        };
        return new PairingInstance(name, request);
    }

    public static string Id(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static DateOnly DateOf(JsonElement element) => element.ValueKind == JsonValueKind.Number
        ? DateOnly.FromDayNumber(Math.Clamp(element.GetInt32(), 0, 3_000_000))
        : DateOnly.Parse(element.GetString() ?? "0001-01-01", CultureInfo.InvariantCulture);

    private static List<ParticipantPair> Pairs(JsonElement root, string property) => root.TryGetProperty(property, out var list)
        ? list.EnumerateArray().Select(p => p.EnumerateArray().ToList()).Select(p => new ParticipantPair(Id(p[0].GetInt32()), Id(p[1].GetInt32()))).ToList()
        : [];

    private static string[] Labels(JsonElement root, string property, int n)
    {
        if (!root.TryGetProperty(property, out var list)) return Enumerable.Range(0, n).Select(i => "p" + Id(i)).ToArray();
        return list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? string.Empty : e.GetRawText()).ToArray();
    }
}
