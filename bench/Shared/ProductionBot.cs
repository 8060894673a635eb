using System.Diagnostics;
using System.Globalization;
using CityDealBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static CityDealBot.Bench.BenchProcesses;

namespace CityDealBot.Bench;

/// <summary>
/// CityDealBot's Release build as its own process in production mode, with only what a deployment must say
/// (identity, storage, signing key) and everything else, Teams pacing included, as shipped. Around it: App
/// Service's managed-identity endpoint (api-version 2019-08-01) for the outbound token, and Azurite in memory.
/// </summary>
public sealed class ProductionBot : IAsyncDisposable
{
    // Azurite's published development account key (not a secret).
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly LoopbackServer _identity;
    private readonly Process _azurite;
    private readonly Process _bot;

    private ProductionBot(LoopbackServer identity, Process azurite, Process bot, string storage, int port)
    {
        _identity = identity;
        _azurite = azurite;
        _bot = bot;
        StorageConnectionString = storage;
        MessagesUrl = $"http://127.0.0.1:{port}/api/messages";
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string StorageConnectionString { get; }

    public string MessagesUrl { get; }

    /// <summary>The bot's own address, for its other endpoints.</summary>
    public string BaseUrl { get; }

    /// <param name="name">Names the benchmark in the identity header and the signing key.</param>
    /// <param name="settings">Further settings a deployment would give (as environment variables, <c>Section__Key</c>).</param>
    public static async Task<ProductionBot> StartAsync(string repo, string name, string appId, string tenant, string openIdMetadataUrl, string tablePrefix, IReadOnlyDictionary<string, string>? settings = null)
    {
        var identity = await LoopbackServer.StartAsync(app => app.MapGet("/msi/token", (HttpContext http) => http.Request.Headers["X-IDENTITY-HEADER"] == name
            ? Results.Json(new
            {
                access_token = $"outbound-token-for-the-{name}-benchmark",
                expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                resource = "https://api.botframework.com",
                token_type = "Bearer",
                client_id = appId,
            })
            : Results.StatusCode(401)));

        var azuritePort = RepoPaths.FreePort();
        var azurite = Start(Path.Combine(repo, "tools/node_modules/.bin/azurite-table"),
            $"--tableHost 127.0.0.1 --tablePort {azuritePort} --inMemoryPersistence --skipApiVersionCheck --disableTelemetry", repo, new Dictionary<string, string>());
        await RepoPaths.WaitForPortAsync(azuritePort, TimeSpan.FromSeconds(30));
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};TableEndpoint=http://127.0.0.1:{azuritePort}/devstoreaccount1;";

        var port = RepoPaths.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["IDENTITY_ENDPOINT"] = identity.BaseUrl + "msi/token",
            ["IDENTITY_HEADER"] = name,
            ["Connector__MicrosoftAppId"] = appId,
            ["Connector__MicrosoftAppTenantId"] = tenant,
            ["Connector__MicrosoftAppType"] = "UserAssignedMSI",
            ["Connector__OpenIdMetadataUrl"] = openIdMetadataUrl,
            ["Storage__ConnectionString"] = storage,
            ["Storage__TablePrefix"] = tablePrefix,
            ["Links__SigningKey"] = $"a-signing-key-for-the-{name}-benchmark-only-0123456789",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_SDK_DISABLED"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var bot = Start("dotnet", $"\"{Path.Combine(repo, "Bot/bin/Release/net10.0/CityDealBot.dll")}\" --urls http://127.0.0.1:{port}", repo, environment);
        await RepoPaths.WaitForPortAsync(port, TimeSpan.FromSeconds(30));
        return new ProductionBot(identity, azurite, bot, storage, port);
    }

    public async ValueTask DisposeAsync()
    {
        _bot.Kill(entireProcessTree: true);
        _azurite.Kill(entireProcessTree: true);
        _bot.Dispose();
        _azurite.Dispose();
        await _identity.DisposeAsync();
    }
}
