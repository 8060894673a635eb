using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace CityDealBot.Storage;

/// <summary>
/// Hands out queue clients, creating each queue on first use. Queue names are the logical names with the table
/// prefix in lower case (queue names allow lower-case letters, digits and hyphens only).
/// </summary>
public sealed class StorageQueues
{
    private readonly QueueServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);

    public StorageQueues(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        _prefix = settings.TablePrefix.ToLowerInvariant();
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        _service = settings.QueueServiceUri is not null
            ? new QueueServiceClient(settings.QueueServiceUri, new Azure.Identity.DefaultAzureCredential(), clientOptions)
            : new QueueServiceClient(settings.ConnectionString, clientOptions);
    }

    public Task<QueueClient> GetAsync(string logicalName, CancellationToken ct = default) =>
        _queues.GetOrAdd(logicalName, name => new Lazy<Task<QueueClient>>(() => CreateAsync(name, ct))).Value;

    private async Task<QueueClient> CreateAsync(string logicalName, CancellationToken ct)
    {
        var client = _service.GetQueueClient(_prefix + logicalName);
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken: ct);
        }
        catch
        {
            // Let the next caller try again instead of caching the failure.
            _queues.TryRemove(logicalName, out _);
            throw;
        }

        return client;
    }
}
