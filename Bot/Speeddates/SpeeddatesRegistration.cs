using CityDealBot.Cards;
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
        builder.Services.AddCardAction<JoinSpeeddate, SpeeddateCardActions>();
        builder.Services.AddCardAction<ConfirmSpeeddateDetails, SpeeddateCardActions>();
        builder.Services.AddCardAction<RefreshSpeeddate, SpeeddateCardActions>();
        builder.Services.AddCardAction<StartSpeeddate, SpeeddateCardActions>();
        builder.Services.AddCardAction<SetSpeeddateGroupSize, SpeeddateCardActions>();
        builder.Services.AddCardAction<ShowSpeeddateDecks, SpeeddateCardActions>();
        builder.Services.AddCardAction<ChooseSpeeddateDeck, SpeeddateCardActions>();
        builder.Services.AddCardAction<NextSpeeddateRound, SpeeddateCardActions>();
        builder.Services.AddCardAction<ReseatSpeeddateRound, SpeeddateCardActions>();
        builder.Services.AddCardAction<SendSpeeddateFeedback, SpeeddateFeedback>();
        // Question decks keep no one's id (who changed a deck is in the deal's audit log).
        builder.Services.AddSingleton<QuestionDeckStore>();
        builder.Services.AddStoreWithoutPersonalData(QuestionDeckStore.Table);
        builder.Services.AddBotCommand<QuestionDeckCommand>();
        builder.Services.AddCardAction<ShowQuestionDecks, QuestionDeckActions>();
        builder.Services.AddCardAction<OpenQuestionDeck, QuestionDeckActions>();
        builder.Services.AddCardAction<CreateQuestionDeck, QuestionDeckActions>();
        builder.Services.AddCardAction<SaveQuestionDeck, QuestionDeckActions>();
        builder.Services.AddCardAction<DeleteQuestionDeck, QuestionDeckActions>();
        // A CoP session's speed-date block reaches the speeddates only through this contract (Deals/SpeeddateBlocks).
        builder.Services.AddTransient<ISpeeddateBlocks, SpeeddateBlocks>();
        return builder;
    }
}
