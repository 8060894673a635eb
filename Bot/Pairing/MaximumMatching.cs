namespace CityDealBot.Pairing;

/// <summary>
/// Maximum-cardinality matching in a general graph (Edmonds' blossom algorithm, O(V³)). Greedy matchings
/// miss augmenting paths, which is exactly how current coffee bots create avoidable repeats.
/// </summary>
public static class MaximumMatching
{
    /// <summary>Returns mate[v] (−1 when unmatched) for an undirected graph given as adjacency lists.</summary>
    public static int[] Find(IReadOnlyList<IReadOnlyList<int>> adjacency)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        var n = adjacency.Count;
        var match = new int[n];
        Array.Fill(match, -1);
        for (var v = 0; v < n; v++)
        {
            if (match[v] != -1) continue;
            foreach (var w in adjacency[v])
            {
                if (match[w] == -1 && w != v)
                {
                    match[v] = w;
                    match[w] = v;
                    break;
                }
            }
        }

        var search = new BlossomSearch(adjacency, match);
        for (var v = 0; v < n; v++)
        {
            if (match[v] != -1) continue;
            var end = search.FindAugmentingPath(v);
            while (end != -1)
            {
                var parentOfEnd = search.Parent[end];
                var next = match[parentOfEnd];
                match[end] = parentOfEnd;
                match[parentOfEnd] = end;
                end = next;
            }
        }

        return match;
    }

    /// <summary>Size of a maximum matching.</summary>
    public static int Size(IReadOnlyList<IReadOnlyList<int>> adjacency) => Find(adjacency).Count(m => m >= 0) / 2;

    private sealed class BlossomSearch(IReadOnlyList<IReadOnlyList<int>> adjacency, int[] match)
    {
        private readonly int _n = adjacency.Count;
        private readonly int[] _base = new int[adjacency.Count];
        private readonly bool[] _used = new bool[adjacency.Count];
        private readonly bool[] _inBlossom = new bool[adjacency.Count];
        private readonly int[] _queue = new int[adjacency.Count];

        public int[] Parent { get; } = new int[adjacency.Count];

        public int FindAugmentingPath(int root)
        {
            Array.Fill(_used, false);
            Array.Fill(Parent, -1);
            for (var i = 0; i < _n; i++) _base[i] = i;
            _used[root] = true;
            int head = 0, tail = 0;
            _queue[tail++] = root;
            while (head < tail)
            {
                var v = _queue[head++];
                foreach (var to in adjacency[v])
                {
                    if (to == v || _base[v] == _base[to] || match[v] == to) continue;
                    if (to == root || (match[to] != -1 && Parent[match[to]] != -1))
                    {
                        var ancestor = LowestCommonAncestor(v, to);
                        Array.Fill(_inBlossom, false);
                        MarkPath(v, ancestor, to);
                        MarkPath(to, ancestor, v);
                        for (var i = 0; i < _n; i++)
                        {
                            if (!_inBlossom[_base[i]]) continue;
                            _base[i] = ancestor;
                            if (!_used[i])
                            {
                                _used[i] = true;
                                _queue[tail++] = i;
                            }
                        }
                    }
                    else if (Parent[to] == -1)
                    {
                        Parent[to] = v;
                        if (match[to] == -1) return to;
                        _used[match[to]] = true;
                        _queue[tail++] = match[to];
                    }
                }
            }

            return -1;
        }

        private int LowestCommonAncestor(int a, int b)
        {
            var seen = new bool[_n];
            while (true)
            {
                a = _base[a];
                seen[a] = true;
                if (match[a] == -1) break;
                a = Parent[match[a]];
            }

            while (true)
            {
                b = _base[b];
                if (seen[b]) return b;
                b = Parent[match[b]];
            }
        }

        private void MarkPath(int v, int ancestor, int child)
        {
            while (_base[v] != ancestor)
            {
                _inBlossom[_base[v]] = true;
                _inBlossom[_base[match[v]]] = true;
                Parent[v] = child;
                child = match[v];
                v = Parent[match[v]];
            }
        }
    }
}
