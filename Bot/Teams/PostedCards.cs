using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using CityDealBot.Connector;
using CityDealBot.Storage;

namespace CityDealBot.Teams;

/// <summary>
/// A card the bot posted. Table <c>PostedCards</c>: PartitionKey = a hash of the conversation (a channel without its
/// <c>;messageid=</c> thread suffix, or the chat; hashed because a personal chat's id identifies a person and this
/// table needs only to match it), RowKey = the activity id Teams gave the post; the verbs of its buttons.
/// </summary>
public sealed class PostedCardRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The card's verbs, space-separated.</summary>
    public string Verbs { get; set; } = string.Empty;
}

/// <summary>
/// Remembers which card the bot posted (or last replaced) under which activity id, so a button press whose
/// <c>replyToId</c> names a card of another feature can be refused: a speeddate verb "pressed" on a pulse card
/// would otherwise act on, and overwrite, that card.
/// </summary>
public sealed class PostedCards(StorageTables tables, ILogger<PostedCards> logger) : IPostedActivityObserver
{
    public const string Table = "PostedCards";

    /// <summary>Far above any card's verb list; keeps a row well below the 64 KiB property limit.</summary>
    private const int MaxVerbs = 40;

    public static string ConversationKey(string conversationId)
    {
        var thread = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        var conversation = thread < 0 ? conversationId : conversationId[..thread];
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversation)))[..32];
    }

    /// <summary>The verbs on an activity's Adaptive Cards: Action.Execute verbs and the Action.Submit fallbacks' <c>verb</c>.</summary>
    public static IReadOnlyList<string> VerbsOf(Activity activity) =>
        [.. (activity.Attachments ?? [])
            .Where(a => a.ContentType == "application/vnd.microsoft.card.adaptive" && a.Content is not null)
            .SelectMany(a => Walk(a.Content!))
            .Select(o => o[Cards.Adaptive.CardActions.VerbKey])
            .Where(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(v => v!.GetValue<string>())
            .Where(v => v.Length is > 0 and <= 100 && !v.Contains(' ', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxVerbs)];

    public async Task OnPostedAsync(string conversationId, string activityId, Activity activity, CancellationToken ct)
    {
        if (activity.Attachments?.Any(a => a.ContentType == "application/vnd.microsoft.card.adaptive") != true)
        {
            return;
        }

        try
        {
            var table = await tables.GetAsync(Table, ct);
            await table.UpsertEntityAsync(new PostedCardRecord
            {
                PartitionKey = ConversationKey(conversationId),
                RowKey = TableKey.Encode(activityId),
                Verbs = string.Join(' ', VerbsOf(activity)),
            }, TableUpdateMode.Replace, ct);
        }
        catch (Exception e) when (StorageFailure.Is(e))
        {
            // The post itself went out; without the record a press on it is simply not cross-checked.
            logger.LogWarning(e, "Could not remember the posted card {ActivityId}", activityId);
        }
    }

    /// <summary>The verbs of the card posted under this id in this conversation, or null when the bot has no record of it.</summary>
    public async Task<IReadOnlyList<string>?> FindVerbsAsync(string conversationId, string activityId, CancellationToken ct)
    {
        var table = await tables.GetAsync(Table, ct);
        var found = await table.GetEntityIfExistsAsync<PostedCardRecord>(ConversationKey(conversationId), TableKey.Encode(activityId), cancellationToken: ct);
        return found.HasValue ? found.Value!.Verbs.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null;
    }

    private static IEnumerable<JsonObject> Walk(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var (_, child) in obj)
            {
                if (child is not null)
                {
                    foreach (var inner in Walk(child))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                {
                    foreach (var inner in Walk(child))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
