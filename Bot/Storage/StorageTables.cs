using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace CityDealBot.Storage;

/// <summary>
/// Hands out table clients, creating each table on first use (once per process). Table names are the logical
/// names below with the configured prefix.
/// </summary>
public sealed class StorageTables
{
    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public StorageTables(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        _prefix = settings.TablePrefix;
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        _service = settings.TableServiceUri is not null
            ? new TableServiceClient(settings.TableServiceUri, new Azure.Identity.DefaultAzureCredential(), clientOptions)
            : new TableServiceClient(settings.ConnectionString, clientOptions);
    }

    public TableServiceClient Service => _service;

    public Task<TableClient> GetAsync(string logicalName, CancellationToken ct = default) =>
        _tables.GetOrAdd(logicalName, name => new Lazy<Task<TableClient>>(() => CreateAsync(name, ct))).Value;

    /// <summary>Checks the storage account answers; used by the readiness probe.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var _ in _service.QueryAsync(maxPerPage: 1, cancellationToken: ct))
            {
                break;
            }

            return true;
        }
        catch (Azure.RequestFailedException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<TableClient> CreateAsync(string logicalName, CancellationToken ct)
    {
        var client = _service.GetTableClient(_prefix + logicalName);
        try
        {
            await client.CreateIfNotExistsAsync(ct);
        }
        catch
        {
            // Let the next caller try again instead of caching the failure.
            _tables.TryRemove(logicalName, out _);
            throw;
        }

        return client;
    }
}
