using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CityDealBot.Connector;

/// <summary>
/// Hosts that may receive the bot's outbound token: the configured Teams hosts plus hosts seen in validated
/// activities (protocol reference §3.5). Anything else gets no token.
/// </summary>
public sealed class TrustedServiceUrls(IOptions<ConnectorOptions> options)
{
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl)
    {
        if (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri))
        {
            _seen[uri.Host] = true;
        }
    }

    public bool IsTrusted(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback)
        && (_seen.ContainsKey(uri.Host) || options.Value.TrustedServiceHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase));
}
