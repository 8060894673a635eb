using System.Text.RegularExpressions;
using CityDealBot.Connector;

namespace CityDealBot.Teams;

public static partial class Mentions
{
    /// <summary>
    /// The message text without the bot's own @mention, trimmed. Mentions come from the entities (their text is
    /// removed verbatim, as Teams rendered it); the text is never parsed for identity.
    /// </summary>
    public static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
                || entity.Mentioned?.Id is null
                || !string.Equals(entity.Mentioned.Id, botId, StringComparison.Ordinal))
            {
                continue;
            }

            var mentionText = entity.Text ?? (entity.Mentioned.Name is { } name ? $"<at>{name}</at>" : null);
            if (!string.IsNullOrEmpty(mentionText))
            {
                text = text.Replace(mentionText, " ", StringComparison.OrdinalIgnoreCase);
            }
        }

        return Whitespace().Replace(WebUtilityDecode(text), " ").Trim();
    }

    // Teams may send &nbsp; and friends around a mention.
    private static string WebUtilityDecode(string text) => System.Net.WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
