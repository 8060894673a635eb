using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Cards;

namespace CityDealBot.Tests.Coffee;

public sealed class CoffeeCardTests
{
    [Fact]
    public void Settings_of_a_paused_member_in_Dutch() => Snapshot.Match(CoffeeCards.Settings(new CoffeeSettingsView(Language.Dutch, true, "Biweekly", "2027-06-13", null)), "coffee.settings.nl");

    [Fact]
    public void Introduction_with_three_times_in_English() => Snapshot.Match(CoffeeCards.Intro(new CoffeeIntroView(Language.English, "2027-06-07", "abc123",
        [new("Bram Jansen", "Ministerie van BZK", "City Deal Klimaatadaptatie")], "What did your deal learn from another deal?",
        ["Tuesday 8 June 2027, 09:00", "Wednesday 9 June 2027, 09:00", "Thursday 10 June 2027, 09:00"], [1], null, null)), "coffee.intro.en");

    [Fact]
    public void Follow_up_in_Dutch() => Snapshot.Match(CoffeeCards.FollowUp(Language.Dutch, "2027-06-07", "abc123", "Bram Jansen"), "coffee.followup.nl");
}
