using CityDealBot.Storage;

namespace CityDealBot.Tests.Storage;

public class TableKeyTests
{
    [Theory]
    [InlineData("19:deal@thread.tacv2", "19:deal@thread.tacv2")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a\\b#c?d", "a%5Cb%23c%3Fd")]
    [InlineData("50%", "50%25")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("del\u007f", "del%7F")]
    public void Forbidden_characters_are_escaped_reversibly(string value, string key)
    {
        Assert.Equal(key, TableKey.Encode(value));
        Assert.Equal(value, TableKey.Decode(key));
    }

    [Theory]
    [InlineData("x/y/z#?\\%\n\u0085é")]
    [InlineData("")]
    [InlineData("%%%")]
    public void Encoded_keys_hold_no_forbidden_character(string value)
    {
        var key = TableKey.Encode(value);
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.Equal(value, TableKey.Decode(key));
    }

    [Fact]
    public void Quotes_are_doubled_in_filters() => Assert.Equal("'O''Brien'", TableKey.Quote("O'Brien"));
}
