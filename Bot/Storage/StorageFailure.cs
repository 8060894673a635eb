using Azure;

namespace CityDealBot.Storage;

public static class StorageFailure
{
    /// <summary>
    /// Whether an exception means the storage account failed or could not be reached. After its own retries the
    /// Azure SDK reports an unreachable account as an AggregateException of RequestFailedExceptions.
    /// </summary>
    public static bool Is(Exception e) => e switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        _ => false,
    };
}
