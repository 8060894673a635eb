using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CityDealBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CityDealBot.Tests.CopSessions;

public sealed record GraphCall(string Method, string Path, string? Prefer, JsonObject? Body);

/// <summary>
/// Microsoft Graph's calendar endpoints on loopback: checks the fields Graph requires, answers with realistic bodies,
/// and can fail the next calls with 403 or 429 + Retry-After.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private readonly ConcurrentQueue<GraphCall> _calls = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _failures = new();
    private readonly ConcurrentDictionary<string, JsonObject> _events = new();
    private LoopbackServer? _server;

    /// <summary>Graph root as the bot's options take it.</summary>
    public string BaseUrl => _server!.BaseUrl + "v1.0";

    public IReadOnlyList<GraphCall> Calls => [.. _calls];

    public static async Task<FakeGraph> StartAsync()
    {
        var fake = new FakeGraph();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1.0/users/{user}/events", (string user, HttpContext context) => fake.CreateAsync(user, context));
            app.MapMethods("/v1.0/users/{user}/events/{id}", ["PATCH"], (string user, string id, HttpContext context) => fake.PatchAsync(user, id, context));
            app.MapPost("/v1.0/users/{user}/events/{id}/cancel", (string user, string id, HttpContext context) => fake.CancelAsync(user, id, context));
            app.MapPost("/v1.0/users/{user}/calendar/getSchedule", (string user, HttpContext context) => fake.ScheduleAsync(context));
            app.MapPost("/v1.0/users/{user}/onlineMeetings/createOrGet", (string user, HttpContext context) => fake.CreateOrGetMeetingAsync(context));
        });
        return fake;
    }

    /// <summary>Busy items per address (UTC), as the people's calendars hold them; everyone else is free.</summary>
    public Dictionary<string, List<(DateTime Start, DateTime End, string Status)>> Calendars { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void FailNext(int status, string? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue((status, retryAfter));
        }
    }

    /// <summary>
    /// calendar-getschedule: at most 20 schedules, start and end with a time zone. The action's parameters are
    /// PascalCase in Graph's metadata (Schedules, StartTime, EndTime, AvailabilityViewInterval), as the SDK sends them.
    /// </summary>
    private async Task<IResult> ScheduleAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        if (Failure(context) is { } failure)
        {
            return failure;
        }

        var schedules = body?["Schedules"] as JsonArray;
        var problem = schedules is null or { Count: 0 or > 20 } ? "Schedules" : CheckTime(body!["StartTime"]) ?? CheckTime(body["EndTime"]);
        if (problem is not null)
        {
            return Error(400, "ErrorInvalidRequest", "Missing or invalid: " + problem);
        }

        var value = new JsonArray();
        foreach (var address in schedules!.Select(s => s!.GetValue<string>()))
        {
            var items = new JsonArray();
            foreach (var (start, end, status) in Calendars.GetValueOrDefault(address) ?? [])
            {
                items.Add(new JsonObject
                {
                    ["isPrivate"] = false,
                    ["status"] = status,
                    ["subject"] = "Overleg",
                    ["start"] = new JsonObject { ["dateTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
                    ["end"] = new JsonObject { ["dateTime"] = end.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
                });
            }

            value.Add(new JsonObject { ["scheduleId"] = address, ["availabilityView"] = "0", ["scheduleItems"] = items });
        }

        return Results.Json(new JsonObject { ["value"] = value });
    }

    /// <summary>onlineMeeting-createOrGet: externalId, start, end and subject required; the same externalId returns the same meeting.</summary>
    private async Task<IResult> CreateOrGetMeetingAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        if (Failure(context) is { } failure)
        {
            return failure;
        }

        var problem = body is null ? "no body" : Missing(body, "externalId", "startDateTime", "endDateTime", "subject");
        if (problem is not null)
        {
            return Error(400, "ErrorInvalidRequest", "Missing or invalid: " + problem);
        }

        var externalId = body!["externalId"]!.GetValue<string>();
        var meeting = _events.GetOrAdd("meeting:" + externalId, _ => new JsonObject
        {
            ["id"] = "MSo" + Guid.NewGuid().ToString("N"),
            ["externalId"] = externalId,
            ["subject"] = body["subject"]!.DeepClone(),
            ["startDateTime"] = body["startDateTime"]!.DeepClone(),
            ["endDateTime"] = body["endDateTime"]!.DeepClone(),
            ["participants"] = body["participants"]?.DeepClone(),
            ["joinWebUrl"] = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + Uri.EscapeDataString(externalId) + "%40thread.v2/0",
        });
        return Results.Json(meeting, statusCode: 201);
    }

    private async Task<IResult> CreateAsync(string user, HttpContext context)
    {
        var body = await RecordAsync(context);
        if (Failure(context) is { } failure)
        {
            return failure;
        }

        var problem = body is null ? "no body" : Missing(body, "subject", "transactionId")
            ?? CheckTime(body["start"]) ?? CheckTime(body["end"])
            ?? (body["attendees"] is JsonArray { Count: > 0 } attendees && attendees.All(a => a?["emailAddress"]?["address"]?.GetValue<string>().Contains('@') == true) ? null : "attendees");
        if (problem is not null)
        {
            return Error(400, "ErrorInvalidRequest", "Missing or invalid: " + problem);
        }

        // Graph answers a repeated transactionId with the event it already made.
        var transactionId = body!["transactionId"]!.GetValue<string>();
        var created = _events.GetOrAdd(transactionId, _ =>
        {
            var ev = (JsonObject)body.DeepClone();
            ev["id"] = "AAMkAD" + Guid.NewGuid().ToString("N");
            ev["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = user + "@contoso.nl" } };
            ev["webLink"] = "https://outlook.office365.com/owa/?itemid=" + ev["id"];
            if (body["isOnlineMeeting"]?.GetValue<bool>() == true)
            {
                ev["onlineMeeting"] = new JsonObject { ["joinUrl"] = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + transactionId + "%40thread.v2/0" };
            }

            return ev;
        });
        return Results.Json(created, statusCode: 201);
    }

    private async Task<IResult> PatchAsync(string user, string id, HttpContext context)
    {
        _ = user;
        var body = await RecordAsync(context);
        if (Failure(context) is { } failure)
        {
            return failure;
        }

        var ev = _events.Values.FirstOrDefault(e => e["id"]!.GetValue<string>() == id);
        if (ev is null || body is null)
        {
            return Error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }

        foreach (var (key, value) in body)
        {
            ev[key] = value?.DeepClone();
        }

        return Results.Json(ev);
    }

    private async Task<IResult> CancelAsync(string user, string id, HttpContext context)
    {
        _ = user;
        await RecordAsync(context);
        return Failure(context) ?? (_events.Values.Any(e => e["id"]!.GetValue<string>() == id) ? Results.StatusCode(202) : Error(404, "ErrorItemNotFound", "Not found."));
    }

    private async Task<JsonObject?> RecordAsync(HttpContext context)
    {
        JsonObject? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContentType.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }

        _calls.Enqueue(new GraphCall(context.Request.Method, context.Request.Path.Value!, context.Request.Headers["Prefer"].FirstOrDefault(), body));
        return body;
    }

    private IResult? Failure(HttpContext context)
    {
        if (!_failures.TryDequeue(out var failure))
        {
            return null;
        }

        if (failure.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = failure.RetryAfter;
        }

        return failure.Status switch
        {
            403 => Error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
            429 => Error(429, "TooManyRequests", "Application is over its MailboxConcurrency limit."),
            _ => Error(failure.Status, "ErrorInternalServerError", "Failure."),
        };
    }

    private static string? Missing(JsonObject body, params string[] names) =>
        names.FirstOrDefault(n => body[n] is not JsonValue value || value.GetValue<string>().Length == 0);

    private static string? CheckTime(JsonNode? time) =>
        time?["timeZone"]?.GetValue<string>() == "W. Europe Standard Time"
        && DateTime.TryParseExact(time["dateTime"]?.GetValue<string>(), "yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)
            ? null
            : "start/end in W. Europe Standard Time";

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
