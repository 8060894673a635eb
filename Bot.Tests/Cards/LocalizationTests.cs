using System.Text.RegularExpressions;
using CityDealBot.Cards.Localization;

namespace CityDealBot.Tests.Cards;

public partial class LocalizationTests
{
    [Fact]
    public void Dutch_and_English_have_the_same_keys()
    {
        var dutch = Texts.For(Language.Dutch).Keys.Order().ToArray();
        var english = Texts.For(Language.English).Keys.Order().ToArray();
        Assert.Equal(dutch, english);
        Assert.NotEmpty(dutch);
    }

    [Fact]
    public void Every_text_has_the_same_placeholders_in_both_languages()
    {
        var dutch = Texts.For(Language.Dutch);
        var english = Texts.For(Language.English);
        foreach (var key in dutch.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(dutch[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(english[key]), key);
            Assert.Equal(Placeholders(dutch[key]), Placeholders(english[key]));
        }
    }

    [Theory]
    [InlineData("nl-NL", Language.Dutch)]
    [InlineData("nl-BE", Language.Dutch)]
    [InlineData("en-US", Language.English)]
    [InlineData("en-GB", Language.English)]
    [InlineData("de-DE", Language.Dutch)]
    [InlineData(null, Language.Dutch)]
    [InlineData("", Language.Dutch)]
    public void Dutch_is_the_default_and_English_the_second(string? locale, Language expected) =>
        Assert.Equal(expected, Languages.FromLocale(locale));

    [Fact]
    public void A_missing_key_is_an_error_not_an_empty_text() =>
        Assert.Throws<KeyNotFoundException>(() => Texts.For(Language.English)["no.such.key"]);

    private static string[] Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
