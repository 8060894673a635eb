namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// The bot's own build started as a separate process, as App Service runs it: for what only shows in a process of
/// its own (what it exports, whether it starts at all), free of the other tests' hosts in this one.
/// </summary>
public static class BotProcess
{
    /// <param name="settings">Environment variables, in the double-underscore form of configuration keys.</param>
    public static ChildProcess Start(int port, IDictionary<string, string> settings)
    {
        // The build the tests run in (Release under the README's command) has a twin in Bot/bin.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var bot = Path.Combine(RepoPaths.Root, "Bot", "bin", configuration, "net10.0", "CityDealBot.dll");
        var dotnet = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "dotnet"))
            .First(File.Exists);
        return ChildProcess.Start(dotnet, [bot, "--urls", $"http://127.0.0.1:{port}"], RepoPaths.Root, settings);
    }
}
