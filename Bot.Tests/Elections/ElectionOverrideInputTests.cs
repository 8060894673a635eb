using System.Text.Json.Nodes;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Elections;
using CityDealBot.Elections.Lobby;

namespace CityDealBot.Tests.Elections;

/// <summary>An election override's date and municipalities are bounded: its id becomes part of table keys.</summary>
public class ElectionOverrideInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly Texts English = Texts.For(Language.English);

    [Fact]
    public void A_merger_of_more_municipalities_than_ever_merged_is_refused_with_a_message()
    {
        var names = string.Join(", ", Enumerable.Range(1, LobbySettingsCard.MaxMergedMunicipalities + 1).Select(i => $"Gemeente Nummer {i}"));

        var (election, problem) = LobbySettingsCard.ReadOverride(Merger("2028-11-22", names), English, Now);

        Assert.Null(election);
        Assert.Equal($"A merger lists at most {LobbySettingsCard.MaxMergedMunicipalities} municipalities.", problem);
    }

    [Fact]
    public void A_merger_within_the_bound_is_read()
    {
        var (election, problem) = LobbySettingsCard.ReadOverride(Merger("2028-11-22", "Utrecht, Zeist, De Bilt"), English, Now);

        Assert.Null(problem);
        Assert.Equal(["Utrecht", "Zeist", "De Bilt"], election!.Municipalities);
    }

    [Fact]
    public void An_election_in_the_year_9999_gets_a_validation_message()
    {
        var (election, problem) = LobbySettingsCard.ReadOverride(Merger("9999-12-31", "Utrecht, Zeist"), English, Now);

        Assert.Null(election);
        Assert.Equal(English["elections.override.date.error"], problem);
    }

    /// <summary>The card's data as Teams sends it, read as the handler gets it.</summary>
    private static ElectionOverrideSaved Merger(string date, string municipalities) => CardActionData.Read<ElectionOverrideSaved>(new JsonObject
    {
        ["kind"] = ElectionKind.Herindeling.Slug(),
        ["date"] = date,
        ["status"] = "Official",
        ["source"] = "https://www.kiesraad.nl/",
        ["municipalities"] = municipalities,
    })!;
}
