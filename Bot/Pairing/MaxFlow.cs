namespace CityDealBot.Pairing;

/// <summary>Dinic's maximum flow on integer capacities; used for the unavoidable-repeat bound.</summary>
internal sealed class MaxFlow
{
    private readonly List<int>[] _adjacency;
    private readonly List<int> _to = [];
    private readonly List<long> _capacity = [];
    private int[] _level = [];
    private int[] _next = [];

    public MaxFlow(int nodes)
    {
        _adjacency = new List<int>[nodes];
        for (var i = 0; i < nodes; i++) _adjacency[i] = [];
    }

    public void AddEdge(int from, int to, long capacity)
    {
        if (capacity <= 0) return;
        _adjacency[from].Add(_to.Count);
        _to.Add(to);
        _capacity.Add(capacity);
        _adjacency[to].Add(_to.Count);
        _to.Add(from);
        _capacity.Add(0);
    }

    public long Run(int source, int sink)
    {
        var nodes = _adjacency.Length;
        _level = new int[nodes];
        _next = new int[nodes];
        var adjacency = _adjacency.Select(a => a.ToArray()).ToArray();
        var to = _to.ToArray();
        var capacity = _capacity.ToArray();
        long flow = 0;
        var queue = new int[nodes];
        while (true)
        {
            Array.Fill(_level, -1);
            _level[source] = 0;
            int head = 0, tail = 0;
            queue[tail++] = source;
            while (head < tail)
            {
                var v = queue[head++];
                foreach (var e in adjacency[v])
                {
                    if (capacity[e] > 0 && _level[to[e]] < 0)
                    {
                        _level[to[e]] = _level[v] + 1;
                        queue[tail++] = to[e];
                    }
                }
            }

            if (_level[sink] < 0) return flow;
            Array.Clear(_next);
            long pushed;
            while ((pushed = Push(adjacency, to, capacity, source, sink, long.MaxValue)) > 0) flow += pushed;
        }
    }

    private long Push(int[][] adjacency, int[] to, long[] capacity, int v, int sink, long limit)
    {
        if (v == sink) return limit;
        var edges = adjacency[v];
        for (; _next[v] < edges.Length; _next[v]++)
        {
            var e = edges[_next[v]];
            var w = to[e];
            if (capacity[e] <= 0 || _level[w] != _level[v] + 1) continue;
            var pushed = Push(adjacency, to, capacity, w, sink, Math.Min(limit, capacity[e]));
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
