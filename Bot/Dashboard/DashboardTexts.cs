using CityDealBot.Cards.Localization;

namespace CityDealBot.Dashboard;

/// <summary>The dashboard's texts in Dutch (default) and English.</summary>
public sealed record DashboardTexts(Language Language)
{
    private static readonly Dictionary<string, LocalizedText> All = new(StringComparer.Ordinal)
    {
        ["app"] = new("CityDealBot-dashboard", "CityDealBot dashboard"),
        ["programme.title"] = new("Agenda Stad: alle City Deals", "Agenda Stad: all City Deals"),
        ["programme.intro"] = new(
            "Wat de bot van alle deals weet, met dezelfde privacydrempels als de resultatenkaart: scores verschijnen pas vanaf {0} reacties en het gemiddelde van alle deals vanaf {1} deals.",
            "What the bot knows of every deal, under the same privacy thresholds as the results card: scores appear from {0} responses and the all-deals mean from {1} deals."),
        ["skip"] = new("Naar de inhoud", "Skip to content"),
        ["nav"] = new("Onderdelen", "Sections"),
        ["results"] = new("Zelfevaluatie per deal", "Self-assessment by deal"),
        ["results.note"] = new(
            "Per deal de laatste gesloten peiling van de vragenlijst \"{0}\". De kleine spinnenwebdiagrammen tonen het gemiddelde van de deal (groen) en van alle deals (rood); de tabel eronder geeft alle waarden.",
            "Per deal the latest closed pulse of the questionnaire \"{0}\". The small spider charts show the deal's mean (green) and the mean of all deals (red); the table below gives every value."),
        ["results.table"] = new("Alle deals per indicator: gemiddelde (verschil met de nulmeting)", "All deals by indicator: mean (change since the baseline)"),
        ["deal"] = new("Deal", "Deal"),
        ["respondents"] = new("Reacties", "Responses"),
        ["closed"] = new("Gesloten", "Closed"),
        ["no.pulse"] = new("Nog geen gesloten peiling.", "No closed pulse yet."),
        ["not.shown"] = new("niet getoond", "not shown"),
        ["baseline"] = new("nulmeting", "baseline"),
        ["participation"] = new("Deelname", "Participation"),
        ["response.rate"] = new("Respons op de laatste peiling", "Response to the latest pulse"),
        ["response.note"] = new(
            "Reacties tegenover het aantal mensen met een rol in de deal (dealmakers, organisatoren en partners die een rol kregen); andere kanaalleden tellen niet mee, dus een percentage boven 100 kan.",
            "Responses against the number of people with a role in the deal (dealmakers, organisers and partners given a role); other channel members are not counted, so a rate above 100 can occur."),
        ["members"] = new("Mensen met een rol", "People with a role"),
        ["rate"] = new("Respons", "Rate"),
        ["cop"] = new("CoP-sessies van de afgelopen twaalf maanden", "CoP sessions of the past twelve months"),
        ["cop.none"] = new("Geen CoP-sessies in de afgelopen twaalf maanden.", "No CoP sessions in the past twelve months."),
        ["session"] = new("Sessie", "Session"),
        ["date"] = new("Datum", "Date"),
        ["attending"] = new("Aangemeld (ik kom)", "Signed up (attending)"),
        ["network"] = new("Contacten tussen deals", "Contacts across deals"),
        ["network.note"] = new(
            "Hoe vaak mensen van twee deals elkaar spraken in een speeddate of bij de koffie. Het netwerk toont deals, nooit personen; de tabel geeft dezelfde aantallen.",
            "How often people of two deals met in a speeddate or over coffee. The network shows deals, never people; the table gives the same numbers."),
        ["network.none"] = new("Nog geen contacten tussen deals.", "No contacts across deals yet."),
        ["network.alt"] = new("Netwerk van {0} deals met {1} verbindingen; de tabel hieronder geeft elke verbinding.", "Network of {0} deals with {1} links; the table below lists each link."),
        ["deal.a"] = new("Deal", "Deal"),
        ["deal.b"] = new("Andere deal", "Other deal"),
        ["speeddates"] = new("Speeddates", "Speeddates"),
        ["coffees"] = new("Koffie", "Coffee"),
        ["total"] = new("Totaal", "Total"),
        ["timeline"] = new("De komende 24 maanden", "The next 24 months"),
        ["timeline.note"] = new(
            "Verkiezingen, de lobbymomenten van de deals eromheen en geplande CoP-sessies. Einddata en mijlpalen van deals staan hier zodra de bot ze bijhoudt.",
            "Elections, the deals' lobby moments around them and planned CoP sessions. Deal end dates and milestones appear here once the bot keeps them."),
        ["timeline.alt"] = new("Tijdlijn van {0} tot {1} met {2} verkiezingen, {3} lobbymomenten en {4} CoP-sessies; de lijst hieronder geeft ze op datum.",
            "Timeline from {0} to {1} with {2} elections, {3} lobby moments and {4} CoP sessions; the list below gives them by date."),
        ["kind.Election"] = new("Verkiezing", "Election"),
        ["kind.LobbyMoment"] = new("Lobbymoment", "Lobby moment"),
        ["kind.CopSession"] = new("CoP-sessie", "CoP session"),
        ["what"] = new("Wat", "What"),
        ["kind"] = new("Soort", "Kind"),
        ["deals"] = new("Deals", "Deals"),
        ["filters.missing"] = new(
            "Filteren op soort deal, fase of thema kan nog niet: de bot houdt die gegevens van deals nog niet bij.",
            "Filtering by deal kind, phase or theme is not possible yet: the bot does not keep that information about deals."),
        ["deal.title"] = new("{0}", "{0}"),
        ["trend"] = new("Verloop over de peilingen", "Trend over the pulses"),
        ["trend.note"] = new("Per indicator het gemiddelde van elke gesloten peiling; het lijntje toont het verloop.", "Per indicator the mean of every closed pulse; the small line shows the trend."),
        ["indicator"] = new("Indicator", "Indicator"),
        ["latest"] = new("Laatste peiling", "Latest pulse"),
        ["lobby"] = new("Lobbykalender", "Lobby calendar"),
        ["lobby.none"] = new("Geen lobbymomenten: kies de overheden van de deal met 'verkiezingen instellen'.", "No lobby moments: choose the deal's governments with 'elections settings'."),
        ["sessions"] = new("CoP-sessies", "CoP sessions"),
        ["sessions.none"] = new("Geen CoP-sessies van deze deal in de afgelopen twaalf of komende 24 maanden.", "No CoP sessions of this deal in the past twelve or next 24 months."),
        ["lessons"] = new("Lessen: de bot verzamelt nog geen lessen van sessies; ze verschijnen hier zodra dat kan.", "Lessons: the bot does not collect lessons from sessions yet; they will appear here once it does."),
        ["remarks"] = new("Opmerkingen bij de laatste peiling (alleen voor dealmakers)", "Remarks on the latest pulse (dealmakers only)"),
        ["remarks.none"] = new("Geen opmerkingen.", "No remarks."),
        ["export"] = new("Download de resultaten van de laatste peiling (CSV, link werkt 15 minuten)", "Download the results of the latest pulse (CSV, link works for 15 minutes)"),
        ["forbidden.title"] = new("Geen toegang", "No access"),
        ["forbidden.programme"] = new("Het programmaoverzicht is alleen voor programmabeheerders van Agenda Stad.", "The programme view is for Agenda Stad's programme administrators only."),
        ["forbidden.deal"] = new("Deze deal is alleen zichtbaar voor haar leden.", "This deal is visible to its members only."),
        ["signin.title"] = new("Aanmelden (lokaal)", "Sign in (local)"),
        ["signin.intro"] = new("Lokale modus: kies een van de gebruikers van de Agents Playground.", "Local mode: choose one of the Agents Playground's users."),
        ["signin.user"] = new("Gebruiker", "User"),
        ["signin.button"] = new("Aanmelden", "Sign in"),
        ["signin.none"] = new("Er zijn geen lokale gebruikers ingesteld (Dashboard:LocalUsersFile).", "No local users are configured (Dashboard:LocalUsersFile)."),
        ["signout"] = new("Afmelden", "Sign out"),
        ["signed.in"] = new("Aangemeld als {0}", "Signed in as {0}"),
        ["teams.loading"] = new("Het dashboard wordt geopend…", "Opening the dashboard…"),
        ["teams.failed"] = new("Aanmelden via Teams lukte niet. Open het dashboard in een browser om je aan te melden.", "Signing in through Teams failed. Open the dashboard in a browser to sign in."),
        ["configure.title"] = new("Dashboard van deze deal", "This deal's dashboard"),
        ["configure.intro"] = new("Dit tabblad toont het dashboard van de deal van dit kanaal. Kies Opslaan om het toe te voegen.", "This tab shows the dashboard of this channel's deal. Choose Save to add it."),
        ["not.configured"] = new("Aanmelden bij het dashboard is niet ingesteld (Dashboard:TenantId, ClientId en PublicHost).", "Dashboard sign-in is not configured (Dashboard:TenantId, ClientId and PublicHost)."),
        ["table.of"] = new("Tabel: {0}", "Table: {0}"),
        ["language"] = new("English", "Nederlands"),
    };

    public string this[string key] => All[key].In(Language);

    public string Format(string key, params object?[] args) => string.Format(Language.Culture(), this[key], args);

    public string Code => Language.Code();
}
