using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;
using CityDealBot.Coffee;
using CityDealBot.CopSessions;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CityDealBot.Graph;

namespace CityDealBot.Tests.CopSessions;

/// <summary>
/// Graph is configured but the identity cannot sign in (not assigned to the app, wrong client id, expired secret):
/// Azure.Identity throws before any Graph call. The user is told what is missing, and a round goes on for everyone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GraphSignInTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly (string Id, string Aad, string Name, string Email)[] People =
    [
        ("29:anne", "aad-anne", "Anne de Vries", "anne@utrecht.nl"),
        ("29:bram", "aad-bram", "Bram Jansen", "bram@utrecht.nl"),
        ("29:chris", "aad-chris", "Chris Bakker", "chris@utrecht.nl"),
        ("29:dina", "aad-dina", "Dina Smit", "dina@utrecht.nl"),
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 7, 7, 0, 0, TimeSpan.Zero));
    private readonly FailingCredentials _credentials = new();
    private BotHarness _bot = null!;
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Elections:RunDispatcher"] = "false",
            ["Coffee:CheckEvery"] = "00:00:00",
            ["Graph:BaseUrl"] = _graph.BaseUrl,
            ["Graph:TenantId"] = Activities.Tenant,
            ["Graph:UseManagedIdentity"] = "true",
            ["Graph:ManagedIdentityClientId"] = "3c5d7e9f-0000-4000-8000-000000000abc",
        }, s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton<GraphCredentialFactory>(_credentials);
        });
        await _bot.AddToTeamAsync(People);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Theory]
    [InlineData(false, "nl-NL", "de bot kon zich niet aanmelden bij Microsoft Graph")]
    [InlineData(true, "en-US", "the bot could not sign in to Microsoft Graph")]
    public async Task A_failed_sign_in_is_explained_like_a_missing_permission_and_the_ics_is_offered(bool unavailable, string locale, string explanation)
    {
        _credentials.Unavailable = unavailable;
        var invoke = Activities.CardAction(_bot.ServiceUrl, "cop.create", new JsonObject
        {
            ["deal"] = Activities.ChannelId,
            ["title"] = "Klimaat en data",
            ["date"] = "2027-09-09",
            ["time"] = "15:00",
            ["duration"] = "90",
            ["mode"] = "online",
            ["invite"] = "channel",
            ["speeddate"] = "false",
        }, ("29:anne", "aad-anne", "Anne de Vries"), locale);

        var response = await _bot.SendAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = FakeConnector.Json(System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        Assert.True(card.Contains(explanation, StringComparison.Ordinal), card);
        Assert.Contains("/cop/ics/", card, StringComparison.Ordinal);
        Assert.True(_credentials.Requests > 0, "the configured credential was asked for a token");
        Assert.Empty(_graph.Calls);
        Assert.Single(await _bot.RowsAsync("CopSessions"));
    }

    [Fact]
    public async Task A_coffee_round_goes_on_for_everyone_when_graph_cannot_sign_in()
    {
        foreach (var person in People)
        {
            var saved = await _bot.SendAsync(Activities.CardAction(_bot.ServiceUrl, "coffee.save", new JsonObject { ["cadence"] = "Weekly" }, (person.Id, person.Aad, person.Name)));
            saved.EnsureSuccessStatusCode();
        }

        var introduced = await _bot.Factory.Services.GetRequiredService<CoffeeRounds>().RunOnceAsync(default);

        Assert.Equal(People.Length, introduced);
        Assert.Equal(2, (await _bot.RowsAsync("CoffeeGroups")).Count);
        Assert.True(_credentials.Requests >= 2, $"each group asked for calendars and met the failed sign-in ({_credentials.Requests})");
        Assert.Empty(_graph.Calls);
    }

    /// <summary>What Azure.Identity throws when an identity cannot get a token.</summary>
    private sealed class FailingCredentials : GraphCredentialFactory
    {
        private int _requests;

        public bool Unavailable { get; set; }

        public int Requests => Volatile.Read(ref _requests);

        public override TokenCredential Create(GraphOptions options) => new Failing(this);

        private sealed class Failing(FailingCredentials owner) : TokenCredential
        {
            public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                throw Failure();

            public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                throw Failure();

            private Exception Failure()
            {
                Interlocked.Increment(ref owner._requests);
                return owner.Unavailable
                    ? new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. No managed identity endpoint found.")
                    : new AuthenticationFailedException("ManagedIdentityCredential authentication failed: Identity not found (400).");
            }
        }
    }
}
