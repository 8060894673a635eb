using CityDealBot.Speeddates;

namespace CityDealBot.Tests.Speeddates;

/// <summary>Which question each table gets, from a session's copy of its deck: the rules in order of importance.</summary>
public class SessionQuestionsTests
{
    private static List<IReadOnlyList<string>> Tables(int count, int round) =>
        [.. Enumerable.Range(0, count).Select(t => (IReadOnlyList<string>)[$"r{round}t{t}a", $"r{round}t{t}b"])];

    [Theory]
    [InlineData(6, 3, 18)]
    [InlineData(6, 3, 40)]
    [InlineData(5, 6, 30)]
    public void A_deck_of_tables_times_rounds_asks_no_question_twice(int tables, int rounds, int deck)
    {
        var (_, questions) = Play(tables, rounds, deck, seed: 12345);
        var all = questions.SelectMany(q => q).ToList();
        Assert.Equal(tables * rounds, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void With_tables_plus_rounds_minus_one_questions_a_round_has_no_double_and_no_table_hears_a_question_again()
    {
        var (_, questions) = Play(tables: 6, rounds: 3, deck: 8, seed: 7);
        Assert.All(questions, round => Assert.Equal(round.Count, round.Distinct().Count()));
        for (var t = 0; t < 6; t++)
        {
            var byTable = questions.Select(r => r[t]).ToList();
            Assert.Equal(byTable.Count, byTable.Distinct().Count());
        }
    }

    [Fact]
    public void A_person_who_heard_a_question_at_another_table_does_not_get_it_again_when_another_is_free()
    {
        // Round 1 has one table: a and b hear question 0. In round 2 a sits at table 1, which has not had a question yet:
        // a gets another one, though table 1 itself would not mind question 0.
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> earlier = [[["a", "b"]]];
        IReadOnlyList<IReadOnlyList<int>> asked = [[0]];
        var next = SessionQuestions.AssignRound(3, [["c", "e"], ["a", "f"]], earlier, asked, seed: 0);
        Assert.NotEqual(0, next[0]);
        Assert.NotEqual(0, next[1]);
        Assert.NotEqual(next[0], next[1]);
    }

    [Fact]
    public void Fewer_questions_than_tables_are_reused_as_evenly_as_possible()
    {
        var round = SessionQuestions.AssignRound(3, Tables(7, 1), [], [], seed: 99);
        Assert.Equal([2, 2, 3], round.GroupBy(q => q).Select(g => g.Count()).Order());
        Assert.All(round, q => Assert.InRange(q, 0, 2));
    }

    [Fact]
    public void The_seed_changes_which_questions_open_the_session()
    {
        var openings = Enumerable.Range(0, 10).Select(seed => SessionQuestions.AssignRound(20, Tables(1, 1), [], [], seed)[0]).Distinct().Count();
        Assert.True(openings > 1, "every seed opened with the same question");
    }

    private static (List<IReadOnlyList<IReadOnlyList<string>>> Groups, List<IReadOnlyList<int>> Questions) Play(int tables, int rounds, int deck, int seed)
    {
        var groups = new List<IReadOnlyList<IReadOnlyList<string>>>();
        var questions = new List<IReadOnlyList<int>>();
        for (var r = 1; r <= rounds; r++)
        {
            var round = Tables(tables, r);
            questions.Add(SessionQuestions.AssignRound(deck, round, groups, questions, seed + r));
            groups.Add(round);
        }

        return (groups, questions);
    }
}
