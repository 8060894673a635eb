using CityDealBot.Connector;
using CityDealBot.Teams;

namespace CityDealBot.Tests.Teams;

public class TeamsConversationTests
{
    [Theory]
    [InlineData("personal", "a:1x", null, ConversationKind.Personal, null)]
    [InlineData("groupChat", "19:chat@thread.v2", null, ConversationKind.GroupChat, null)]
    [InlineData("channel", "19:deal@thread.tacv2;messageid=1700", null, ConversationKind.Channel, "19:deal@thread.tacv2")]
    [InlineData("channel", "19:deal@thread.tacv2;messageid=1700", "19:other@thread.tacv2", ConversationKind.Channel, "19:other@thread.tacv2")]
    [InlineData(null, "team-id", "team-id", ConversationKind.Channel, "team-id")]
    public void Kind_and_channel_are_derived(string? type, string conversationId, string? channelDataChannel, ConversationKind kind, string? channelId)
    {
        var activity = new Activity
        {
            Conversation = new ConversationAccount { Id = conversationId, ConversationType = type, TenantId = "t1" },
            ChannelData = channelDataChannel is null && type != "channel" ? null : new TeamsChannelData
            {
                Team = new TeamInfo { Id = "19:team@thread.tacv2", AadGroupId = "g1" },
                Channel = channelDataChannel is null ? null : new ChannelInfo { Id = channelDataChannel },
            },
        };
        var conversation = TeamsConversation.From(activity);
        Assert.Equal(kind, conversation.Kind);
        Assert.Equal(channelId, conversation.ChannelId);
        Assert.Equal("t1", conversation.TenantId);
    }

    [Fact]
    public void Team_thread_id_and_group_id_are_kept_apart()
    {
        var conversation = TeamsConversation.From(new Activity
        {
            Conversation = new ConversationAccount { Id = "19:general@thread.tacv2", ConversationType = "channel" },
            ChannelData = new TeamsChannelData { Team = new TeamInfo { Id = "19:general@thread.tacv2", AadGroupId = "00000000-0000-0000-0000-000000000031" } },
        });
        Assert.Equal("19:general@thread.tacv2", conversation.TeamId);
        Assert.Equal("00000000-0000-0000-0000-000000000031", conversation.AadGroupId);
    }
}
