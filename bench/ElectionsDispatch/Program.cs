using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using CityDealBot.Bench.ElectionsDispatch;
using CityDealBot.Elections;

BenchmarkRunner.Run<LobbyDispatchBenchmarks>(args: args);

namespace CityDealBot.Bench.ElectionsDispatch
{

/// <summary>
/// The dispatcher asks "what is due now?" on every tick for every deal; these measure that question for a programme
/// much larger than Agenda Stad's ~32 deals.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LobbyDispatchBenchmarks
{
    private static readonly DateTimeOffset BusyInstant = new(2027, 3, 31, 7, 0, 0, TimeSpan.Zero);
    private List<LobbyDeal> deals = [];
    private DealLobbyCalendar calendar = null!;

    [Params(32, 200)]
    public int DealCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        calendar = new DealLobbyCalendar(ElectionCalendar.WithShippedData(), LobbyTimeline.Standard);
        var provinces = GovernmentDirectory.Shipped.Provinces;
        var waterBoards = GovernmentDirectory.Shipped.WaterBoards;
        var ministries = GovernmentDirectory.Shipped.Ministries;
        deals = Enumerable.Range(0, DealCount).Select(i => new LobbyDeal(
            $"deal-{i}",
            $"City Deal {i}",
            [
                .. Enumerable.Range(0, 8).Select(m => new Government(GovernmentKind.Municipality, $"Gemeente{(i * 8) + m}")),
                provinces[i % provinces.Count].Government,
                provinces[(i + 5) % provinces.Count].Government,
                waterBoards[i % waterBoards.Count].Government,
                ministries[i % ministries.Count].Government,
                ministries[(i + 3) % ministries.Count].Government,
            ],
            [new LobbyRecipient($"dealmaker-{i}"), new LobbyRecipient($"lead-{i}"), new LobbyRecipient($"secretary-{i}", "en")])).ToList();
    }

    [Benchmark]
    public int DueAtBusyInstant() => LobbyDispatch.DueAt(BusyInstant, deals, calendar, [], DeliveryPolicy.Default).Count;

    [Benchmark]
    public int UpcomingForOneDeal() => calendar.Upcoming(deals[0], new FixedClock(BusyInstant), []).Count;

    [Benchmark]
    public int ProgrammeView() => calendar.ProgrammeView(deals, new FixedClock(BusyInstant), []).Count;
}

/// <summary>A clock stopped at one instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
}
