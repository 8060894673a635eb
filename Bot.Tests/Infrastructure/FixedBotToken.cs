using CityDealBot.Connector;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>Stands in for Entra ID, which this machine cannot reach: always the same outbound token.</summary>
public sealed class FixedBotToken(string token) : IBotTokenProvider
{
    public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(token);
}
