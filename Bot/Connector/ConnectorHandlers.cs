using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CityDealBot.Connector;

/// <summary>Adds the bot token to requests for trusted service hosts only.</summary>
public sealed class BotTokenHandler(IBotTokenProvider tokens, TrustedServiceUrls trusted) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not null && trusted.IsTrusted(request.RequestUri))
        {
            var token = await tokens.GetTokenAsync(cancellationToken);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Retries what Teams says to retry (protocol reference §3.6): 429, 412, 502, 503, 504. Honours Retry-After,
/// otherwise waits an exponentially growing, fully jittered delay; gives up after a bounded number of retries.
/// </summary>
public sealed class ConnectorRetryHandler(IOptions<ConnectorOptions> options, TimeProvider time) : DelegatingHandler
{
    private static readonly HashSet<HttpStatusCode> Retryable =
    [
        HttpStatusCode.TooManyRequests,
        HttpStatusCode.PreconditionFailed,
        HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable,
        HttpStatusCode.GatewayTimeout,
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!Retryable.Contains(response.StatusCode) || attempt >= settings.MaxRetries)
            {
                return response;
            }

            var delay = RetryDelay(response, attempt, settings);
            response.Dispose();
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    public TimeSpan RetryDelay(HttpResponseMessage response, int attempt, ConnectorOptions settings)
    {
        var retryAfter = response.Headers.RetryAfter;
        TimeSpan? serverDelay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
        if (serverDelay is { } requested)
        {
            return requested < TimeSpan.Zero ? TimeSpan.Zero : Min(requested, settings.MaxRetryDelay);
        }

        var ceiling = Min(settings.BaseRetryDelay * Math.Pow(2, attempt), settings.MaxRetryDelay);
        return ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
