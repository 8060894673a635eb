using CityDealBot.Cards;
using CityDealBot.Operations;
using CityDealBot.Storage;
using CityDealBot.Teams;
using Microsoft.Extensions.Options;

namespace CityDealBot.Lifecycle;

public static class LifecycleRegistration
{
    public static WebApplicationBuilder AddLifecycle(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LifecycleOptions>().Bind(builder.Configuration.GetSection(LifecycleOptions.Section))
            .Validate(o => o.DispatchEvery >= TimeSpan.Zero, "Lifecycle: DispatchEvery must not be negative.")
            .ValidateOnStart();
        builder.Services.AddSignedLinkKind(LifecycleLinks.Report);
        builder.Services.AddSignedLinkKind(LifecycleLinks.RequestExport);
        builder.Services.AddSingleton<DealProfileStore>();
        builder.Services.AddStoreWithoutPersonalData(DealProfileStore.Table);
        builder.Services.AddSingleton<LessonStore>();
        builder.Services.AddPersonalDataSource<LessonsPersonalData>();
        builder.Services.AddSingleton<LifecycleReports>();
        builder.Services.AddSingleton<LifecycleDispatcher>();
        builder.Services.AddSingleton<DealProfilePresenter>();
        builder.Services.AddSingleton<LessonPresenter>();
        builder.Services.AddBotCommand<ProfileCommand>();
        builder.Services.AddBotCommand<LessonCommand>();
        builder.Services.AddBotCommand<LessonsCommand>();
        builder.Services.AddCardAction<SaveDealProfile, SaveDealProfileAction>();
        builder.Services.AddCardAction<RecordLesson, RecordLessonAction>();
        builder.Services.AddSingleton<LifecycleWelcome>();
        builder.Services.AddSingleton<ITeamMemberHandler>(sp => sp.GetRequiredService<LifecycleWelcome>());
        builder.Services.AddSingleton<ProgrammeRequestStore>();
        builder.Services.AddStoreWithoutPersonalData(ProgrammeRequestStore.RequestsTable);
        builder.Services.AddPersonalDataSource<ProgrammeRequestPersonalData>();
        builder.Services.AddSingleton<ProgrammeRequestPresenter>();
        builder.Services.AddSingleton<ProgrammeRequestDelivery>();
        builder.Services.AddBotCommand<ProgrammeRequestCommand>();
        builder.Services.AddCardAction<SendProgrammeRequest, SendProgrammeRequestAction>();
        builder.Services.AddCardAction<AnswerProgrammeRequest, AnswerProgrammeRequestAction>();
        builder.Services.AddPeriodicJob<ProgrammeRequestDelivery>(sp => sp.GetRequiredService<IOptions<LifecycleOptions>>().Value.DispatchEvery);
        builder.Services.AddPeriodicJob<LifecycleDispatcher>(sp => sp.GetRequiredService<IOptions<LifecycleOptions>>().Value.DispatchEvery);
        builder.Services.AddEndpoints(static app => app.MapLifecycle());
        return builder;
    }
}
