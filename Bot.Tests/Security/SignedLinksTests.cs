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

    private static SignedLink Chart(DateTimeOffset expires) => new(PulseLinks.Chart, "19:deal@thread.tacv2", "2520000000000000000-0a1b2c3d", "nl", expires);

    [Fact]
    public void A_signed_link_verifies_to_what_was_signed()
    {
        var links = Links(Key);
        var link = Chart(Now.AddHours(1));
        Assert.Equal(link, links.Verify(links.Sign(link), PulseLinks.Chart));
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
            "kind" => links.Verify(token, PulseLinks.Export),
            "expired" => links.Verify(links.Sign(Chart(Now)), PulseLinks.Chart),
            "other-key" => Links(Key + "-other").Verify(token, PulseLinks.Chart),
            "garbage" => links.Verify("not a token", PulseLinks.Chart),
            _ => links.Verify(other.Split('.')[0] + "." + token.Split('.')[1], PulseLinks.Chart),
        };
        Assert.Null(result);
    }

    [Fact]
    public void Urls_use_the_public_base_address()
    {
        var url = Links(Key, publicBase: new Uri("https://citydealbot.example.nl")).Url(PulseLinks.ChartRoute, "19:deal@thread.tacv2", "2520000000000000000-0a1b2c3d", "en");
        Assert.StartsWith("https://citydealbot.example.nl/pulse/charts/", url, StringComparison.Ordinal);
        Assert.EndsWith(".png", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_mode_signs_without_a_configured_key_but_production_needs_one()
    {
        Assert.NotNull(Links(null).Verify(Links(null).Sign(Chart(Now.AddHours(1))), PulseLinks.Chart));
        var production = Links(null, appId: "00000000-0000-0000-0000-000000000042");
        Assert.Contains("Links:SigningKey", Assert.Throws<InvalidOperationException>(() => production.Sign(Chart(Now.AddHours(1)))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Links("too-short", appId: "00000000-0000-0000-0000-000000000042").Sign(Chart(Now.AddHours(1))));
    }

    private static readonly SignedLinkKind[] FeatureKinds =
        [PulseLinks.Chart, PulseLinks.Export, CityDealBot.Privacy.PrivacyLinks.PersonalData, CityDealBot.CopSessions.CopLinks.Invitation, CityDealBot.Coffee.CoffeeLinks.Invitation];

    [Fact]
    public void The_features_kinds_keep_the_names_that_links_already_handed_out_carry() =>
        Assert.Equal(["Chart", "Export", "PersonalData", "CopInvitation", "CoffeeInvitation"], FeatureKinds.Select(k => k.Name));

    [Fact]
    public void A_token_of_one_kind_is_refused_by_every_other_kind()
    {
        var links = Links(Key);
        foreach (var signed in FeatureKinds)
        {
            var token = links.Sign(Chart(Now.AddHours(1)) with { Kind = signed });
            foreach (var other in FeatureKinds)
            {
                Assert.Equal(signed == other, links.Verify(token, other) is not null);
            }
        }
    }

    [Fact]
    public void Two_features_declaring_one_kind_name_stop_the_start()
    {
        SignedLinkKind.EnsureDistinct([.. FeatureKinds, PulseLinks.Chart]);
        var impostor = new SignedLinkKind("Chart", static o => o.ExportLifetime);
        var problem = Assert.Throws<InvalidOperationException>(() => SignedLinkKind.EnsureDistinct([.. FeatureKinds, impostor]));
        Assert.Contains("'Chart'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_lasts_its_kinds_lifetime_and_its_route_serves_it()
    {
        var links = Links(Key, publicBase: new Uri("https://citydealbot.example.nl/"));
        var (url, expires) = links.Issue(CityDealBot.Privacy.PrivacyLinks.PersonalDataRoute, "tenant", "aad-anne", "nl");
        Assert.Equal(Now + new SignedLinkOptions().ExportLifetime, expires);
        Assert.StartsWith("https://citydealbot.example.nl/privacy/exports/", url, StringComparison.Ordinal);
        var token = url["https://citydealbot.example.nl/privacy/exports/".Length..^".json".Length];
        Assert.Equal("aad-anne", links.Verify(token, CityDealBot.Privacy.PrivacyLinks.PersonalData)!.Item);
        Assert.Equal("/privacy/exports/{token}.json", CityDealBot.Privacy.PrivacyLinks.PersonalDataRoute.Pattern);
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
