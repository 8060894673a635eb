using CityDealBot.Pairing;
using CityDealBot.Speeddates;
using static CityDealBot.Tests.Pairing.PairingTestInstances;

namespace CityDealBot.Tests.Pairing;

/// <summary>Trio mode (group size 3): tables of 3 and 2 only, as many trios as possible, the engine's guarantees kept.</summary>
public class TrioPlanTests
{
    [Theory]
    [InlineData(2, 0, 1)]
    [InlineData(3, 1, 0)]
    [InlineData(4, 0, 2)]
    [InlineData(5, 1, 1)]
    [InlineData(7, 1, 2)]
    [InlineData(16, 4, 2)]
    [InlineData(17, 5, 1)]
    [InlineData(18, 6, 0)]
    [InlineData(61, 19, 2)]
    public void Trio_mode_seats_as_many_trios_as_possible_and_never_four(int n, int trios, int pairs)
    {
        var sizes = SpeeddatePlanner.TableSizes(n, 3);

        Assert.Equal(trios, sizes.Count(s => s == 3));
        Assert.Equal(pairs, sizes.Count(s => s == 2));
        Assert.Equal(trios + pairs, sizes.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Seventeen_people_in_trios_over_three_rounds_sit_at_tables_of_three_and_two_with_no_repeat(int seed)
    {
        var request = Random(17, 3, 3, 0.1, seed);
        var plan = SpeeddatePlanner.Plan(request);

        Assert.Equal(3, plan.Rounds.Count);
        foreach (var round in plan.Rounds)
        {
            Assert.Equal([2, 3, 3, 3, 3, 3], round.Groups.Select(g => g.Members.Count).Order());
            Assert.Equal(request.Participants.Select(p => p.Id).Order(), round.Groups.SelectMany(g => g.Members).Order());
            // The question of each table (the session's question assignment) differs from every other table's.
            var questions = Enumerable.Range(1, round.Groups.Count).Select(t => SpeeddateSessionMath.QuestionFor(seed, round.Number, t)).ToList();
            Assert.Equal(round.Groups.Count, questions.Distinct().Count());
        }

        Assert.All(PairCounts(plan.Rounds), pair => Assert.Equal(1, pair.Value));
        // Three pair tables of two seats each over three rounds: 6 seats for 17 people, so nobody needs to sit there twice.
        var pairSeats = plan.Rounds.SelectMany(r => r.Groups).Where(g => g.Members.Count == 2).SelectMany(g => g.Members).CountBy(id => id);
        Assert.All(pairSeats, seat => Assert.Equal(1, seat.Value));
        Assert.True(plan.Score.IsValid, string.Join("; ", plan.Score.Problems));
        Assert.Equal(0, plan.Score.InSessionRepeats);
        Assert.Equal(0, plan.Score.RepeatedTrioSeats);
    }

    [Theory]
    [InlineData(16, 4, 11)]
    [InlineData(22, 5, 12)]
    [InlineData(25, 6, 13)]
    [InlineData(40, 6, 14)]
    public void Nobody_sits_at_a_pair_table_twice_while_the_pair_seats_go_round(int n, int rounds, int seed)
    {
        var request = Random(n, rounds, 3, 0.1, seed);
        var plan = SpeeddatePlanner.Plan(request);

        var pairSeatsPerRound = SpeeddatePlanner.TableSizes(n, 3).Count(s => s == 2) * 2;
        Assert.True(pairSeatsPerRound * rounds <= n, "the instance must leave room to rotate the pair seats");
        var pairSeats = plan.Rounds.SelectMany(r => r.Groups).Where(g => g.Members.Count == 2).SelectMany(g => g.Members).CountBy(id => id);
        Assert.All(pairSeats, seat => Assert.Equal(1, seat.Value));
        Assert.Equal(0, plan.Score.InSessionRepeats);
    }

    [Theory]
    [InlineData(8, 2, 0.6, 21)]
    [InlineData(8, 3, 0.5, 22)]
    [InlineData(10, 2, 0.65, 23)]
    [InlineData(11, 2, 0.6, 24)]
    public void Trio_plans_with_a_dense_history_repeat_no_more_than_the_proven_optimum(int n, int rounds, double history, int seed)
    {
        var request = Random(n, rounds, 3, history, seed) with { MoveBudget = 2_000_000 };
        var met = request.History.Select(h => Ordered(h.PersonA, h.PersonB)).ToHashSet();
        var (status, optimum) = ExactReference.FewestTrioHistoryRepeats(
            SpeeddatePlanner.TableSizes(n, 3), rounds, (a, b) => met.Contains(Ordered(Id(a), Id(b))), seconds: 60);
        Assert.Equal(Google.OrTools.Sat.CpSolverStatus.Optimal, status);
        Assert.True(optimum > 0, "the history must force repeats for this test to say something");

        var plan = SpeeddatePlanner.Plan(request);

        Assert.True(plan.Score.IsValid, string.Join("; ", plan.Score.Problems));
        Assert.Equal(0, plan.Score.InSessionRepeats);
        Assert.Equal(optimum, plan.Score.HistoryRepeats);
        Assert.InRange(plan.Bounds.HistoryRepeats, 0, optimum);
    }

    [Fact]
    public void The_checker_scores_a_hand_made_trio_plan_on_its_own()
    {
        // Five people in trio mode: one trio and one pair per round. d and e share the pair table twice,
        // and a–b meet in both rounds.
        SpeeddateParticipant[] people =
        [
            new("a", "deal1", "utrecht", "municipality"),
            new("b", "deal1", "bzk", "ministry"),
            new("c", "deal2", "uu", "knowledge"),
            new("d", "deal2", "amersfoort", "municipality"),
            new("e", "deal3", "tno", "knowledge"),
        ];
        var request = new SpeeddateRequest { Participants = people, Rounds = 2, GroupSize = 3 };
        SpeeddateRound[] rounds =
        [
            new(1, [new(["a", "b", "c"]), new(["d", "e"])]),
            new(2, [new(["a", "b", "d"]), new(["c", "e"])]),
        ];

        var score = SpeeddatePlanChecker.Score(request, rounds);

        Assert.True(score.IsValid, string.Join("; ", score.Problems));
        Assert.Equal(8, score.TotalPairs);
        Assert.Equal(1, score.InSessionRepeats);        // a–b twice
        Assert.Equal(1, score.RepeatedTrioSeats);       // e at the pair table in both rounds
        Assert.Equal(2, score.SameDealPairs);           // a–b (deal1) in both rounds
        Assert.Equal(2, score.SameTypePairs);           // a–d municipality, c–e knowledge
    }

    [Fact]
    public void The_checker_rejects_a_table_of_four_in_trio_mode()
    {
        var request = Random(8, 1, 3, 0, 1);
        var ids = request.Participants.Select(p => p.Id).ToList();
        SpeeddateRound[] fours = [new(1, [new(ids[..4]), new(ids[4..])])];

        var score = SpeeddatePlanChecker.Score(request, fours);

        Assert.False(score.IsValid);
        Assert.Contains(score.Problems, p => p.Contains("group sizes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(18, 0, 1, 31)]
    [InlineData(18, 0, 2, 32)]
    [InlineData(17, 1, 2, 33)]
    [InlineData(19, 2, 0, 34)]
    public void Reseating_a_trio_round_never_makes_a_table_of_four(int n, int noShowCount, int latecomerCount, int seed)
    {
        var request = Random(n, 3, 3, 0.1, seed);
        var plan = SpeeddatePlanner.Plan(request);
        var noShows = request.Participants.Select(p => p.Id).Take(noShowCount).ToList();
        var latecomers = Enumerable.Range(0, latecomerCount).Select(i => new SpeeddateParticipant("late" + i, "deal9", "org-late" + i, "company")).ToList();

        var replan = SpeeddateReplanner.Replan(request, plan.Rounds, 1, noShows, latecomers);

        Assert.All(replan.Round.Groups, g => Assert.InRange(g.Members.Count, 2, 3));
        var expected = request.Participants.Select(p => p.Id).Except(noShows).Concat(latecomers.Select(l => l.Id));
        Assert.Equal(expected.Order(), replan.Round.Groups.SelectMany(g => g.Members).Order());
        Assert.Equal(0, replan.AddedRepeats);
    }
}
