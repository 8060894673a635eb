using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Teams;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace CityDealBot.Tests.Teams;

/// <summary>Two features that claim the same card verb stop the start, naming both.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DispatchTableCheckTests(AzuriteFixture storage)
{
    private sealed class SecondPulseAnswer : ICardActionHandler<PulseAnswered>
    {
        public Task<CardActionResult> HandleAsync(TurnContext turn, PulseAnswered action, CardPress press, CancellationToken ct) =>
            Task.FromResult(CardActionResult.Problem(Language.Dutch, "never"));
    }

    [Fact]
    public async Task A_verb_claimed_twice_stops_the_start_with_both_handlers_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var bot = await BotHarness.StartAsync(storage, null, services => services.AddCardAction<PulseAnswered, SecondPulseAnswer>());
        });
        var message = Flatten(error);
        Assert.Contains("'pulse.answer'", message, StringComparison.Ordinal);
        Assert.Contains(nameof(SecondPulseAnswer), message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_features_claim_each_verb_once()
    {
        await using var bot = await BotHarness.StartAsync(storage);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await bot.Client.GetAsync("/health/live")).StatusCode);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);
}
