using System.Text.Json.Nodes;

namespace CityDealBot.Tests.Integration;

/// <summary>Activities shaped like the ones Teams (and the Agents Playground) send.</summary>
public static class Activities
{
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";
    public const string BotId = "28:citydealbot";
    public const string TeamId = "19:team-klimaat@thread.tacv2";
    public const string ChannelId = "19:team-klimaat@thread.tacv2";

    public static JsonObject ChannelMessage(string serviceUrl, string text, string locale = "nl-NL", string userId = "29:anne", string aad = "aad-anne", string name = "Anne de Vries", string? channelId = null) => new()
    {
        ["type"] = "message",
        ["id"] = "msg-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["locale"] = locale,
        ["from"] = User(userId, aad, name),
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CityDealBot" },
        ["conversation"] = new JsonObject
        {
            ["id"] = (channelId ?? ChannelId) + ";messageid=1700000000000",
            ["conversationType"] = "channel",
            ["isGroup"] = true,
            ["tenantId"] = Tenant,
        },
        ["text"] = $"<at>CityDealBot</at> {text}",
        ["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>CityDealBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "CityDealBot" },
        }),
        ["channelData"] = TeamChannelData(channelId ?? ChannelId),
    };

    public static JsonObject PersonalMessage(string serviceUrl, string text, string locale = "nl-NL", string userId = "29:anne", string aad = "aad-anne", string name = "Anne de Vries") => new()
    {
        ["type"] = "message",
        ["id"] = "msg-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["locale"] = locale,
        ["from"] = User(userId, aad, name),
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CityDealBot" },
        ["conversation"] = new JsonObject { ["id"] = "a:personal-" + aad, ["conversationType"] = "personal", ["tenantId"] = Tenant },
        ["text"] = text,
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    };

    public static JsonObject BotAddedToTeam(string serviceUrl, string locale = "nl-NL") => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = "f:" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["locale"] = locale,
        ["from"] = User("29:anne", "aad-anne", "Anne de Vries"),
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CityDealBot" },
        ["conversation"] = new JsonObject { ["id"] = ChannelId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant },
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }),
        ["channelData"] = TeamChannelData(ChannelId, "teamMemberAdded"),
    };

    public static JsonObject InstallationUpdate(string serviceUrl, string action) => new()
    {
        ["type"] = "installationUpdate",
        ["action"] = action,
        ["id"] = "i:" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["locale"] = "nl-NL",
        ["from"] = User("29:anne", "aad-anne", "Anne de Vries"),
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CityDealBot" },
        ["conversation"] = new JsonObject { ["id"] = ChannelId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant },
        ["channelData"] = TeamChannelData(ChannelId),
    };

    public static JsonObject BotRemovedFromTeam(string serviceUrl)
    {
        var activity = BotAddedToTeam(serviceUrl);
        activity.Remove("membersAdded");
        activity["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = BotId });
        activity["channelData"]!["eventType"] = "teamMemberRemoved";
        return activity;
    }

    public static JsonObject Invoke(string serviceUrl, string name, JsonNode? value, string locale = "nl-NL") => new()
    {
        ["type"] = "invoke",
        ["name"] = name,
        ["id"] = "inv-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["locale"] = locale,
        ["from"] = User("29:anne", "aad-anne", "Anne de Vries"),
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CityDealBot" },
        ["conversation"] = new JsonObject { ["id"] = ChannelId + ";messageid=1", ["conversationType"] = "channel", ["tenantId"] = Tenant },
        ["value"] = value,
        ["channelData"] = TeamChannelData(ChannelId),
    };

    /// <summary>A press of an Action.Execute button with this verb and data, by this user, in the deal's channel.</summary>
    public static JsonObject CardAction(string serviceUrl, string verb, JsonObject data, (string Id, string Aad, string Name) user, string locale = "nl-NL")
    {
        var invoke = Invoke(serviceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
        }, locale);
        invoke["from"] = User(user.Id, user.Aad, user.Name);
        return invoke;
    }

    /// <summary>
    /// The activity as it comes from another deal: the team <paramref name="teamName"/> whose General channel is
    /// <paramref name="channelId"/> (a team's id is its General channel's).
    /// </summary>
    public static JsonObject InTeam(JsonObject activity, string channelId, string teamName)
    {
        activity["conversation"]!["id"] = channelId + (activity["type"]!.GetValue<string>() == "conversationUpdate" ? string.Empty : ";messageid=1");
        activity["channelData"]!["team"]!["id"] = channelId;
        activity["channelData"]!["team"]!["name"] = teamName;
        activity["channelData"]!["channel"]!["id"] = channelId;
        return activity;
    }

    /// <summary>The activity as it comes from its sender's 1:1 chat with the bot.</summary>
    public static JsonObject InPersonalChat(JsonObject activity)
    {
        var aad = activity["from"]!["aadObjectId"]!.GetValue<string>();
        activity["conversation"] = new JsonObject { ["id"] = "a:personal-" + aad, ["conversationType"] = "personal", ["tenantId"] = Tenant };
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } };
        return activity;
    }

    /// <summary>A member of the team's roster as the Connector's members API returns it.</summary>
    public static JsonObject TeamMember((string Id, string Aad, string Name, string Email) person) => new()
    {
        ["id"] = person.Id, ["name"] = person.Name, ["email"] = person.Email, ["aadObjectId"] = person.Aad, ["tenantId"] = Tenant,
    };

    private static JsonObject User(string id, string aad, string name) => new() { ["id"] = id, ["aadObjectId"] = aad, ["name"] = name };

    private static JsonObject TeamChannelData(string channelId, string? eventType = null)
    {
        var data = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = Tenant },
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "City Deal Klimaatadaptatie", ["aadGroupId"] = "00000000-0000-0000-0000-000000000031" },
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = "Algemeen" },
        };
        if (eventType is not null)
        {
            data["eventType"] = eventType;
        }

        return data;
    }
}
