using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// The real bot in-process. By default it listens on a real loopback port (Kestrel), so local mode's loopback
/// rule and the Playground see it as they would in production; configuration comes from the test.
/// </summary>
public sealed class BotFactory(AzuriteFixture storage, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? tablePrefix = null)
    : WebApplicationFactory<Program>
{
    public string TablePrefix { get; } = tablePrefix ?? AzuriteFixture.NewTablePrefix();

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>Set before start to capture every log line of the bot at trace level.</summary>
    public CapturingLoggerProvider? Logs { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:ConnectionString", storage.ConnectionString);
        builder.UseSetting("Storage:TablePrefix", TablePrefix);
        builder.UseSetting("Logging:LogLevel:Default", Logs is null ? "Warning" : "Trace");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (Logs is not null)
            {
                logging.AddProvider(Logs);
            }
        });
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>Starts the bot on a real loopback port and returns a client for it.</summary>
    public HttpClient StartOnLoopback()
    {
        // Listen options rather than UseKestrel(port): the port overload rewrites the server's addresses after
        // start and races with Kestrel's own start-up.
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        return CreateClient();
    }
}
