using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;

namespace CityDealBot.Teams;

/// <summary>How a button was pressed: as a Universal Action (the answer replaces the card for this person alone) or
/// as the Action.Submit fallback, and on which posted card.</summary>
public sealed record CardPress(bool IsUniversalAction, string? CardActivityId);

/// <summary>Answers one card verb, named by its action record.</summary>
public interface ICardActionHandler<in TAction>
    where TAction : ICardAction
{
    Task<CardActionResult> HandleAsync(TurnContext turn, TAction action, CardPress press, CancellationToken ct);
}

/// <summary>
/// One row of the dispatch table: a verb, its record and its handler, which is resolved from the turn's services
/// only when the verb is pressed. Features add rows with <see cref="TeamsRegistration.AddCardAction{TAction, THandler}"/>.
/// </summary>
public sealed class CardActionRoute
{
    private readonly Func<IServiceProvider, TurnContext, JsonObject, CardPress, CancellationToken, Task<CardActionResult>> _run;

    private CardActionRoute(string verb, Type handler, Func<IServiceProvider, TurnContext, JsonObject, CardPress, CancellationToken, Task<CardActionResult>> run)
    {
        Verb = verb;
        Handler = handler;
        _run = run;
    }

    public string Verb { get; }

    /// <summary>The handler's type; its namespace is the feature a card belongs to (<see cref="PostedCards"/>).</summary>
    public Type Handler { get; }

    public static CardActionRoute For<TAction, THandler>()
        where TAction : class, ICardAction
        where THandler : class, ICardActionHandler<TAction> =>
        new(TAction.Verb, typeof(THandler), static (services, turn, data, press, ct) =>
            CardActionData.Read<TAction>(data) is { } action
                ? services.GetRequiredService<THandler>().HandleAsync(turn, action, press, ct)
                : Task.FromResult(CardActionResult.Problem(turn.Language, turn.Texts["error.invalid_action_data"])));

    public Task<CardActionResult> RunAsync(IServiceProvider services, TurnContext turn, JsonObject data, CardPress press, CancellationToken ct) =>
        _run(services, turn, data, press, ct);

    /// <summary>The dispatch table by verb; a verb claimed twice names both handlers.</summary>
    public static IReadOnlyDictionary<string, CardActionRoute> ByVerb(IEnumerable<CardActionRoute> routes)
    {
        var all = routes.ToList();
        if (all.GroupBy(r => r.Verb, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } claimed)
        {
            throw new InvalidOperationException($"Card verb '{claimed.Key}' is claimed by {string.Join(" and ", claimed.Select(r => r.Handler.Name))}.");
        }

        return all.ToDictionary(r => r.Verb, StringComparer.Ordinal);
    }
}
