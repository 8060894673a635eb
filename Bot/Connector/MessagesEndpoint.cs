using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CityDealBot.Connector;

/// <summary>Handles a validated activity. Returns the invoke response for invokes, null otherwise.</summary>
public interface IActivityDispatcher
{
    Task<InvokeResponse?> DispatchAsync(Activity activity, CancellationToken ct);
}

/// <summary><c>POST /api/messages</c>: checks the request, authenticates it and hands the typed activity on.</summary>
public static class MessagesEndpoint
{
    /// <summary>Activities from Teams are far smaller (bot messages are capped near 100 KB); more is not Teams.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        BotRequestAuthenticator authenticator,
        IActivityDispatcher dispatcher,
        IOptions<ConnectorOptions> options,
        ILoggerFactory loggerFactory,
        CancellationToken ct)
    {
        var logger = loggerFactory.CreateLogger("CityDealBot.Connector.Messages");
        if (options.Value.IsLocalMode && LocalRequestGate.Refusal(http.Request) is { } refusal)
        {
            logger.LogWarning("Refused a local-mode request: host {Host}, origin {Origin}, content type {ContentType}",
                http.Request.Host.Value, http.Request.Headers.Origin.ToString(), http.Request.ContentType);
            return refusal;
        }

        if (!LocalRequestGate.IsJson(http.Request.ContentType))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = MaxBodyBytes;
        }

        Activity? activity;
        try
        {
            activity = await ReadActivityAsync(http.Request.Body, ct);
        }
        catch (BodyTooLargeException)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "The body is not a valid activity." });
        }

        var missing = MissingFields(activity);
        if (missing is not null)
        {
            return Results.BadRequest(new { error = $"The activity lacks {missing}." });
        }

        var auth = await authenticator.AuthenticateAsync(
            http.Request.Headers.Authorization.ToString(), activity!, http.Connection.RemoteIpAddress, ct);
        if (!auth.Succeeded)
        {
            logger.LogWarning("Rejected activity {ActivityId}: {Reason}", activity!.Id, auth.FailureReason);
            return auth.CannotCheckNow ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Unauthorized();
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["ActivityId"] = activity!.Id,
            ["ConversationId"] = activity.Conversation?.Id,
        });
        using var trace = BotTelemetry.Source.StartActivity("turn " + activity.Type);
        trace?.SetTag("citydealbot.activity.type", activity.Type);
        trace?.SetTag("citydealbot.activity.name", activity.Name);
        trace?.SetTag("citydealbot.conversation.id", activity.Conversation?.Id);
        BotTelemetry.ActivitiesReceived.Add(1, new KeyValuePair<string, object?>("type", activity.Type));
        var invokeResponse = await dispatcher.DispatchAsync(activity, ct);
        if (activity.IsType(ActivityTypes.Invoke))
        {
            return invokeResponse is null
                ? Results.StatusCode(StatusCodes.Status501NotImplemented)
                : Results.Json(invokeResponse.Body, ConnectorJson.Options, statusCode: invokeResponse.Status);
        }

        return Results.Ok();
    }

    private static async Task<Activity?> ReadActivityAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return JsonSerializer.Deserialize<Activity>(buffer, ConnectorJson.Options);
    }

    /// <summary>Every activity Teams sends names its type, channel, serviceUrl and conversation.</summary>
    private static string? MissingFields(Activity? activity) => activity switch
    {
        null => "a body",
        { Type: null or "" } => "a type",
        { ChannelId: null or "" } => "a channelId",
        { ServiceUrl: null or "" } => "a serviceUrl",
        { Conversation: null } => "a conversation",
        { Conversation.Id: null or "" } => "a conversation id",
        _ when !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            => "a valid serviceUrl",
        _ => null,
    };

    private sealed class BodyTooLargeException : Exception;
}
