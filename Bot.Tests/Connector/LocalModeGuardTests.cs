using System.Diagnostics;
using CityDealBot.Connector;
using CityDealBot.Tests.Infrastructure;

namespace CityDealBot.Tests.Connector;

public class LocalModeGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("http://localhost:3978", true)]
    [InlineData("http://[::1]:3978", true)]
    [InlineData("http://0.0.0.0:3978", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://10.0.0.5:3978", false)]
    [InlineData("https://bot.example.nl", false)]
    public void Loopback_addresses_are_recognised(string address, bool loopback) =>
        Assert.Equal(loopback, LocalModeGuard.IsLoopbackAddress(address));

    [Fact]
    public async Task Local_mode_refuses_to_start_on_a_public_address()
    {
        var result = await RunBotAsync("http://0.0.0.0:" + RepoPaths.FreePort());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refuses to listen", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_mode_on_a_public_address_starts_only_when_explicitly_allowed()
    {
        var result = await RunBotAsync("http://0.0.0.0:" + RepoPaths.FreePort(), "--Connector:AllowLocalModeOnPublicAddress=true");
        Assert.Null(result.ExitCode);
        Assert.DoesNotContain("refuses to listen", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs the built bot; returns its exit code, or null when it was still running after a few seconds.</summary>
    private static async Task<(int? ExitCode, string Output)> RunBotAsync(string url, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CityDealBot.dll");
        await using var bot = ChildProcess.Start("/usr/bin/env", ["dotnet", dll, "--urls", url, "--Storage:ConnectionString", "UseDevelopmentStorage=true", .. extra], AppContext.BaseDirectory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        try
        {
            await bot.Process.WaitForExitAsync(timeout.Token);
            return (bot.Process.ExitCode, bot.Output);
        }
        catch (OperationCanceledException)
        {
            return (null, bot.Output);
        }
    }
}
