namespace CityDealBot.Storage;

public static class StorageRegistration
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.TableServiceUri is not null || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage needs a ConnectionString or a TableServiceUri.")
            .Validate(o => o.TablePrefix.All(char.IsAsciiLetterOrDigit), "Storage:TablePrefix may hold letters and digits only.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StorageTables>();
        builder.Services.AddSingleton<StorageQueues>();
        builder.Services.AddSingleton<DeliveryLedger>();
        return builder;
    }
}
