using CityDealBot.Coffee;
using CityDealBot.CopSessions;
using CityDealBot.Deals;
using CityDealBot.Elections;
using CityDealBot.DutchTime;
using CityDealBot.Elections.Lobby;
using CityDealBot.Lifecycle;
using CityDealBot.Pulse;
using CityDealBot.Speeddates;
using CityDealBot.Storage;
using CityDealBot.Teams;
using Microsoft.Extensions.Options;

namespace CityDealBot.Tests.Dashboard;

/// <summary>
/// Writes what the dashboard reads, through the bot's own stores: deals with a dealmaker and a partner, closed
/// pulse rounds (tallied as the sweeper tallies them), lobby settings, speeddate and coffee contacts between
/// neighbouring deals, a past and a coming CoP session per deal, and deal profiles: City, Town and Regio Deals in
/// turn (every fourth deal without a profile), each ending within the dashboard's 24 months. Used by the dashboard tests and benchmark.
/// </summary>
public sealed class DashboardSeed(string connectionString, string tablePrefix, string tenantId)
{
    private readonly StorageTables _tables = new(Options.Create(new StorageOptions { ConnectionString = connectionString, TablePrefix = tablePrefix }));

    public static string ChannelOf(int deal) => $"19:dashboard-deal-{deal}@thread.tacv2";

    public static string DealmakerOf(int deal) => $"0000d000-0000-4000-8000-{deal:000000000000}";

    public static string PartnerOf(int deal) => $"0000a000-0000-4000-8000-{deal:000000000000}";

    /// <summary>What happened, in the internal lesson of a deal.</summary>
    public static string LessonOf(int deal) => $"Interne les van deal {deal}: de stuurgroep schoof twee keer op.";

    public static string NameOf(int deal) => $"City Deal {DealNames[deal % DealNames.Length]}{(deal < DealNames.Length ? string.Empty : " " + ((deal / DealNames.Length) + 1))}";

    /// <summary>The profile deal <paramref name="deal"/> gets, or null for every fourth deal (nobody filled it in).</summary>
    public static DealProfile? ProfileOf(int deal, DateOnly today) => (deal % 4) switch
    {
        3 => null,
        var k => new DealProfile(
            k == 0 ? DealKind.CityDeal : k == 1 ? DealKind.TownDeal : DealKind.RegioDeal,
            EndOf(deal, today).AddYears(-DealProfile.TownDealYears),
            EndOf(deal, today),
            k == 0 ? DealPhase.Uitvoering : k == 1 ? DealPhase.Kwartiermaker : DealPhase.Verkenning,
            [3, 9]),
    };

