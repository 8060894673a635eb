using CityDealBot.Lifecycle;

namespace CityDealBot.Tests.Lifecycle;

public sealed class DutchMatchingTests
{
    [Theory]
    [InlineData("betrokken", "betrokkenheid")]
    [InlineData("betrokken", "betrokkene")]
    [InlineData("partners", "partner")]
    [InlineData("houden", "houd")]
    [InlineData("gemeenten", "gemeente")]
    [InlineData("samenwerking", "samenwerken")]
    [InlineData("Borging", "borgen")]
    public void Inflected_forms_share_a_stem(string a, string b) =>
        Assert.Equal(DutchMatching.Stem(DutchMatching.Fold(a)), DutchMatching.Stem(DutchMatching.Fold(b)));

    [Theory]
    [InlineData("partner", "borging")]
    [InlineData("houden", "huren")]
    public void Different_words_keep_different_stems(string a, string b) =>
        Assert.NotEqual(DutchMatching.Stem(a), DutchMatching.Stem(b));

    [Fact]
    public void Diacritics_and_case_are_folded() => Assert.Equal("ideeen", DutchMatching.Fold("Ideeën"));

    [Fact]
    public void Common_words_are_not_searched() => Assert.Equal(["partner", "betrok", "houd"], DutchMatching.Stems("de partners betrokken houden"));

    [Fact]
    public void A_text_that_misses_most_of_the_query_does_not_match()
    {
        var query = DutchMatching.Stems("partners betrokken houden");
        Assert.True(LessonRanking.Score(query, DutchMatching.Stems("Houd je partners betrokken met een vaste ritme").ToHashSet()) >= 3);
        Assert.True(LessonRanking.Score(query, DutchMatching.Stems("De betrokkenheid van partners zakte weg").ToHashSet()) >= 2);
        Assert.Equal(0, LessonRanking.Score(query, DutchMatching.Stems("Het budget voor de evaluatie was te klein").ToHashSet()));
    }

    [Fact]
    public void Words_that_differ_in_more_than_a_suffix_still_meet_through_trigrams()
    {
        // "betrekken" and "betrokken" share no stem, but most of their letters.
        var score = LessonRanking.Score(["betrek"], DutchMatching.Stems("partners bleven betrokken").ToHashSet());
        Assert.InRange(score, 0.35, 0.99);
    }
}
