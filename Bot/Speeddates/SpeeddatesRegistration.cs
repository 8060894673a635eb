using CityDealBot.Deals;
using CityDealBot.Operations;
using CityDealBot.Teams;

using CityDealBot.Storage;

namespace CityDealBot.Speeddates;

public static class SpeeddatesRegistration
{
    public static WebApplicationBuilder AddSpeeddates(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SpeeddateStore>();
        builder.Services.AddPersonalDataSource<SpeeddatePersonalData>();
        builder.Services.AddTransient<SpeeddateConductor>();
        builder.Services.AddOptions<SpeeddateOptions>().Bind(builder.Configuration.GetSection(SpeeddateOptions.Section))
            .Validate(o => o.TimerEvery >= TimeSpan.Zero, "Speeddates:TimerEvery may not be negative (zero switches the timer off).")
            .ValidateOnStart();
        builder.Services.AddTransient<SpeeddateTimer>();
        builder.Services.AddPeriodicJob<SpeeddateTimer>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SpeeddateOptions>>().Value.TimerEvery);
        builder.Services.AddBotCommand<SpeeddateCommand>();
        builder.Services.AddCardActions<SpeeddateCardActions>();
        builder.Services.AddCardActions<SpeeddateFeedback>();
        // Question decks keep no one's id (who changed a deck is in the deal's audit log).
        builder.Services.AddSingleton<QuestionDeckStore>();
        builder.Services.AddStoreWithoutPersonalData(QuestionDeckStore.Table);
        builder.Services.AddScoped<QuestionDeckActions>();
        builder.Services.AddBotCommand<QuestionDeckCommand>();
        builder.Services.AddScoped<ICardActionHandler>(sp => sp.GetRequiredService<QuestionDeckActions>());
        // A CoP session's speed-date block reaches the speeddates only through this contract (Deals/SpeeddateBlocks).
        builder.Services.AddTransient<ISpeeddateBlocks, SpeeddateBlocks>();
        return builder;
    }
}
