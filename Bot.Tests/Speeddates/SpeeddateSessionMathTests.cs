using CityDealBot.Speeddates;

using CityDealBot.Cards.Localization;

namespace CityDealBot.Tests.Speeddates;

public class SpeeddateSessionMathTests
{
    [Theory]
    [InlineData("", 3, 8)]
    [InlineData("4", 4, 8)]
    [InlineData("3 8", 3, 8)]
    [InlineData("1 3", 1, 3)]
    [InlineData("6 30", 6, 30)]
    [InlineData("  2   10 ", 2, 10)]
    public void Valid_arguments(string arguments, int rounds, int minutes) =>
        Assert.Equal((rounds, minutes), SpeeddateSessionMath.ParseArguments(arguments));

    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("3 2")]
    [InlineData("3 31")]
    [InlineData("-1 5")]
    [InlineData("three")]
    [InlineData("3 8 9")]
    [InlineData("3,5 8")]
    [InlineData("99999999999 8")]
    public void Invalid_arguments(string arguments) => Assert.Null(SpeeddateSessionMath.ParseArguments(arguments));

    [Theory]
    [InlineData("drietallen", 3)]
    [InlineData("Drietal", 3)]
    [InlineData("trio", 3)]
    [InlineData("TRIOS", 3)]
    [InlineData("tweetallen", 2)]
    [InlineData("paren", 2)]
    [InlineData("duo", 2)]
    [InlineData("pairs", 2)]
    public void Group_size_words_in_Dutch_and_English(string word, int size) => Assert.Equal(size, SpeeddateSessionMath.GroupSizeWord(word));

    [Theory]
    [InlineData("online")]
    [InlineData("3")]
    [InlineData("kwartet")]
    [InlineData("")]
    public void Other_words_name_no_group_size(string word) => Assert.Null(SpeeddateSessionMath.GroupSizeWord(word));

    [Theory]
    [InlineData(3, 3)]
    [InlineData(2, 2)]
    [InlineData(0, 2)]
    [InlineData(4, 2)]
    [InlineData(-3, 2)]
    public void A_stored_group_size_is_pairs_unless_it_says_trios(int stored, int used) => Assert.Equal(used, SpeeddateSessionMath.NormaliseGroupSize(stored));

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Tables_of_one_round_get_different_questions_and_a_table_changes_question_each_round(int seed)
    {
        for (var round = 1; round <= 6; round++)
        {
            var questions = Enumerable.Range(1, ConversationQuestions.Count).Select(t => SpeeddateSessionMath.QuestionFor(seed, round, t)).ToList();
            Assert.Equal(ConversationQuestions.Count, questions.Distinct().Count());
            Assert.All(questions, q => Assert.InRange(q, 1, ConversationQuestions.Count));
            if (round > 1)
            {
                Assert.NotEqual(SpeeddateSessionMath.QuestionFor(seed, round - 1, 1), questions[0]);
            }
        }
    }

    [Fact]
    public void Chat_link_lists_every_address_and_the_topic()
    {
        var link = SpeeddateSessionMath.GroupChatLink(["anne@utrecht.nl", "bram@minbzk.nl"], "Speeddate ronde 1");
        Assert.Equal("https://teams.microsoft.com/l/chat/0/0?users=anne%40utrecht.nl,bram%40minbzk.nl&topicName=Speeddate%20ronde%201", link);
    }

    [Theory]
    [InlineData("anne@utrecht.nl|")]
    [InlineData("anne@utrecht.nl")]
    [InlineData(" |bram@minbzk.nl|eva@tno.nl")]
    public void No_chat_link_when_an_address_is_missing(string addresses) =>
        Assert.Null(SpeeddateSessionMath.GroupChatLink(addresses.Split('|'), "t"));

    [Fact]
    public void A_comma_in_an_address_cannot_add_someone_to_the_chat()
    {
        var link = SpeeddateSessionMath.GroupChatLink(["anne@utrecht.nl,evil@x.nl", "bram@minbzk.nl"], "t&users=x")!;
        Assert.Equal(2, link.Split('?')[1].Split('&')[0].Split(',').Length);
        Assert.Single(link.Split('?')[1].Split('&'), p => p.StartsWith("users=", StringComparison.Ordinal));
    }

    [Fact]
    public void Pairs_count_each_meeting_and_a_trio_gives_three()
    {
        var pairs = SpeeddateSessionMath.Pairs(
        [
            [["a", "b"], ["c", "d", "e"]],
            [["b", "a"], ["c", "e"], ["d"]],
        ]);
        Assert.Equal(2, pairs[("a", "b")]);
        Assert.Equal(2, pairs[("c", "e")]);
        Assert.Equal(1, pairs[("c", "d")]);
        Assert.Equal(1, pairs[("d", "e")]);
        Assert.Equal(4, pairs.Count);
    }

    [Fact]
    public void New_contacts_leave_out_people_met_before()
    {
        var pairs = SpeeddateSessionMath.Pairs([[["a", "b", "c"]], [["a", "d"]]]);
        var fresh = SpeeddateSessionMath.NewContacts(pairs, ["a", "b", "c", "d", "e"], new HashSet<(string, string)> { ("a", "b") });
        Assert.Equal(2, fresh["a"]);
        Assert.Equal(1, fresh["b"]);
        Assert.Equal(2, fresh["c"]);
        Assert.Equal(1, fresh["d"]);
        Assert.Equal(0, fresh["e"]);
    }

    [Theory]
    [InlineData("x,x", 0.0)]
    [InlineData("x,y", 1.0)]
    [InlineData("X,x", 0.0)]
    public void Cross_share_compares_attributes(string deals, double expected)
    {
        var d = deals.Split(',');
        var attribute = new Dictionary<string, string> { ["a"] = d[0], ["b"] = d[1] };
        Assert.Equal(expected, SpeeddateSessionMath.CrossShare([("a", "b")], k => attribute[k]));
    }

    [Fact]
    public void Cross_share_of_no_pairs_is_one() => Assert.Equal(1.0, SpeeddateSessionMath.CrossShare([], k => k));

    [Theory]
    [InlineData("Municipality", true)]
    [InlineData("KnowledgeInstitute", true)]
    [InlineData("municipality", false)]
    [InlineData("3", false)]
    [InlineData("", false)]
    [InlineData("Pirate", false)]
    public void Organisation_types(string value, bool valid) => Assert.Equal(valid, SpeeddateSessionMath.IsOrganisationType(value));
}
