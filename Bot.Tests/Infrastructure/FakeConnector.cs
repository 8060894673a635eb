using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>One request the bot made to the Connector.</summary>
public sealed record ConnectorCall(string Method, string Path, string? Query, string? Authorization, JsonNode? Body)
{
    /// <summary>When the call arrived, on the fake's monotonic clock.</summary>
    public TimeSpan At { get; init; }

    /// <summary>Answered with a limit violation or an injected failure instead of being taken.</summary>
    public bool Refused { get; set; }

    /// <summary>The bot opening a 1:1 chat (protocol reference §3.4).</summary>
    public bool IsOpeningPersonalChat => Method == "POST" && Path == "/v3/conversations";

    /// <summary>A new activity (a send or a reply) posted in <paramref name="conversationId"/> or in one of its threads (a channel's).</summary>
    public bool IsPostIn(string conversationId)
    {
        var conversation = "/v3/conversations/" + conversationId;
        return Method == "POST" && Path.StartsWith(conversation, StringComparison.Ordinal)
            && (Path.AsSpan(conversation.Length).StartsWith("/activities", StringComparison.Ordinal)
                || Path.AsSpan(conversation.Length).StartsWith(";messageid=", StringComparison.Ordinal));
    }
}

/// <summary>
/// Plays the Bot Connector service on loopback: records what the bot sends, answers like Teams, and can be
/// told to fail the next calls (status and Retry-After) or to page through a roster.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly List<(int Status, string? RetryAfter, Func<ConnectorCall, bool> Matches)> _failures = [];
    private readonly List<JsonObject> _delivered = [];
    private readonly List<ConnectorCall> _calls = [];
    private readonly Dictionary<JsonObject, string> _postedIds = new(ReferenceEqualityComparer.Instance);
    private LoopbackServer? _server;
    private int _nextId;

    public string ServiceUrl => _server!.BaseUrl;

    /// <summary>Members returned by the paged members API, <see cref="PageSize"/> at a time.</summary>
    public IList<JsonObject> Members { get; } = [];

    public int PageSize { get; set; } = 2;

    /// <summary>When set, sends that break Teams' rate limits are answered with 429 and counted there.</summary>
    public TeamsLimitLedger? Limits { get; set; }

    /// <summary>When set, how long each call takes to answer (Teams' own latency), after it has been counted.</summary>
    public Func<TimeSpan>? Latency { get; set; }

    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>The clock calls are stamped and judged by (<see cref="TeamsLimitLedger"/>), to set other events beside them.</summary>
    public static TimeSpan Now => Clock.Elapsed;

    public IReadOnlyList<ConnectorCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Activities the fake accepted (not answered with an injected failure), in order.</summary>
    public IReadOnlyList<JsonObject> DeliveredActivities
    {
        get
        {
            lock (_calls)
            {
                return [.. _delivered];
            }
        }
    }

    /// <summary>Activities the bot posted (sends, replies and updates), in order.</summary>
    public IReadOnlyList<JsonObject> SentActivities =>
        [.. Calls.Where(c => c.Method is "POST" or "PUT" && c.Path.Contains("/activities", StringComparison.Ordinal) && c.Body is JsonObject)
            .Select(c => (JsonObject)c.Body!)];

    private static readonly System.Text.Json.JsonSerializerOptions Readable = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The activity as JSON text with quotes and accents left readable, for Contains checks.</summary>
    public static string Json(JsonNode node) => node.ToJsonString(Readable);

    /// <summary>The activity id this fake gave a posted activity (one of <see cref="SentActivities"/>), as Teams would.</summary>
    public string IdOf(JsonObject activity)
    {
        lock (_calls)
        {
            return _postedIds[activity];
        }
    }

    public static async Task<FakeConnector> StartAsync()
    {
        var fake = new FakeConnector();
        fake._server = await LoopbackServer.StartAsync(app => app.Map("/{**path}", (Delegate)fake.HandleAsync));
        return fake;
    }

    /// <summary>
    /// Fails the next <paramref name="times"/> calls, whatever they are: for a Connector that is down, or where nothing
    /// else can be on its way (replies leave after the turn, shared cards update and fan-outs send in the background;
    /// to hit one call among those, pass which with the overload that takes <c>matching</c>).
    /// </summary>
    public void FailNext(int status, string? retryAfter = null, int times = 1) => FailNext(status, static _ => true, retryAfter, times);

    /// <summary>Fails the next <paramref name="times"/> calls that match, and only those: other calls still arriving are taken.</summary>
    public void FailNext(int status, Func<ConnectorCall, bool> matching, string? retryAfter = null, int times = 1)
    {
        lock (_failures)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Add((status, retryAfter, matching));
            }
        }
    }

    /// <summary>Drops the failures still waiting: the Connector has recovered.</summary>
    public void Recover()
    {
        lock (_failures)
        {
            _failures.Clear();
        }
    }

    /// <summary>
    /// Waits until no call has arrived for <paramref name="quietFor"/> (one second unless told): what earlier turns
    /// left to send in the background has gone. Throws when the calls never stop within <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForQuietAsync(TimeSpan? quietFor = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            var now = Calls.Count;
            if (now == seen)
            {
                return;
            }

            seen = now;
            await Task.Delay(quietFor ?? TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"The Connector kept receiving calls for {(timeout ?? TimeSpan.FromSeconds(20)).TotalSeconds} seconds.");
    }

    public async Task<JsonObject> WaitForActivityAsync(Func<JsonObject, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = SentActivities.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The bot sent no matching activity. Sent: " + string.Join("\n", SentActivities.Select(Json)));
    }

    /// <summary>The first call matching <paramref name="predicate"/>, waiting for it (replies leave after the turn); throws when none comes.</summary>
    public async Task<ConnectorCall> WaitForCallAsync(Func<ConnectorCall, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = Calls.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No matching call reached the Connector. Calls: " + string.Join("\n", Calls.Select(c => $"{c.Method} {c.Path}")));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private (int Status, string? RetryAfter)? TakeFailureFor(ConnectorCall call)
    {
        lock (_failures)
        {
            var index = _failures.FindIndex(f => f.Matches(call));
            if (index < 0)
            {
                return null;
            }

            var failure = _failures[index];
            _failures.RemoveAt(index);
            return (failure.Status, failure.RetryAfter);
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        // Stamped before the body is read: Teams counts a call when it arrives, not when its body has been parsed.
        var arrived = Clock.Elapsed;
        JsonNode? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
        }

        var call = new ConnectorCall(http.Request.Method, http.Request.Path.Value ?? string.Empty, http.Request.QueryString.Value,
            http.Request.Headers.Authorization.FirstOrDefault(), body) { At = arrived };
        lock (_calls)
        {
            _calls.Add(call);
        }

        if (Latency is not null)
        {
            // Counted on arrival, as Teams counts; answered after Teams' time.
            var limited = Limits is not null && !Limits.TryRecord(CityDealBot.Connector.ConnectorRateLimitHandler.ConversationOf(new Uri("http://x" + call.Path)), call.At);
            await Task.Delay(Latency());
            if (limited)
            {
                call.Refused = true;
                http.Response.Headers.RetryAfter = "1";
                return Results.Json(new { error = new { code = "Throttled", message = "rate limit" } }, statusCode: 429);
            }
        }
        else if (Limits is not null && !Limits.TryRecord(CityDealBot.Connector.ConnectorRateLimitHandler.ConversationOf(new Uri("http://x" + call.Path)), call.At))
        {
            call.Refused = true;
            http.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "Throttled", message = "rate limit" } }, statusCode: 429);
        }

        if (TakeFailureFor(call) is { } failure)
        {
            call.Refused = true;
            if (failure.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            return Results.Json(new { error = new { code = "Throttled", message = "try later" } }, statusCode: failure.Status);
        }

        if (call.Method is "POST" or "PUT" && call.Path.Contains("/activities", StringComparison.Ordinal) && call.Body is JsonObject accepted)
        {
            lock (_calls)
            {
                _delivered.Add(accepted);
            }
        }

        var path = call.Path;
        if (path.EndsWith("/pagedmembers", StringComparison.Ordinal))
        {
            var start = int.TryParse(http.Request.Query["continuationToken"], out var token) ? token : 0;
            var page = Members.Skip(start).Take(PageSize).Select(m => m.DeepClone()).ToArray();
            var next = start + PageSize < Members.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Results.Json(new JsonObject { ["members"] = new JsonArray(page), ["continuationToken"] = next });
        }

        if (path == "/v3/conversations" && call.Method == "POST")
        {
            var id = "a:personal-" + Interlocked.Increment(ref _nextId);
            return Results.Json(new { id, activityId = "act-" + _nextId }, statusCode: 201);
        }

        if (call.Method == "DELETE")
        {
            return Results.Ok();
        }

        var activityId = "act-" + Interlocked.Increment(ref _nextId);
        if (call.Method == "POST" && call.Body is JsonObject posted)
        {
            lock (_calls)
            {
                _postedIds[posted] = activityId;
            }
        }

        return Results.Json(new { id = activityId }, statusCode: call.Method == "PUT" ? 200 : 201);
    }
}
