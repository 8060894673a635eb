using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Identity;
using CityDealBot.CopSessions;
using CityDealBot.Operations;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using CityDealBot.Graph;

namespace CityDealBot.Tests.Deploy;

/// <summary>
/// deploy/main.bicep compiled with the Bicep CLI from NuGet; the app settings it gives the web app are bound to the
/// bot's own options, so "Graph switches on in Azure" is checked against the code that reads them.
/// </summary>
public sealed class DeploymentSettingsTests
{
    private const string IdentityClientId = "5e6f7a8b-0000-4000-8000-0000000000c1";
    private const string BotAppId = "9a8b7c6d-0000-4000-8000-0000000000b2";
    private static readonly Lazy<JsonObject> Compiled = new(CompileMainBicep);

    [Fact]
    public void With_the_managed_identity_graph_is_configured_with_that_identity()
    {
        var settings = AppSettings("UserAssignedMSI");
        var graph = Bind(settings).GetSection(GraphOptions.Section).Get<GraphOptions>()!;

        Assert.True(graph.IsConfigured);
        Assert.True(graph.HasCredential);
        Assert.Equal(ArmTemplate.TenantId, graph.TenantId);
        Assert.True(graph.UseManagedIdentity);
        Assert.Equal(IdentityClientId, graph.ManagedIdentityClientId);
        Assert.Equal(IdentityClientId, settings["Connector__MicrosoftAppId"]);
        Assert.IsType<ManagedIdentityCredential>(new GraphCredentialFactory().Create(graph));
    }

    [Fact]
    public void With_an_app_registration_graph_signs_in_with_its_secret_from_key_vault()
    {
        var settings = AppSettings("SingleTenant");
        var graph = Bind(settings).GetSection(GraphOptions.Section).Get<GraphOptions>()!;

        Assert.True(graph.IsConfigured);
        Assert.False(graph.UseManagedIdentity);
        Assert.Equal(ArmTemplate.TenantId, graph.TenantId);
        Assert.Equal(BotAppId, graph.ClientId);
        Assert.Matches(@"^@Microsoft\.KeyVault\(VaultName=[a-z0-9-]+;SecretName=bot-app-password\)$", graph.ClientSecret);
        Assert.IsType<ClientSecretCredential>(new GraphCredentialFactory().Create(graph));
    }

    [Fact]
    public void The_link_signing_key_is_a_key_vault_reference_that_the_start_up_check_recognises_if_unresolved()
    {
        var key = AppSettings("UserAssignedMSI")["Links__SigningKey"];

        Assert.Matches(@"^@Microsoft\.KeyVault\(VaultName=[a-z0-9-]+;SecretName=link-signing-key\)$", key);
        Assert.Contains("unresolved Key Vault reference", SignedLinks.KeyProblem(key, localMode: false), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> AppSettings(string identityType)
    {
        var template = new ArmTemplate(Compiled.Value, new Dictionary<string, object?>
        {
            ["botIdentityType"] = identityType,
            ["botAppId"] = identityType == "SingleTenant" ? BotAppId : string.Empty,
            ["botAppPassword"] = identityType == "SingleTenant" ? "a-client-secret" : string.Empty,
        }, IdentityClientId);
        var settings = (Dictionary<string, object?>)template.ModuleParameter("webapp", "appSettings")!;
        return settings.ToDictionary(s => s.Key, s => s.Value switch
        {
            string text => text,
            ArmTemplate.Placeholder placeholder => "<" + placeholder.Path + ">",
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>App Service hands app settings to the app as environment variables, with "__" for ":".</summary>
    private static IConfiguration Bind(Dictionary<string, string?> settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
        .Build();

    private static JsonObject CompileMainBicep()
    {
        var project = Path.Combine(RepoPaths.Root, "deploy", "tools", "BicepCli.csproj");
        Run("dotnet", "restore", project, "--verbosity", "quiet");
        var bicep = Run("dotnet", "msbuild", project, "-getProperty:BicepCliPath").Trim();
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }
        return JsonNode.Parse(Run(bicep, "build", Path.Combine(RepoPaths.Root, "deploy", "main.bicep"), "--stdout"))!.AsObject();
    }

    private static string Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"{file} did not finish");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {error.Result}");
        return output.Result;
    }
}
