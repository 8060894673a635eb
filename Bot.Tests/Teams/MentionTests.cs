using CityDealBot.Connector;
using CityDealBot.Teams;

namespace CityDealBot.Tests.Teams;

public class MentionTests
{
    [Theory]
    [InlineData("<at>Test Bot</at> help", "<at>Test Bot</at>", "help")]
    [InlineData("<at>Test Bot</at>   hulp  ", "<at>Test Bot</at>", "hulp")]
    [InlineData("hulp <at>Test Bot</at>", "<at>Test Bot</at>", "hulp")]
    [InlineData("<at>@Test Bot</at> cop plannen", "<at>@Test Bot</at>", "cop plannen")]
    [InlineData("<AT>Test Bot</AT> help", "<at>Test Bot</at>", "help")]
    [InlineData("<at>Test Bot</at>&nbsp;help", "<at>Test Bot</at>", "help")]
    [InlineData("help", null, "help")]
    public void The_bot_mention_is_removed(string text, string? mentionText, string expected)
    {
        var activity = Message(text, mentionText is null ? [] : [Mention("28:bot", "Test Bot", mentionText)]);
        Assert.Equal(expected, Mentions.StripBotMention(activity));
    }

    [Fact]
    public void Mentions_of_other_people_stay()
    {
        var activity = Message("<at>Test Bot</at> rol <at>Anne</at>", [Mention("28:bot", "Test Bot", "<at>Test Bot</at>"), Mention("29:anne", "Anne", "<at>Anne</at>")]);
        Assert.Equal("rol <at>Anne</at>", Mentions.StripBotMention(activity));
    }

    [Fact]
    public void A_mention_without_text_falls_back_to_the_name()
    {
        var activity = Message("<at>Test Bot</at> help", [Mention("28:bot", "Test Bot", null)]);
        Assert.Equal("help", Mentions.StripBotMention(activity));
    }

    [Fact]
    public void Text_that_only_looks_like_a_mention_is_not_trusted()
    {
        var activity = Message("<at>Test Bot</at> help", []);
        Assert.Equal("<at>Test Bot</at> help", Mentions.StripBotMention(activity));
    }

    private static Activity Message(string text, IList<Entity> entities) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount { Id = "28:bot", Name = "Test Bot" },
        Entities = entities,
    };

    private static Entity Mention(string id, string name, string? text) =>
        new() { Type = "mention", Mentioned = new ChannelAccount { Id = id, Name = name }, Text = text };
}
