using CityDealBot.Connector;
using CityDealBot.Teams;

namespace CityDealBot.Tests.Connector;

/// <summary>Only Teams may speak for a person: the Entra object id is believed from Teams traffic alone.</summary>
public class ChannelIdentityTests
{
    private const string DealmakerObjectId = "6c1f0e2a-4b3d-4e5f-8a9b-0c1d2e3f4a5b";

    [Fact]
    public void On_teams_the_person_key_is_the_entra_object_id()
    {
        var user = TeamsUser.From(Message("msteams", "29:abc", DealmakerObjectId), "tenant");
        Assert.Equal(DealmakerObjectId, user.Key);
        Assert.Equal(DealmakerObjectId, user.AadObjectId);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    public void Another_channel_never_takes_the_object_id_or_id_the_client_chose(string channelId)
    {
        // A Direct Line client can claim a dealmaker's object id and even their Teams id.
        var user = TeamsUser.From(Message(channelId, DealmakerObjectId, DealmakerObjectId), "tenant");

        Assert.Null(user.AadObjectId);
        Assert.NotEqual(DealmakerObjectId, user.Key);
        Assert.Equal($"{channelId}:{DealmakerObjectId}", user.Key);
    }

    private static Activity Message(string channelId, string fromId, string aadObjectId) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = channelId,
        From = new ChannelAccount { Id = fromId, Name = "Someone", AadObjectId = aadObjectId },
    };
}
