using System.Net;
using Microsoft.Net.Http.Headers;

namespace CityDealBot.Connector;

/// <summary>
/// Local mode has no tokens, so a request must show that it comes from a tool on this machine and not from a web
/// page the developer happens to have open. A page can post to 127.0.0.1 without a CORS preflight only with a
/// "simple" content type, and a DNS-rebinding page reaches the loopback port under its own host name; browsers
/// always send <c>Origin</c> on such posts. So: <c>application/json</c> exactly, a loopback <c>Host</c>, no <c>Origin</c>.
/// </summary>
public static class LocalRequestGate
{
    /// <summary>Null when the request may pass; otherwise the refusal to return before anything is read or run.</summary>
    public static IResult? Refusal(HttpRequest request)
    {
        if (!IsJson(request.ContentType))
        {
            return Results.Json(new { error = "Content-Type must be application/json." }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (!IsLoopbackHost(request.Host))
        {
            return Results.Json(new { error = "Local mode answers only requests addressed to localhost, 127.0.0.1 or [::1]." }, statusCode: StatusCodes.Status403Forbidden);
        }

        if (request.Headers.ContainsKey(HeaderNames.Origin))
        {
            return Results.Json(new { error = "Local mode does not answer web pages." }, statusCode: StatusCodes.Status403Forbidden);
        }

        return null;
    }

    /// <summary><c>application/json</c> with at most a UTF-8 charset: no <c>+json</c> suffix types, no other parameters.</summary>
    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return media.Parameters.All(p =>
            p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1, with any port.</summary>
    public static bool IsLoopbackHost(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host;
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
