using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>Where the repository's tools are, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Tools => Path.Combine(Root, "tools");

    /// <summary>A source document of the programme; the shared folder sits beside the repository (locally and in CI).</summary>
    public static string Seed(string fileName) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seeds", fileName));

    public static string NodeBin(string name) => Path.Combine(Tools, "node_modules", ".bin", name);

    /// <summary>Where failure screenshots and logs go; kept by CI as artifacts.</summary>
    public static string Artifacts
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "tests");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port, TimeSpan timeout, Process? process = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before listening on {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listened on port {port} within {timeout}.");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CityDealBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
