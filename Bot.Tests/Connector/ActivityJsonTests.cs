using System.Text.Json;
using System.Text.Json.Nodes;
using CityDealBot.Connector;

namespace CityDealBot.Tests.Connector;

public class ActivityJsonTests
{
    private const string TeamsMessage = """
        {
          "type": "message", "id": "1700000000000", "timestamp": "2026-11-23T10:00:00.000Z",
          "serviceUrl": "https://smba.trafficmanager.net/emea/", "channelId": "msteams",
          "from": { "id": "29:abc", "name": "Anne de Vries", "aadObjectId": "8d2f0c1e-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "channel", "tenantId": "t1", "id": "19:deal@thread.tacv2;messageid=1700000000000", "isGroup": true },
          "recipient": { "id": "28:bot", "name": "CityDealBot" },
          "text": "<at>CityDealBot</at> hulp", "locale": "nl-NL",
          "entities": [ { "type": "mention", "mentioned": { "id": "28:bot", "name": "CityDealBot" }, "text": "<at>CityDealBot</at>" },
                        { "type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web" } ],
          "channelData": { "teamsChannelId": "19:deal@thread.tacv2", "teamsTeamId": "19:team@thread.tacv2",
                           "channel": { "id": "19:deal@thread.tacv2" }, "team": { "id": "19:team@thread.tacv2", "aadGroupId": "g1" },
                           "tenant": { "id": "t1" } },
          "futureField": { "nested": [1, 2, 3] }
        }
        """;

    [Fact]
    public void Known_fields_are_read()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ConnectorJson.Options)!;
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("8d2f0c1e-0000-4000-8000-000000000001", activity.From!.AadObjectId);
        Assert.Equal("channel", activity.Conversation!.ConversationType);
        Assert.Equal("g1", activity.ChannelData!.Team!.AadGroupId);
        Assert.Equal(2, activity.Entities!.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), activity.Timestamp);
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ConnectorJson.Options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, ConnectorJson.Options))!;
        Assert.Equal("[1,2,3]", written["futureField"]!["nested"]!.ToJsonString());
        Assert.Equal("19:team@thread.tacv2", written["channelData"]!["teamsTeamId"]!.GetValue<string>());
        Assert.Equal("NL", written["entities"]![1]!["country"]!.GetValue<string>());
    }

    [Fact]
    public void Nulls_are_not_written()
    {
        var written = JsonSerializer.Serialize(Activity.CreateMessage("hoi"), ConnectorJson.Options);
        Assert.DoesNotContain("null", written, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"hoi\"", written, StringComparison.Ordinal);
    }
}
