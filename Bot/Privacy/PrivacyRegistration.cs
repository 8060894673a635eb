using CityDealBot.Operations;
using CityDealBot.Cards;
using CityDealBot.Teams;

namespace CityDealBot.Privacy;

public static class PrivacyRegistration
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PersonalData>();
        builder.Services.AddBotCommand<MyDataCommand>();
        builder.Services.AddBotCommand<ForgetMeCommand>();
        builder.Services.AddCardAction<ForgetMeConfirmed, ForgetMeAction>();
        builder.Services.AddSignedLinkKind(PrivacyLinks.PersonalData);
        builder.Services.AddEndpoints(static app => app.MapPrivacy());
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        app.MapGet(PrivacyLinks.PersonalDataRoute.Pattern, async (string token, SignedLinks links, PersonalData data, CancellationToken ct) =>
        {
            if (links.Verify(token, PrivacyLinks.PersonalData) is not { } link)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var export = await data.ExportAsync(link.Scope, link.Item, ct);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(export.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })),
                "application/json; charset=utf-8", "citydealbot-mijn-gegevens.json");
        });
        return app;
    }
}
