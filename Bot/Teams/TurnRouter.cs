using System.Text.Json.Nodes;
using Azure;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Connector;
using CityDealBot.Storage;

namespace CityDealBot.Teams;

/// <summary>
/// Dispatches a validated activity to the features: typed commands, card buttons (both Action.Execute invokes
/// and Action.Submit messages), and the bot being added or removed.
/// </summary>
public sealed class TurnRouter(
    ConnectorClient connector,
    CommandCatalog commands,
    IEnumerable<CardActionRoute> cardRoutes,
    IServiceProvider services,
    IEnumerable<IConversationLifecycleHandler> lifecycleHandlers,
    IEnumerable<ITeamMemberHandler> memberHandlers,
    IEnumerable<ITurnObserver> observers,
    PostedCards postedCards,
    ReplySender replies,
    SharedCardUpdates sharedCards,
    ILogger<TurnRouter> logger) : IActivityDispatcher
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    private readonly IReadOnlyDictionary<string, CardActionRoute> _routesByVerb = CardActionRoute.ByVerb(cardRoutes);

    public async Task<InvokeResponse?> DispatchAsync(Activity activity, CancellationToken ct)
    {
        var turn = new TurnContext(activity, connector, commands, replies, sharedCards);
        logger.LogDebug(
            "Activity {Type} {Name} {Action} in {Kind} conversation; team {TeamId}, channel {ChannelId}, event {EventType}",
            activity.Type, activity.Name, activity.Action, turn.Conversation.Kind, turn.Conversation.TeamId, turn.Conversation.ChannelId, activity.ChannelData?.EventType);
        try
        {
            foreach (var observer in observers)
            {
                await observer.OnTurnAsync(turn, ct);
            }

            switch (activity.Type)
            {
                case ActivityTypes.Message:
                    await OnMessageAsync(turn, ct);
                    return null;
                case ActivityTypes.Invoke:
                    return await OnInvokeAsync(turn, ct);
                case ActivityTypes.ConversationUpdate:
                    await OnConversationUpdateAsync(turn, ct);
                    return null;
                case ActivityTypes.InstallationUpdate:
                    await OnInstallationUpdateAsync(turn, ct);
                    return null;
                default:
                    return null;
            }
        }
        catch (Exception e) when (StorageFailure.Is(e))
        {
            logger.LogError(e, "Storage failed while handling a {Type} activity", activity.Type);
            return await ReportProblemAsync(turn, turn.Texts["error.storage_unavailable"], ct);
        }
        catch (ConnectorException e)
        {
            logger.LogError(e, "The Connector refused a reply ({Status})", (int)e.Status);
            return activity.IsType(ActivityTypes.Invoke) ? ErrorInvoke(500, "ConnectorFailed", e.Message) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Teams retries a failed POST, which would repeat whatever part of the turn already happened;
            // the failure is logged and the user told instead.
            logger.LogError(e, "A {Type} activity failed", activity.Type);
            return await ReportProblemAsync(turn, turn.Texts["error.unexpected"], ct);
        }
    }

    private async Task OnMessageAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Value is JsonObject submitted && submitted[CardActions.VerbKey]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            var verb = submitted[CardActions.VerbKey]!.GetValue<string>();
            var data = (JsonObject)submitted.DeepClone();
            data.Remove(CardActions.VerbKey);
            var result = await RunCardActionAsync(turn, verb, data, new CardPress(IsUniversalAction: false, turn.Activity.ReplyToId), ct);
            await DeliverSubmitResultAsync(turn, result, ct);
            return;
        }

        var text = Mentions.StripBotMention(turn.Activity);
        if (text.Length == 0)
        {
            if (turn.Activity.Attachments is { Count: > 0 } || turn.Activity.Value is not null)
            {
                // A file or a card submit without a verb is not a command; nothing to do.
                return;
            }

            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["error.empty_command"]), ct);
            return;
        }

        var match = commands.Match(text);
        if (match is null)
        {
            var word = text.Split(' ', 2)[0];
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts.Format("error.unknown_command", Shorten(word))), ct);
            return;
        }

        await match.Value.Command.HandleAsync(turn, match.Value.Arguments, ct);
    }

    private async Task<InvokeResponse?> OnInvokeAsync(TurnContext turn, CancellationToken ct)
    {
        if (!string.Equals(turn.Activity.Name, AdaptiveCardActionInvoke, StringComparison.Ordinal))
        {
            return null;
        }

        if (turn.Activity.Value is not JsonObject value
            || value["action"] is not JsonObject action
            || action["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
            || action["type"]!.GetValue<string>() != "Action.Execute")
        {
            return ErrorInvoke(400, "BadRequest", "The invoke value is not an Action.Execute.");
        }

        var verb = action["verb"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? action["verb"]!.GetValue<string>() : string.Empty;
        var data = action["data"] as JsonObject ?? [];
        var result = await RunCardActionAsync(turn, verb, (JsonObject)data.DeepClone(), new CardPress(IsUniversalAction: true, turn.Activity.ReplyToId), ct);
        return result.Card is not null
            ? new InvokeResponse(200, new { statusCode = 200, type = AdaptiveCard.ContentType, value = result.Card.ToJsonObject() })
            : new InvokeResponse(200, new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = result.Message ?? string.Empty });
    }

    private async Task<CardActionResult> RunCardActionAsync(TurnContext turn, string verb, JsonObject data, CardPress press, CancellationToken ct)
    {
        if (!_routesByVerb.TryGetValue(verb, out var route))
        {
            logger.LogInformation("Card action with unknown verb {Verb}", Shorten(verb));
            return CardActionResult.Problem(turn.Language, turn.Texts["error.unknown_action"]);
        }

        if (!await IsPressedOnOwnCardAsync(turn, press, route, ct))
        {
            logger.LogWarning("Card action {Verb} refused: its replyToId is a card of another feature", Shorten(verb));
            return CardActionResult.Problem(turn.Language, turn.Texts["error.card_mismatch"]);
        }

        return await route.RunAsync(services, turn, data, press, ct);
    }

    /// <summary>
    /// A button belongs to the card it was pressed on: when the bot remembers the card under the action's
    /// <c>replyToId</c>, one of that card's verbs must belong to the same feature (the handler's namespace: a feature
    /// may answer with a card of its own that has other verbs) as the pressed verb. A card the bot does not know
    /// (posted before it kept this record) is not checked.
    /// </summary>
    private async Task<bool> IsPressedOnOwnCardAsync(TurnContext turn, CardPress press, CardActionRoute route, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(press.CardActivityId) || turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            return true;
        }

        var verbsOnCard = await postedCards.FindVerbsAsync(conversationId, press.CardActivityId, ct);
        var feature = route.Handler.Namespace;
        return verbsOnCard is null
            || verbsOnCard.Any(v => _routesByVerb.TryGetValue(v, out var owner) && owner.Handler.Namespace == feature);
    }

    // Action.Submit cannot return a card, so the result replaces the pressed card where possible.
    private static async Task DeliverSubmitResultAsync(TurnContext turn, CardActionResult result, CancellationToken ct)
    {
        if (result.Card is null)
        {
            if (!string.IsNullOrEmpty(result.Message))
            {
                await turn.ReplyTextAsync(result.Message, ct);
            }

            return;
        }

        if (result.IsPersonal)
        {
            await turn.SendPersonallyAsync(result.Card, ct);
            return;
        }

        await turn.ReplyAsync(result.Card, ct);
    }

    private async Task OnConversationUpdateAsync(TurnContext turn, CancellationToken ct)
    {
        var botId = turn.Bot.Id;
        if (turn.Activity.MembersAdded?.Where(m => !string.IsNullOrEmpty(m.Id) && m.Id != botId).ToList() is { Count: > 0 } people)
        {
            foreach (var handler in memberHandlers)
            {
                await handler.OnMembersAddedAsync(turn, people, ct);
            }
        }

        if (turn.Activity.MembersAdded?.Any(m => m.Id == botId) == true)
        {
            foreach (var handler in lifecycleHandlers)
            {
                await handler.OnBotAddedAsync(turn, ct);
            }
        }

        if (turn.Activity.MembersRemoved?.Any(m => m.Id == botId) == true)
        {
            foreach (var handler in lifecycleHandlers)
            {
                await handler.OnBotRemovedAsync(turn, ct);
            }
        }
    }

    private async Task OnInstallationUpdateAsync(TurnContext turn, CancellationToken ct)
    {
        foreach (var handler in lifecycleHandlers)
        {
            switch (turn.Activity.Action)
            {
                case "add" or "add-upgrade":
                    await handler.OnBotAddedAsync(turn, ct);
                    break;
                case "remove":
                    await handler.OnBotRemovedAsync(turn, ct);
                    break;
            }
        }
    }

    private async Task<InvokeResponse?> ReportProblemAsync(TurnContext turn, string message, CancellationToken ct)
    {
        var card = NoticeCards.Problem(turn.Language, message);
        if (turn.Activity.IsType(ActivityTypes.Invoke))
        {
            return new InvokeResponse(200, new { statusCode = 200, type = AdaptiveCard.ContentType, value = card.ToJsonObject() });
        }

        if (turn.Activity.IsType(ActivityTypes.Message))
        {
            try
            {
                await turn.ReplyAsync(card, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not tell the user about the failure");
            }
        }

        return null;
    }

    private static InvokeResponse ErrorInvoke(int status, string code, string message) =>
        new(200, new { statusCode = status, type = "application/vnd.microsoft.error", value = new { code, message } });

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
