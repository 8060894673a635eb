using CityDealBot.Pairing;
using Google.OrTools.Sat;

namespace CityDealBot.Tests.Pairing;

/// <summary>The min-cost flow behind the ordered class bounds, against CP-SAT on random networks.</summary>
public class MinCostFlowTests
{
    [Theory]
    [InlineData(6, 14, 1)]
    [InlineData(8, 24, 7)]
    [InlineData(10, 30, 3)]
    [InlineData(12, 40, 4)]
    [InlineData(12, 60, 5)]
    public void Maximum_flow_and_its_least_cost_match_an_exact_solver(int nodes, int edges, int seed)
    {
        var random = new Random(seed);
        var arcs = new List<(int From, int To, int Capacity, int Cost)>();
        for (var k = 0; k < edges; k++)
        {
            var from = random.Next(nodes);
            var to = random.Next(nodes);
            if (from == to || to == 0 || from == nodes - 1) continue;
            arcs.Add((from, to, 1 + random.Next(3), random.Next(3)));
        }

        var flow = new MinCostFlow(nodes);
        foreach (var a in arcs) flow.AddEdge(a.From, a.To, a.Capacity, a.Cost);
        var (sent, cost) = flow.Run(0, nodes - 1);

        var (exactFlow, exactCost) = Exact(nodes, arcs);
        Assert.True(exactFlow > 0, "the network should carry some flow to be a useful check");
        Assert.Equal(exactFlow, sent);
        Assert.Equal(exactCost, cost);
    }

    private static (long Flow, long Cost) Exact(int nodes, List<(int From, int To, int Capacity, int Cost)> arcs)
    {
        var model = new CpModel();
        var amount = arcs.Select((a, i) => model.NewIntVar(0, a.Capacity, "f" + i)).ToArray();
        LinearExpr Out(int v) => LinearExpr.Sum(arcs.Select((a, i) => (a, i)).Where(x => x.a.From == v).Select(x => amount[x.i]));
        LinearExpr In(int v) => LinearExpr.Sum(arcs.Select((a, i) => (a, i)).Where(x => x.a.To == v).Select(x => amount[x.i]));
        for (var v = 1; v < nodes - 1; v++) model.Add(In(v) == Out(v));
        var value = Out(0) - In(0);
        // Largest flow first, then the least cost for it: the cost of any flow is below 1000 here.
        model.Maximize(value * 1000 - LinearExpr.WeightedSum(amount, arcs.Select(a => (long)a.Cost)));
        var solver = new CpSolver { StringParameters = "num_workers:2,max_time_in_seconds:20" };
        Assert.Equal(CpSolverStatus.Optimal, solver.Solve(model));
        var flow = amount.Select((v, i) => (arcs[i], solver.Value(v))).ToList();
        var sent = flow.Where(x => x.Item1.From == 0).Sum(x => x.Item2) - flow.Where(x => x.Item1.To == 0).Sum(x => x.Item2);
        return (sent, flow.Sum(x => x.Item2 * x.Item1.Cost));
    }
}
