namespace CityDealBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Connection string; locally Azurite through <c>UseDevelopmentStorage=true</c>.</summary>
    public string? ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>In Azure: the table endpoint, reached with the app's managed identity instead of a key.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>In Azure: the queue endpoint (the proactive outbox), reached with the managed identity.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Prefix for every table name, so several test runs or environments can share one account.</summary>
    public string TablePrefix { get; set; } = string.Empty;
}
