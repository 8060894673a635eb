using CityDealBot.Pairing;
using static CityDealBot.Tests.Pairing.PairingTestInstances;

namespace CityDealBot.Tests.Pairing;

public class SpeeddateReplannerTests
{
    public static TheoryData<int, int, int, int, int> Disruptions()
    {
        var data = new TheoryData<int, int, int, int, int>();
        var seed = 100;
        foreach (var (n, s) in new[] { (24, 2), (25, 2), (60, 2), (61, 2), (30, 3), (40, 4) })
        {
            foreach (var (noShows, latecomers) in new[] { (1, 0), (0, 1), (2, 0), (3, 2), (1, 3), (5, 0) })
            {
                data.Add(n, s, noShows, latecomers, seed++);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Disruptions))]
    public void Changes_at_most_two_groups_per_disruption_and_adds_no_repeat(int n, int groupSize, int noShowCount, int latecomerCount, int seed)
    {
        var request = Random(n, 3, groupSize, 0.15, seed);
        var plan = SpeeddatePlanner.Plan(request);
        var random = new Random(seed);
        var noShows = request.Participants.Select(p => p.Id).OrderBy(_ => random.Next()).Take(noShowCount).ToList();
        var latecomers = Enumerable.Range(0, latecomerCount)
            .Select(i => new SpeeddateParticipant("late" + i, "deal" + random.Next(5), "org-late" + i, "company"))
            .ToList();
        var roundIndex = seed % 3;

        var replan = SpeeddateReplanner.Replan(request, plan.Rounds, roundIndex, noShows, latecomers);

        var k = noShowCount + latecomerCount;
        var everyone = replan.Round.Groups.SelectMany(g => g.Members).ToList();
        var expected = request.Participants.Select(p => p.Id).Except(noShows).Concat(latecomers.Select(l => l.Id));
        Assert.Equal(expected.Order(), everyone.Order());
        Assert.InRange(CountChangedGroups(plan.Rounds[roundIndex], replan.Round), 1, 2 * k);
        Assert.Equal(CountChangedGroups(plan.Rounds[roundIndex], replan.Round), replan.ChangedGroups);
        Assert.All(replan.Round.Groups, g => Assert.InRange(g.Members.Count, 2, groupSize + 1));

        // No pair in the repaired round met before, in an earlier session or another round of this one.
        var earlier = request.History.Select(h => Ordered(h.PersonA, h.PersonB)).ToHashSet();
        var otherRounds = PairCounts(plan.Rounds.Where((_, r) => r != roundIndex)).Keys;
        earlier.UnionWith(otherRounds);
        var repaired = PairCounts([replan.Round]).Keys;
        var planned = PairCounts([plan.Rounds[roundIndex]]).Keys.ToHashSet();
        var newRepeats = repaired.Where(p => !planned.Contains(p) && earlier.Contains(p)).ToList();
        Assert.Empty(newRepeats);
        Assert.Equal(0, replan.AddedRepeats);
    }

    [Fact]
    public void Nothing_changes_without_disruption()
    {
        var request = Random(20, 2, 2, 0.1, 5);
        var plan = SpeeddatePlanner.Plan(request);

        var replan = SpeeddateReplanner.Replan(request, plan.Rounds, 0, [], []);

        Assert.Equal(0, replan.ChangedGroups);
        Assert.Equal(plan.Rounds[0].Groups.Select(g => string.Join(",", g.Members)), replan.Round.Groups.Select(g => string.Join(",", g.Members)));
    }

    [Fact]
    public void Two_people_left_alone_are_paired_together_when_they_never_met()
    {
        var people = Enumerable.Range(0, 8).Select(i => new SpeeddateParticipant(Id(i), "d" + i, "o" + i, "t" + i)).ToList();
        var request = new SpeeddateRequest { Participants = people, Rounds = 1 };
        var round = new SpeeddateRound(1, [new([Id(0), Id(1)]), new([Id(2), Id(3)]), new([Id(4), Id(5)]), new([Id(6), Id(7)])]);

        var replan = SpeeddateReplanner.Replan(request, [round], 0, [Id(0), Id(2)], []);

        Assert.Contains(replan.Round.Groups, g => g.Members.Order().SequenceEqual(new[] { Id(1), Id(3) }));
        Assert.Equal(2, replan.ChangedGroups);
    }

    private static int CountChangedGroups(SpeeddateRound before, SpeeddateRound after)
    {
        var oldGroups = before.Groups.Select(g => string.Join(",", g.Members.Order())).ToHashSet();
        var newGroups = after.Groups.Select(g => string.Join(",", g.Members.Order())).ToHashSet();
        return Math.Max(oldGroups.Except(newGroups).Count(), newGroups.Except(oldGroups).Count());
    }
}
