using CityDealBot.Pairing;
using static CityDealBot.Tests.Pairing.PairingTestInstances;

namespace CityDealBot.Tests.Pairing;

public class SpeeddatePlannerTests
{
    public static TheoryData<int, int, int, double, int> Sessions()
    {
        var data = new TheoryData<int, int, int, double, int>();
        int[] sizes = [2, 3, 4];
        var seed = 1;
        foreach (var n in new[] { 2, 3, 5, 8, 11, 16, 25, 40, 61 })
        {
            foreach (var s in sizes)
            {
                if (n < s) continue;
                data.Add(n, Math.Min(4, Math.Max(1, (n - 1) / (2 * s))), s, n < 20 ? 0.1 : 0.2, seed++);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sessions))]
    public void Every_person_sits_in_exactly_one_group_of_the_expected_sizes_each_round(int n, int rounds, int groupSize, double history, int seed)
    {
        var request = Random(n, rounds, groupSize, history, seed);
        var plan = SpeeddatePlanner.Plan(request);

        Assert.Equal(rounds, plan.Rounds.Count);
        foreach (var round in plan.Rounds)
        {
            var everyone = round.Groups.SelectMany(g => g.Members).ToList();
            Assert.Equal(n, everyone.Count);
            Assert.Equal(request.Participants.Select(p => p.Id).Order(), everyone.Order());
            var sizes = round.Groups.Select(g => g.Members.Count).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, "table sizes differ by more than one seat");
            Assert.All(sizes, size => Assert.InRange(size, groupSize == 2 ? 2 : groupSize - 1, groupSize + 1));
            if (groupSize == 2) Assert.True(sizes.Count(size => size == 3) == n % 2, "pairs with exactly one trio when odd");
        }

