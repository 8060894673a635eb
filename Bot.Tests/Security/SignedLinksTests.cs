using CityDealBot.Operations;
using CityDealBot.Connector;
using CityDealBot.Pulse;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CityDealBot.Tests.Security;

public class SignedLinksTests
{
    private const string Key = "a-signing-key-of-at-least-thirty-two-characters";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static SignedLinks Links(string? key, string? appId = null, FakeTimeProvider? time = null, Uri? publicBase = null) => new(
        Options.Create(new SignedLinkOptions { SigningKey = key, PublicBaseUrl = publicBase }),
        Options.Create(new ConnectorOptions { MicrosoftAppId = appId }),
        new NoServer(),
        time ?? new FakeTimeProvider(Now));

    private static SignedLink Chart(DateTimeOffset expires) => new(SignedLinkKind.Chart, "19:deal@thread.tacv2", "2520000000000000000-0a1b2c3d", "nl", expires);

    [Fact]
    public void A_signed_link_verifies_to_what_was_signed()
    {
        var links = Links(Key);
        var link = Chart(Now.AddHours(1));
        Assert.Equal(link, links.Verify(links.Sign(link), SignedLinkKind.Chart));
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("expired")]
    [InlineData("other-key")]
    [InlineData("garbage")]
    [InlineData("payload-swapped")]
    public void A_link_is_refused(string problem)
    {
        var links = Links(Key);
        var token = links.Sign(Chart(Now.AddHours(1)));
        var other = links.Sign(Chart(Now.AddHours(2)) with { Item = "2520000000000000000-ffffffff" });
        var result = problem switch
        {
            "kind" => links.Verify(token, SignedLinkKind.Export),
            "expired" => links.Verify(links.Sign(Chart(Now)), SignedLinkKind.Chart),
            "other-key" => Links(Key + "-other").Verify(token, SignedLinkKind.Chart),
            "garbage" => links.Verify("not a token", SignedLinkKind.Chart),
            _ => links.Verify(other.Split('.')[0] + "." + token.Split('.')[1], SignedLinkKind.Chart),
        };
        Assert.Null(result);
    }

    [Fact]
    public void Urls_use_the_public_base_address()
    {
        var url = Links(Key, publicBase: new Uri("https://citydealbot.example.nl")).ChartUrl("19:deal@thread.tacv2", "2520000000000000000-0a1b2c3d", "en");
        Assert.StartsWith("https://citydealbot.example.nl/pulse/charts/", url, StringComparison.Ordinal);
        Assert.EndsWith(".png", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_mode_signs_without_a_configured_key_but_production_needs_one()
    {
        Assert.NotNull(Links(null).Verify(Links(null).Sign(Chart(Now.AddHours(1))), SignedLinkKind.Chart));
        var production = Links(null, appId: "00000000-0000-0000-0000-000000000042");
        Assert.Contains("Links:SigningKey", Assert.Throws<InvalidOperationException>(() => production.Sign(Chart(Now.AddHours(1)))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Links("too-short", appId: "00000000-0000-0000-0000-000000000042").Sign(Chart(Now.AddHours(1))));
    }

    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