    /// <summary>
    /// Six months before the deal's end: a Wednesday from June to November (no Dutch public holiday falls on one), so
    /// the extend-or-close prompt is due on that very day, three to ten months from today.
    /// </summary>
    public static DateOnly ExtendOrCloseOf(int deal, DateOnly today)
    {
        var day = today.AddMonths(3 + (deal % 3));
        while (day.DayOfWeek != DayOfWeek.Wednesday || day.Month is < 6 or > 11 || day.Day > 28)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    public static DateOnly EndOf(int deal, DateOnly today) => ExtendOrCloseOf(deal, today).AddMonths(6);

    private static readonly string[] DealNames =
    [
        "Klimaatadaptatie", "Circulaire Stad", "Kennis Maken", "Eenzaamheid", "Voedsel op de Stedelijke Agenda", "Slim en Gezond Stedelijk Gebied",
        "Inclusieve Stad", "Nieuwe Energie", "Mobiliteitstransitie", "Wonen en Zorg",
    ];

    private static readonly string[] Municipalities = ["Utrecht", "Rotterdam", "Eindhoven", "Groningen", "Zwolle", "Breda", "Maastricht", "Almere"];

    /// <param name="deals">How many deals.</param>
    /// <param name="rounds">Closed pulse rounds per deal, two months apart, the last a week ago.</param>
    /// <param name="sparseDeal">A deal whose latest round has too few respondents (withheld), or -1.</param>
    public async Task SeedAsync(int deals, int rounds, int sparseDeal = -1, CancellationToken ct = default)
    {
        var time = TimeProvider.System;
        var directory = new DealDirectory(_tables, time);
        var pulses = new PulseStore(_tables, time);
        var lobby = new LobbyStore(_tables);
        var speeddates = new SpeeddateStore(_tables);
        var coffee = new CoffeeStore(_tables);
        var sessions = new CopSessionStore(_tables);
        var profiles = new DealProfileStore(_tables, time);
        var lessons = new LessonStore(_tables, time);
        var template = PulseTemplates.Default;
        var now = DateTimeOffset.UtcNow;

        for (var deal = 0; deal < deals; deal++)
        {
            var channel = ChannelOf(deal);
            await directory.RegisterAsync(new DealRecord
            {
                ChannelId = channel,
                TenantId = tenantId,
                TeamName = NameOf(deal),
                ChannelName = "Algemeen",
                // Nothing listens here: a roster read for someone without a role fails fast and is refused.
                ServiceUrl = "http://127.0.0.1:9/",
                ConversationId = channel,
                InstalledAt = now.AddYears(-1),
            }, ct);
            await directory.GrantRoleIfNewAsync(channel, new TeamsUser("29:dm-" + deal, "Dealmaker " + deal, DealmakerOf(deal), tenantId), DealRoles.Dealmaker, null, ct);
            await directory.GrantRoleIfNewAsync(channel, new TeamsUser("29:p-" + deal, "Partner " + deal, PartnerOf(deal), tenantId), DealRoles.Partner, DealmakerOf(deal), ct);
            for (var extra = 0; extra < 10; extra++)
            {
                await directory.GrantRoleIfNewAsync(channel, new TeamsUser($"29:m-{deal}-{extra}", $"Lid {deal}-{extra}", $"m-{deal}-{extra}", tenantId), DealRoles.Partner, DealmakerOf(deal), ct);
            }

            for (var round = 0; round < rounds; round++)
            {
                var closesAt = now.AddDays(-7 - ((rounds - 1 - round) * 60));
                var respondents = deal == sparseDeal && round == rounds - 1 ? 3 : 6 + ((deal + round) % 5);
                var responses = Enumerable.Range(0, respondents).Select(r => new PulseResponse($"seed-{deal}-{round}-{r}", new PulseAnswerSet(
                    template.ScaleQuestions.ToDictionary(q => q.Id, q => Math.Clamp(2 + ((deal + round + r + q.Id.Length) % 4), q.Min, q.Max)),
                    new Dictionary<string, string>(),
                    r == 0 ? $"Opmerking van deal {deal} ronde {round}" : null))).ToList();
                // As a closed round is kept: the round, its answers (until retention retires them) and its stored tally.
                var record = new PulseRoundRecord
                {
                    PartitionKey = DealDirectory.DealKey(channel),
                    RowKey = PulseStore.NewRoundId(closesAt.AddDays(-7)),
                    DealChannelId = channel,
                    TemplateId = template.Id,
                    OpensAt = closesAt.AddDays(-7),
                    ClosesAt = closesAt,
                    StartedBy = DealmakerOf(deal),
                    IsFinished = true,
                };
                await (await _tables.GetAsync(PulseStore.RoundsTable, ct)).AddEntityAsync(record, ct);
                foreach (var response in responses)
                {
                    await pulses.SaveResponseAsync(record, response.RespondentKey, response.Answers, ct);
                }

                await pulses.SaveTallyAsync(template.Id, PulseTally.Summarize(template, channel, record.RowKey, closesAt, responses), ct);
            }

            if (ProfileOf(deal, AmsterdamTime.LocalDate(now)) is { } profile)
            {
                await profiles.SaveAsync(DealDirectory.DealKey(channel), NameOf(deal), profile, ct);
            }

            // One internal lesson per deal: the deal view shows it to the deal's people only.
            await lessons.AddAsync(new LessonRecord
            {
                PartitionKey = DealDirectory.DealKey(channel),
                DealName = NameOf(deal),
                What = LessonOf(deal),
                Learned = $"Geleerd in deal {deal}: samen plannen werkt beter.",
                Theme = LessonThemes.Process,
                DidNotWork = deal % 2 == 1,
                AuthorKey = DealmakerOf(deal),
                AuthorName = "Dirk Dealmaker",
            }, ct);

            await lobby.SaveSettingsAsync(DealDirectory.DealKey(channel), [new Government(GovernmentKind.Municipality, Municipalities[deal % Municipalities.Length])], postInChannel: false, "seed", ct);

            foreach (var (startsAt, title) in new[] { (now.AddDays(-30 - deal), $"CoP-sessie {NameOf(deal)}"), (now.AddDays(20 + deal), $"Vervolgsessie {NameOf(deal)}") })
            {
                var sessionId = Guid.NewGuid().ToString();
                await sessions.SaveAsync(new CopSessionRecord
                {
                    PartitionKey = DealDirectory.DealKey(channel),
                    RowKey = sessionId,
                    Title = title,
                    StartsAt = startsAt,
                    DurationMinutes = 60,
                    OrganiserKey = DealmakerOf(deal),
                    OrganiserName = "Dealmaker " + deal,
                }, ct);
                if (startsAt < now)
                {
                    await sessions.AnswerAsync(sessionId, DealmakerOf(deal), "Dealmaker " + deal, "yes", startsAt.AddDays(-2), ct);
                    await sessions.AnswerAsync(sessionId, PartnerOf(deal), "Partner " + deal, "yes", startsAt.AddDays(-2), ct);
                }
            }

            // Contacts with the next deal: the dealmakers met in a speeddate, the partners over coffee.
            if (deal + 1 < deals)
            {
                await speeddates.AddHistoryAsync(new Dictionary<(string A, string B), int> { [(DealmakerOf(deal), DealmakerOf(deal + 1))] = 1 }, now.AddDays(-10), ct);
                await coffee.TryAddGroupAsync(new CoffeeGroupRecord
                {
                    PartitionKey = DateOnly.FromDateTime(now.AddDays(-14).UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    RowKey = CoffeeGroupRecord.KeyOf([PartnerOf(deal), PartnerOf(deal + 1)]),
                    Members = PartnerOf(deal) + "," + PartnerOf(deal + 1),
                    TenantId = tenantId,
                }, ct);
            }

            await speeddates.SaveParticipantAsync(new SpeeddateParticipantRecord
            {
                PartitionKey = "seed-session",
                RowKey = TableKey.Encode(DealmakerOf(deal)),
                PersonKey = DealmakerOf(deal),
                Name = "Dealmaker " + deal,
                Deal = NameOf(deal),
                IsConfirmed = true,
                JoinedAt = now.AddDays(-10),
            }, ct);
            await coffee.SaveMemberAsync(new CoffeeMemberRecord
            {
                PartitionKey = TableKey.Encode(tenantId),
                RowKey = TableKey.Encode(PartnerOf(deal)),
                Name = "Partner " + deal,
                Deal = NameOf(deal),
                JoinedOn = "2026-01-05",
            }, ct);
        }
    }
}
