namespace CityDealBot.Pairing;

/// <summary>
/// Minimum-cost maximum flow with non-negative integer costs, primal–dual: Dijkstra with potentials finds the
/// current shortest distance, then a Dinic blocking flow saturates every path of that length at once. The
/// bounds' costs are 0 or 1, so there are few distinct lengths and few phases even for 500 people.
/// </summary>
internal sealed class MinCostFlow
{
    private readonly int _nodes;
    private readonly List<int> _from = [];
    private readonly List<int> _to = [];
    private readonly List<long> _capacity = [];
    private readonly List<long> _cost = [];

    public MinCostFlow(int nodes) => _nodes = nodes;

    public void AddEdge(int from, int to, long capacity, long cost)
    {
        if (capacity <= 0) return;
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        _from.Add(from); _to.Add(to); _capacity.Add(capacity); _cost.Add(cost);
        _from.Add(to); _to.Add(from); _capacity.Add(0); _cost.Add(-cost);
    }

    /// <summary>Returns the maximum flow from source to sink and the least cost among maximum flows.</summary>
    public (long Flow, long Cost) Run(int source, int sink)
    {
        var edgeCount = _to.Count;
        var to = _to.ToArray();
        var capacity = _capacity.ToArray();
        var cost = _cost.ToArray();
        // Adjacency in compressed rows.
        var start = new int[_nodes + 1];
        foreach (var f in _from) start[f + 1]++;
        for (var v = 0; v < _nodes; v++) start[v + 1] += start[v];
        var adjacency = new int[edgeCount];
        var fill = (int[])start.Clone();
        for (var e = 0; e < edgeCount; e++) adjacency[fill[_from[e]]++] = e;

        var potential = new long[_nodes];
        var distance = new long[_nodes];
        var level = new int[_nodes];
        var next = new int[_nodes];
        var queue = new int[_nodes];
        var heap = new PriorityQueue<int, long>();
        long flow = 0, total = 0;
        while (true)
        {
            Array.Fill(distance, long.MaxValue);
            distance[source] = 0;
            heap.Enqueue(source, 0);
            while (heap.TryDequeue(out var v, out var d))
            {
                if (d > distance[v]) continue;
                for (var k = start[v]; k < start[v + 1]; k++)
                {
                    var e = adjacency[k];
                    if (capacity[e] <= 0) continue;
                    var w = to[e];
                    var nd = d + cost[e] + potential[v] - potential[w];
                    if (nd < distance[w])
                    {
                        distance[w] = nd;
                        heap.Enqueue(w, nd);
                    }
                }
            }

            if (distance[sink] == long.MaxValue) return (flow, total);
            for (var v = 0; v < _nodes; v++) potential[v] += Math.Min(distance[v], distance[sink]);

            // Blocking flows on the admissible edges (residual, reduced cost 0): all are shortest paths now.
            while (true)
            {
                Array.Fill(level, -1);
                level[source] = 0;
                int head = 0, tail = 0;
                queue[tail++] = source;
                while (head < tail)
                {
                    var v = queue[head++];
                    for (var k = start[v]; k < start[v + 1]; k++)
                    {
                        var e = adjacency[k];
                        var w = to[e];
                        if (capacity[e] > 0 && level[w] < 0 && cost[e] + potential[v] - potential[w] == 0)
                        {
                            level[w] = level[v] + 1;
                            queue[tail++] = w;
                        }
                    }
                }

                if (level[sink] < 0) break;
                Array.Copy(start, next, _nodes);
                long pushed;
                while ((pushed = Push(source, sink, long.MaxValue)) > 0)
                {
                    flow += pushed;
                    total += pushed * (potential[sink] - potential[source]);
                }
            }
        }

        long Push(int v, int target, long limit)
        {
            if (v == target) return limit;
            for (; next[v] < start[v + 1]; next[v]++)
            {
                var e = adjacency[next[v]];
                var w = to[e];
                if (capacity[e] <= 0 || level[w] != level[v] + 1 || cost[e] + potential[v] - potential[w] != 0) continue;
                var pushed = Push(w, target, Math.Min(limit, capacity[e]));
                if (pushed > 0)
                {
                    capacity[e] -= pushed;
                    capacity[e ^ 1] += pushed;
                    return pushed;
                }
            }

            return 0;
        }
    }
}
