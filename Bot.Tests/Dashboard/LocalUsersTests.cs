using CityDealBot.Dashboard;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Dashboard;

public class LocalUsersTests
{
    [Fact]
    public void The_local_sign_in_offers_the_Playgrounds_current_user_and_its_users_and_nothing_else()
    {
        var users = LocalUsers.Read(Path.Combine(RepoPaths.Tools, "playground", ".m365agentsplayground.yml"));

        Assert.Equal(
            [
                new LocalUser("Anne de Vries", "00000000-0000-0000-0000-0000000000020"),
                new LocalUser("Bram Jansen", "00000000-0000-0000-0000-0000000000021"),
                new LocalUser("Chantal Bakker", "00000000-0000-0000-0000-0000000000022"),
                new LocalUser("Daan Visser", "00000000-0000-0000-0000-0000000000023"),
                new LocalUser("Eva Smit", "00000000-0000-0000-0000-0000000000024"),
                new LocalUser("Farid El Amrani", "00000000-0000-0000-0000-0000000000025"),
            ],
            users);
    }

    [Fact]
    public void No_file_means_no_users()
    {
        Assert.Empty(LocalUsers.Read(null));
        Assert.Empty(LocalUsers.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yml")));
    }
}
