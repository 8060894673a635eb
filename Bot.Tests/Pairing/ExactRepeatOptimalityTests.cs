using CityDealBot.Pairing;
using Google.OrTools.Sat;
using static CityDealBot.Tests.Pairing.PairingTestInstances;

namespace CityDealBot.Tests.Pairing;

/// <summary>For small sessions CP-SAT proves the fewest possible repeats; the engine must reach exactly that.</summary>
public class ExactRepeatOptimalityTests
{
    [Theory]
    [InlineData(8, 3, 0.7, 21)]
    [InlineData(10, 3, 0.75, 22)]
    [InlineData(12, 2, 0.8, 23)]
    [InlineData(20, 2, 0.8, 26)]
    [InlineData(14, 2, 0.85, 24)]
    [InlineData(16, 2, 0.8, 25)]
    public void Engine_repeat_count_equals_the_proven_optimum(int n, int rounds, double historyDensity, int seed)
    {
        var request = Random(n, rounds, 2, historyDensity, seed);
        var met = request.History.Select(h => Ordered(h.PersonA, h.PersonB)).ToHashSet();

        var (status, optimum) = ExactReference.FewestHistoryRepeats(n, rounds, (i, j) => met.Contains(Ordered(Id(i), Id(j))), seconds: 10);
        var plan = SpeeddatePlanner.Plan(request);

        Assert.Equal(CpSolverStatus.Optimal, status);
        Assert.True(optimum > 0, "instance should force some repeats to be interesting");
        Assert.Equal(0, plan.Score.InSessionRepeats);
        Assert.Equal(optimum, plan.Score.HistoryRepeats);
        Assert.True(plan.Bounds.HistoryRepeats <= optimum);
    }
}
