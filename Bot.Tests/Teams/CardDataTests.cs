using System.Text.Json.Nodes;
using CityDealBot.Teams;

namespace CityDealBot.Tests.Teams;

/// <summary>
/// Ids from card payloads become table keys. Azure Table Storage refuses / \ # ? and control characters in keys and
/// keys over 1 KiB (Azurite is more lenient), so the card-data reader drops such ids before any feature sees them.
/// </summary>
public class CardDataTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001fb")]
    [InlineData("a\u007fb")]
    [InlineData("a\tb")]
    public void An_id_that_cannot_be_a_table_key_reads_as_missing(string id) =>
        Assert.Equal(string.Empty, CardData.Id(new JsonObject { ["session"] = id }, "session"));

    [Fact]
    public void An_id_over_one_kibibyte_reads_as_missing()
    {
        Assert.Equal(string.Empty, CardData.Id(new JsonObject { ["poll"] = new string('x', CardData.MaxIdBytes + 1) }, "poll"));
        // Bytes, not characters: 400 euro signs are 1,200 bytes in UTF-8.
        Assert.Equal(string.Empty, CardData.Id(new JsonObject { ["poll"] = new string('€', 400) }, "poll"));
        Assert.Equal(new string('x', CardData.MaxIdBytes), CardData.Id(new JsonObject { ["poll"] = new string('x', CardData.MaxIdBytes) }, "poll"));
    }

    [Theory]
    [InlineData("19:abc@thread.tacv2", "19:abc@thread.tacv2")]
    [InlineData("2520000000000000000-0a1b2c3d", "2520000000000000000-0a1b2c3d")]
    [InlineData("  5f0a7d3e3b6b4c559a430e0b4f1d2c77 ", "5f0a7d3e3b6b4c559a430e0b4f1d2c77")]
    [InlineData("2027-06-07", "2027-06-07")]
    public void The_ids_the_bot_hands_out_pass(string given, string expected) =>
        Assert.Equal(expected, CardData.Id(new JsonObject { ["id"] = given }, "id"));

    [Fact]
    public void A_missing_or_non_text_id_reads_as_missing()
    {
        Assert.Equal(string.Empty, CardData.Id(new JsonObject(), "session"));
        Assert.Equal(string.Empty, CardData.Id(new JsonObject { ["session"] = new JsonArray("a") }, "session"));
    }
}
