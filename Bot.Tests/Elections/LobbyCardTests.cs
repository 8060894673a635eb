using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Tests.Cards;

namespace CityDealBot.Tests.Elections;

public class LobbyCardTests
{
    private static LobbyReminderView Reminder(Language language, bool late, string? confirm) => new(
        language,
        new LobbyMomentRef("19:deal@thread.tacv2", "gemeenteraad-2030", "re-engage:Municipality:UTRECHT"),
        "City Deal Klimaatadaptatie",
        language == Language.English ? "Re-engage the new aldermen" : "Nieuwe wethouders opnieuw betrekken",
        language == Language.English ? "Municipal council election" : "Gemeenteraadsverkiezing",
        "20 maart 2030",
        language == Language.English ? "computed from electoral law" : "berekend volgens de Kieswet",
        "20 juni 2030",
        language == Language.English ? "expected date" : "verwachte datum",
        ["Gemeente Utrecht", "Gemeente Amersfoort"],
        language == Language.English ? "New aldermen set their agendas in their first months." : "Nieuwe wethouders zetten in hun eerste maanden hun agenda.",
        [new("0", language == Language.English ? "Send the deal's results" : "Stuur de resultaten van de deal", true), new("1", language == Language.English ? "Plan a visit" : "Plan een werkbezoek", false)],
        late ? (language == Language.English ? "This reminder is later than planned." : "Deze herinnering komt later dan gepland.") : null,
        confirm,
        IsDone: false,
        SnoozedUntil: null);

    [Fact]
    public void Reminder_in_Dutch_with_an_event_to_confirm() =>
        Snapshot.Match(LobbyCards.Reminder(Reminder(Language.Dutch, late: false, "Nieuwe bestuurders aangetreden")), "lobby.reminder.nl");

    [Fact]
    public void Late_reminder_in_English() =>
        Snapshot.Match(LobbyCards.Reminder(Reminder(Language.English, late: true, null)), "lobby.reminder.late.en");

    [Fact]
    public void Timeline_in_Dutch() => Snapshot.Match(LobbyCards.Timeline(new LobbyTimelineView(
        Language.Dutch, "Lobbymomenten van Deal X", "Gebaseerd op de verkiezingen.",
        [new("1 maart 2027", "Kandidatenlijsten", "Provinciale Statenverkiezing", "17 maart 2027", "officiële datum", "Provincie Utrecht")], null)), "lobby.timeline.nl");

    [Fact]
    public void An_empty_timeline_explains_what_to_do()
    {
        var card = LobbyCards.Timeline(new LobbyTimelineView(Language.English, "Lobby moments", null, [], null));
        Assert.Contains("elections settings", card.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_in_English() => Snapshot.Match(LobbyCards.Settings(new LobbySettingsView(
        Language.English, "19:deal@thread.tacv2", "Deal X",
        [new("Province:PV26", "Utrecht"), new("Province:PV27", "Noord-Holland")],
        [new("WaterBoard:HDSR", "De Stichtse Rijnlanden")],
        [new("Ministry:BZK", "Binnenlandse Zaken en Koninkrijksrelaties")],
        ["Province:PV26", "Ministry:BZK"], "Utrecht, Amersfoort", PostInChannel: true, ["Gemeente Utrecht"])), "lobby.settings.en");

    [Fact]
    public void Override_in_Dutch() => Snapshot.Match(LobbyCards.Override(new ElectionOverrideView(
        Language.Dutch, [new Choice("Tweede Kamerverkiezing", "tweede_kamer")], [new Choice("officiële datum", "Official")])), "elections.override.nl");

    [Fact]
    public void Reminder_buttons_carry_the_moment_and_ticks_become_toggles()
    {
        var card = LobbyCards.Reminder(Reminder(Language.Dutch, false, null)).ToJsonObject();
        var json = card.ToJsonString();
        Assert.Contains("\"verb\":\"lobby.check\"", json, StringComparison.Ordinal);
        Assert.Contains("re-engage:Municipality:UTRECHT", json, StringComparison.Ordinal);
        var toggles = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "Input.Toggle").ToList();
        Assert.Equal(["item-0", "item-1"], toggles.Select(t => t!["id"]!.GetValue<string>()));
        Assert.Equal(["true", "false"], toggles.Select(t => t!["value"]!.GetValue<string>()));
        Assert.DoesNotContain("Action.ShowCard", json, StringComparison.Ordinal);
    }
}
