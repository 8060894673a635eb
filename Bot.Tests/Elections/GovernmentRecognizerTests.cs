using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

public class GovernmentRecognizerTests
{
    [Theory]
    [InlineData("Gemeente Utrecht", null, GovernmentKind.Municipality, "Utrecht", SuggestionConfidence.Certain)]
    [InlineData(null, "jan.jansen@utrecht.nl", GovernmentKind.Municipality, "Utrecht", SuggestionConfidence.Certain)]
    [InlineData(null, "utrecht.nl", GovernmentKind.Municipality, "Utrecht", SuggestionConfidence.Certain)]
    [InlineData(null, "a@denhaag.nl", GovernmentKind.Municipality, "Den Haag", SuggestionConfidence.Certain)]
    [InlineData(null, "jan_breda.nl#EXT#@citydeals.onmicrosoft.com", GovernmentKind.Municipality, "Breda", SuggestionConfidence.Certain)]
    [InlineData(null, "c.bakker@zuid-holland.nl", GovernmentKind.Province, "Zuid-Holland", SuggestionConfidence.Certain)]
    [InlineData(null, "a@woerden.nl", GovernmentKind.Municipality, "Woerden", SuggestionConfidence.Likely)]
    [InlineData(null, "a@rws.nl", GovernmentKind.Ministry, "Ministerie van Infrastructuur en Waterstaat", SuggestionConfidence.Certain)]
    [InlineData("Provinsje Fryslân", null, GovernmentKind.Province, "Fryslân", SuggestionConfidence.Certain)]
    [InlineData(null, "a@bergen-op-zoom.nl", GovernmentKind.Municipality, "Bergen op Zoom", SuggestionConfidence.Likely)]
    [InlineData(null, "a@gemeentewesterveld.nl", GovernmentKind.Municipality, "Westerveld", SuggestionConfidence.Certain)]
    [InlineData(null, "p.devries@minbzk.nl", GovernmentKind.Ministry, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", SuggestionConfidence.Certain)]
    [InlineData(null, "x@minienw.nl", GovernmentKind.Ministry, "Ministerie van Infrastructuur en Waterstaat", SuggestionConfidence.Certain)]
    [InlineData(null, "x@mail.minvws.nl", GovernmentKind.Ministry, "Ministerie van Volksgezondheid, Welzijn en Sport", SuggestionConfidence.Certain)]
    [InlineData("Ministerie van Onderwijs, Cultuur en Wetenschap", null, GovernmentKind.Ministry, "Ministerie van Onderwijs, Cultuur en Wetenschap", SuggestionConfidence.Certain)]
    [InlineData("Provincie Utrecht", null, GovernmentKind.Province, "Utrecht", SuggestionConfidence.Certain)]
    [InlineData("Provincie Friesland", null, GovernmentKind.Province, "Fryslân", SuggestionConfidence.Certain)]
    [InlineData(null, "a@pzh.nl", GovernmentKind.Province, "Zuid-Holland", SuggestionConfidence.Certain)]
    [InlineData("Hoogheemraadschap De Stichtse Rijnlanden", null, GovernmentKind.WaterBoard, "Hoogheemraadschap De Stichtse Rijnlanden", SuggestionConfidence.Certain)]
    [InlineData("Waterschap Rijnland", null, GovernmentKind.WaterBoard, "Hoogheemraadschap van Rijnland", SuggestionConfidence.Certain)]
    [InlineData("wetterskip fryslan", null, GovernmentKind.WaterBoard, "Wetterskip Fryslân", SuggestionConfidence.Certain)]
    [InlineData(null, "a@hdsr.nl", GovernmentKind.WaterBoard, "Hoogheemraadschap De Stichtse Rijnlanden", SuggestionConfidence.Certain)]
    public void Obvious_partners_are_recognised(string? organisation, string? mail, GovernmentKind kind, string name, SuggestionConfidence confidence)
    {
        var suggestion = GovernmentRecognizer.Shipped.Suggest(organisation, mail)[0];
        Assert.Equal(kind, suggestion.Government.Kind);
        Assert.Equal(name, suggestion.Government.Name);
        Assert.Equal(confidence, suggestion.Confidence);
    }

    [Theory]
    [InlineData(null, "a@uu.nl")]
    [InlineData(null, "a@gmail.com")]
    [InlineData(null, "a@tno.nl")]
    [InlineData(null, "a@platform31.nl")]
    [InlineData(null, "a@rijksoverheid.nl")]
    [InlineData(null, "a@vng.nl")]
    [InlineData("TNO", null)]
    [InlineData("Platform31", "a@platform31.nl")]
    [InlineData("Rijnland Advies BV", null)]
    [InlineData("Provincie Atlantis", null)]
    [InlineData(null, "")]
    [InlineData("", null)]
    public void Nothing_is_suggested_when_it_is_not_obvious(string? organisation, string? mail) =>
        Assert.Empty(GovernmentRecognizer.Shipped.Suggest(organisation, mail));

    [Fact]
    public void Organisation_name_fixes_the_spelling_of_a_domain_guess()
    {
        var suggestions = GovernmentRecognizer.Shipped.Suggest("'s-Hertogenbosch", "info@s-hertogenbosch.nl");
        var only = Assert.Single(suggestions);
        Assert.Equal("'s-Hertogenbosch", only.Government.Name);
    }

    [Fact]
    public void Partner_list_is_deduplicated_keeping_the_strongest_evidence()
    {
        var suggestions = GovernmentRecognizer.Shipped.SuggestForPartners(
        [
            (null, "a@utrecht.nl"),
            ("Gemeente Utrecht", "b@utrecht.nl"),
            (null, "c@minbzk.nl"),
            ("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", null),
            ("Universiteit Utrecht", "d@uu.nl"),
        ]);
        Assert.Equal(2, suggestions.Count);
        var utrecht = Assert.Single(suggestions, s => s.Government.Kind == GovernmentKind.Municipality);
        Assert.Equal(SuggestionConfidence.Certain, utrecht.Confidence);
        Assert.Single(suggestions, s => s.Government.Kind == GovernmentKind.Ministry);
    }

    [Theory]
    [InlineData("Fryslân", "fryslan", true)]
    [InlineData("Den Haag", "den  haag", true)]
    [InlineData("'s-Hertogenbosch", "s Hertogenbosch", true)]
    [InlineData("Utrecht", "Utrechtse Heuvelrug", false)]
    public void Government_names_match_without_diacritics_or_punctuation(string a, string b, bool same) =>
        Assert.Equal(same, new Government(GovernmentKind.Municipality, a).SameAs(new Government(GovernmentKind.Municipality, b)));

    [Fact]
    public void Same_name_of_a_different_kind_is_a_different_government()
    {
        Assert.False(new Government(GovernmentKind.Municipality, "Utrecht").SameAs(new Government(GovernmentKind.Province, "Utrecht")));
        Assert.NotEqual(new Government(GovernmentKind.Municipality, "Utrecht").Key, new Government(GovernmentKind.Province, "Utrecht").Key);
    }
}
