namespace CityDealBot.Tests;

public class SkeletonTests
{
    [Fact]
    public void Solution_builds() => Assert.Equal(10, Environment.Version.Major);
}
