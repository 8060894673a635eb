using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CityDealBot.Cards.Adaptive;

public enum ActionStyle { Default, Positive, Destructive }

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction(string Title)
{
    public string? Id { get; init; }

    public ActionStyle? Style { get; init; }
}

/// <summary>
/// Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke and shows the card the bot returns.
/// The fallback keeps the card usable in clients without Universal Actions.
/// </summary>
public sealed record ExecuteAction(string Title, string Verb) : CardAction(Title)
{
    public JsonObject? Data { get; init; }

    // Declared as the base type so the JSON carries the fallback's "type".
    public CardAction? Fallback { get; init; }

    /// <summary>Which inputs to send: "auto" (default) or "none" (e.g. a cancel button).</summary>
    public string? AssociatedInputs { get; init; }
}

/// <summary>Classic submit: arrives as a message activity whose value holds data and inputs.</summary>
public sealed record SubmitAction(string Title) : CardAction(Title)
{
    public JsonObject? Data { get; init; }

    public string? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);

public sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);

public static class CardActions
{
    /// <summary>The key under which the verb travels in Action.Submit data, so both paths reach one handler.</summary>
    public const string VerbKey = "verb";

    /// <summary>
    /// The button for <paramref name="action"/>: an Action.Execute with an Action.Submit fallback that carry the
    /// action's verb and its record as data.
    /// </summary>
    public static ExecuteAction Execute<TAction>(string title, TAction action, ActionStyle? style = null, bool sendInputs = true)
        where TAction : ICardAction =>
        Execute(title, TAction.Verb, CardActionData.Write(action) is { Count: > 0 } data ? data : null, style, sendInputs);

    /// <summary>An Action.Execute with an Action.Submit fallback that carries the same verb and data.</summary>
    public static ExecuteAction Execute(string title, string verb, JsonObject? data = null, ActionStyle? style = null, bool sendInputs = true)
    {
        var submitData = data is null ? new JsonObject() : (JsonObject)data.DeepClone();
        submitData[VerbKey] = verb;
        return new ExecuteAction(title, verb)
        {
            Data = data is null ? null : (JsonObject)data.DeepClone(),
            Style = style,
            AssociatedInputs = sendInputs ? null : "none",
            Fallback = new SubmitAction(title)
            {
                Data = submitData,
                Style = style,
                AssociatedInputs = sendInputs ? null : "none",
            },
        };
    }
}