        Assert.True(plan.Score.IsValid, string.Join("; ", plan.Score.Problems));
    }

    [Theory]
    [MemberData(nameof(Sessions))]
    public void Nobody_meets_twice_in_a_session_when_rounds_leave_room(int n, int rounds, int groupSize, double history, int seed)
    {
        var request = Random(n, rounds, groupSize, history, seed);
        var plan = SpeeddatePlanner.Plan(request);

        Assert.All(PairCounts(plan.Rounds), pair => Assert.Equal(1, pair.Value));
        Assert.Equal(0, plan.Score.InSessionRepeats);
    }

    [Theory]
    [MemberData(nameof(Sessions))]
    public void Achieved_metrics_never_beat_the_lower_bounds(int n, int rounds, int groupSize, double history, int seed)
    {
        var plan = SpeeddatePlanner.Plan(Random(n, rounds, groupSize, history + 0.3, seed));

        Assert.True(plan.Score.HistoryRepeats >= plan.Bounds.HistoryRepeats);
        Assert.True(plan.Score.SameOrganisationPairs >= plan.Bounds.SameOrganisationPairs);
        Assert.True(plan.Score.SameDealPairs >= plan.Bounds.SameDealPairs);
        Assert.True(plan.Score.SameTypePairs >= plan.Bounds.SameTypePairs);
        Assert.True(plan.Score.RepeatedTrioSeats >= plan.Bounds.RepeatedTrioSeats);
        // The ordered bounds speak about plans that meet the bounds ranked above them (default order: org, deal, type).
        var repeatsAtBound = plan.Score.InSessionRepeats == 0 && plan.Score.HistoryRepeats == plan.Bounds.HistoryRepeats;
        Assert.True(!repeatsAtBound || plan.Score.SameOrganisationPairs >= plan.Bounds.OrderedSameOrganisationPairs);
        var orgAtBound = repeatsAtBound && plan.Score.SameOrganisationPairs == plan.Bounds.OrderedSameOrganisationPairs;
        Assert.True(!orgAtBound || plan.Score.SameDealPairs >= plan.Bounds.OrderedSameDealPairs);
        var dealAtBound = orgAtBound && plan.Score.SameDealPairs == plan.Bounds.OrderedSameDealPairs;
        Assert.True(!dealAtBound || plan.Score.SameTypePairs >= plan.Bounds.OrderedSameTypePairs);
        Assert.Equal(plan.Bounds.TotalPairs, plan.Score.TotalPairs);
        Assert.True(plan.RepeatGap >= 0);
    }

    [Theory]
    [InlineData(12, 3, 0)]
    [InlineData(20, 4, 1)]
    [InlineData(31, 5, 2)]
    [InlineData(60, 3, 3)]
    public void Forbidden_pairs_never_meet_and_required_pairs_do(int n, int rounds, int seed)
    {
        var request = Random(n, rounds, 2, 0.1, seed, forbidden: n / 2, required: 2);
        var plan = SpeeddatePlanner.Plan(request);
        var met = PairCounts(plan.Rounds);

        Assert.All(request.ForbiddenPairs, p => Assert.False(met.ContainsKey(Ordered(p.PersonA, p.PersonB))));
        Assert.All(request.RequiredPairs, p => Assert.True(met.ContainsKey(Ordered(p.PersonA, p.PersonB))));
        Assert.Equal(0, plan.Score.ForbiddenViolations);
        Assert.Equal(0, plan.Score.RequiredMissing);
    }

    [Theory]
    [InlineData(24, 3, 2, 7)]
    [InlineData(25, 4, 2, 8)]
    [InlineData(33, 3, 3, 9)]
    [InlineData(150, 3, 2, 10)]
    public void Same_seed_gives_the_same_plan(int n, int rounds, int groupSize, int seed)
    {
        var request = Random(n, rounds, groupSize, 0.15, seed);
        var first = SpeeddatePlanner.Plan(request).AsIdLists();
        var second = SpeeddatePlanner.Plan(request).AsIdLists();

        Assert.Equal(Flatten(first), Flatten(second));
    }

    [Fact]
    public void Full_round_robin_of_pairs_has_no_repeat()
    {
        var request = Random(16, 15, 2, 0, 3) with { History = [] };
        var plan = SpeeddatePlanner.Plan(request);

        Assert.Equal(0, plan.Score.InSessionRepeats);
        Assert.Equal(15, plan.Score.MinNewContacts);
        Assert.Equal(0, plan.Score.NewContactSpread);
    }

    [Fact]
    public void Reports_repeats_as_unavoidable_when_everyone_already_met()
    {
        var request = Random(10, 2, 2, 1.0, 4);
        var plan = SpeeddatePlanner.Plan(request);

        Assert.Equal(10, plan.UnavoidableRepeats);
        Assert.Equal(10, plan.Score.HistoryRepeats);
        Assert.Equal(0, plan.RepeatGap);
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(6, 3)]
    [InlineData(9, 2)]
    [InlineData(20, 4)]
    public void Someone_who_met_everyone_costs_one_repeat_per_round_and_no_more(int n, int rounds)
    {
        var people = Enumerable.Range(0, n).Select(i => new SpeeddateParticipant(Id(i), "d" + i, "o" + i, "t" + i)).ToList();
        var history = Enumerable.Range(1, n - 1).Select(i => new PastMeeting(Id(0), Id(i), 1, new DateOnly(2025, 6, 1))).ToList();
        var plan = SpeeddatePlanner.Plan(new SpeeddateRequest { Participants = people, History = history, Rounds = rounds });

        // Person 0 sits with at least one earlier contact every round (two in the trio), everyone else can meet new people.
        var trioExtra = plan.Rounds.Count(r => r.Groups.Any(g => g.Members.Count == 3 && g.Members.Contains(Id(0))));
        Assert.Equal(rounds + trioExtra, plan.Score.HistoryRepeats);
        Assert.Equal(0, trioExtra);
        Assert.InRange(plan.Bounds.HistoryRepeats, 1, rounds);
    }

    [Fact]
    public void Forced_repeats_prefer_the_oldest_meeting()
    {
        // Everyone met; pairs (0,1) and (2,3) long ago, the others recently: round one should use the old pairs.
        var people = Enumerable.Range(0, 4).Select(i => new SpeeddateParticipant(Id(i), "d" + i, "o" + i, "t" + i)).ToList();
        var old = new DateOnly(2024, 1, 1);
        var recent = new DateOnly(2026, 1, 1);
        var request = new SpeeddateRequest
        {
            Participants = people,
            Rounds = 1,
            History =
            [
                new PastMeeting(Id(0), Id(1), 1, old), new PastMeeting(Id(2), Id(3), 1, old),
                new PastMeeting(Id(0), Id(2), 1, recent), new PastMeeting(Id(1), Id(3), 1, recent),
                new PastMeeting(Id(0), Id(3), 1, recent), new PastMeeting(Id(1), Id(2), 1, recent),
            ],
        };
        var pairs = PairCounts(SpeeddatePlanner.Plan(request).Rounds).Keys.ToHashSet();

        Assert.Equal(new HashSet<(string, string)> { Ordered(Id(0), Id(1)), Ordered(Id(2), Id(3)) }, pairs);
    }

    [Theory]
    [InlineData(PairingCriterion.DifferentOrganisation)]
    [InlineData(PairingCriterion.DifferentDeal)]
    [InlineData(PairingCriterion.DifferentOrganisationType)]
    public void The_criterion_put_first_wins_a_conflict(PairingCriterion first)
    {
        // Four people: A and B share deal, C and D share deal; A/C share organisation, B/D share it; A/D share type, B/C share it.
        // Each perfect matching violates exactly one criterion, so the first one must be the one kept clean.
        var people = new List<SpeeddateParticipant>
        {
            new("A", "d1", "o1", "t1"), new("B", "d1", "o2", "t2"), new("C", "d2", "o1", "t2"), new("D", "d2", "o2", "t1"),
        };
        var order = new List<PairingCriterion> { first };
        order.AddRange(SpeeddateRequest.DefaultCriteriaOrder.Where(c => c != first));
        var plan = SpeeddatePlanner.Plan(new SpeeddateRequest { Participants = people, Rounds = 1, CriteriaOrder = order });

        var score = plan.Score;
        var violated = first switch
        {
            PairingCriterion.DifferentOrganisation => score.SameOrganisationPairs,
            PairingCriterion.DifferentDeal => score.SameDealPairs,
            _ => score.SameTypePairs,
        };
        Assert.Equal(0, violated);
        Assert.Equal(2, score.SameOrganisationPairs + score.SameDealPairs + score.SameTypePairs);
    }

    [Fact]
    public void Nobody_sits_in_the_trio_twice_while_there_is_room()
    {
        // 15 people, 5 rounds: 15 trio seats, so everyone can be in the trio exactly once and meet 6 new people.
        var request = Random(15, 5, 2, 0, 11) with
        {
            CriteriaOrder = [PairingCriterion.NoRepeatedTrio, PairingCriterion.DifferentOrganisation, PairingCriterion.DifferentDeal, PairingCriterion.DifferentOrganisationType],
        };
        var plan = SpeeddatePlanner.Plan(request);

        Assert.Equal(0, plan.Score.RepeatedTrioSeats);
        Assert.Equal(6, plan.Score.MinNewContacts);
        Assert.Equal(0, plan.Score.NewContactSpread);
    }

    [Fact]
    public void Rejects_a_criteria_order_that_is_not_a_permutation()
    {
        var request = Random(6, 1, 2, 0, 1) with { CriteriaOrder = [PairingCriterion.DifferentDeal, PairingCriterion.DifferentDeal, PairingCriterion.NoRepeatedTrio, PairingCriterion.DifferentOrganisation] };

        Assert.Throws<ArgumentException>(() => SpeeddatePlanner.Plan(request));
    }

    private static List<string> Flatten(IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> rounds) =>
        rounds.SelectMany((r, i) => r.Select(g => $"{i}:{string.Join(",", g)}")).ToList();
}
