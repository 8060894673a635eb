using System.Globalization;
using System.Text.Json;
using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.Dispatch;
using CityDealBot.Operations;
using CityDealBot.Pairing;
using CityDealBot.Storage;
using CityDealBot.Teams;
using Microsoft.Extensions.Options;
using CityDealBot.DutchTime;
using CityDealBot.Graph;

namespace CityDealBot.Coffee;

/// <summary>Section <c>Coffee</c>.</summary>
public sealed class CoffeeOptions
{
    public const string Section = "Coffee";

    /// <summary>How often the week's pairing and the follow-ups are checked; zero switches it off (tests drive it).</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The weekly coffee round: from Monday 09:00 (Amsterdam) the week's groups are planned once (pairs, a trio for an
/// odd number; no repeat unless forced, across deals first) and each member gets an introduction with three proposed
/// half hours; the day after an agreed time (or at the end of the week without one) each gets the follow-up question.
/// Every instance runs it; the delivery ledger and the groups' fixed keys keep every step single.
/// </summary>
public sealed class CoffeeRounds(
    CoffeeStore store,
    DealDirectory directory,
    DeliveryLedger ledger,
    ProactiveOutbox outbox,
    ProactiveDispatcher dispatcher,
    SignedLinks links,
    GraphGateway calendar,
    TimeProvider time) : Operations.IPeriodicJob
{
    public Task<int> RunPeriodicAsync(CancellationToken ct) => RunOnceAsync(ct);

    public const int SlotMinutes = 30;
    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string Key(DateOnly week) => week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Plans this week if it is time, sends due introductions and follow-ups; returns the number of cards sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = AmsterdamTime.LocalDate(now);
        var week = WeekOf(today);
        var deliveries = new List<ProactiveDelivery>();
        if (now >= AmsterdamTime.ToInstant(week, new TimeOnly(9, 0)))
        {
            await PlanAsync(week, today, ct);
            foreach (var group in await store.GroupsAsync(week, ct))
            {
                deliveries.AddRange(Deliveries(group, "intro", (member, language, token) => IntroAsync(group, member, language, store, links, token)));
            }
        }

        foreach (var earlier in new[] { week.AddDays(-7), week })
        {
            foreach (var group in await store.GroupsAsync(earlier, ct))
            {
                var due = group.Agreed is { } slot ? group.Starts()[slot].AddDays(1) : AmsterdamTime.ToInstant(earlier.AddDays(5), new TimeOnly(9, 0));
                if (now >= due)
                {
                    deliveries.AddRange(Deliveries(group, "followup", async (member, language, token) =>
                        CoffeeCards.FollowUp(language, group.PartitionKey, group.RowKey, await OthersAsync(group, member, token))));
                }
            }
        }

        // Every member of every group at once, through the dispatcher: a round for a thousand members is paced by
        // Teams' limits, not by one send after the other.
        return (await dispatcher.DispatchAsync(deliveries, ct)).Sent;
    }

    public static async Task<Cards.Adaptive.AdaptiveCard> IntroAsync(CoffeeGroupRecord group, string viewerKey, Language language, CoffeeStore store, SignedLinks links, CancellationToken ct)
    {
        var partners = new List<CoffeePartner>();
        foreach (var key in group.MemberKeys().Where(k => k != viewerKey))
        {
            var member = await store.FindMemberAsync(group.TenantId, key, ct);
            partners.Add(new CoffeePartner(member?.Name ?? key, member?.Organisation ?? string.Empty, member?.Deal ?? string.Empty));
        }

        var texts = Texts.For(language);
        // The group id is a hex hash: the same group always gets the same question from the speeddate deck.
        var question = 1 + (int)(uint.Parse(group.RowKey[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % ConversationQuestions.Count);
        var starter = texts[ConversationQuestions.Key(question)];
        return CoffeeCards.Intro(new CoffeeIntroView(
            language, group.PartitionKey, group.RowKey, partners, starter,
            [.. group.Starts().Select(s => AmsterdamTime.Display(s, language))],
            group.TickMap().GetValueOrDefault(viewerKey) ?? [],
            group.Agreed,
            group.Agreed is null ? null : links.Url(CoffeeLinks.InvitationRoute, group.PartitionKey, group.RowKey, language.Code()),
            group.JoinUrl));
    }

    private async Task PlanAsync(DateOnly week, DateOnly today, CancellationToken ct)
    {
        // Nobody to pair yet: nothing is claimed, so the week is planned once two people have joined.
        var members = await store.ActiveMembersAsync(ct);
        if (members.Count < 2)
        {
            return;
        }

        var claim = await ledger.TryClaimAsync("coffee-week", Key(week), Holder, ct);
        if (claim is null)
        {
            return;
        }

        var plan = CoffeePlanner.PlanWeek(week, [.. members.Select(m => m.ToPlanner())], await store.HistoryAsync(week, ct), seed: week.DayNumber);
        var tenantOf = members.ToDictionary(m => TableKey.Decode(m.RowKey), m => TableKey.Decode(m.PartitionKey), StringComparer.Ordinal);
        var byKey = members.ToDictionary(m => TableKey.Decode(m.RowKey), StringComparer.Ordinal);
        foreach (var group in plan.Groups)
        {
            var slots = await ProposeAsync([.. group.Members.Select(k => byKey[k])], today.AddDays(1), today.AddDays(7), ct);
            await store.TryAddGroupAsync(new CoffeeGroupRecord
            {
                PartitionKey = Key(week),
                RowKey = CoffeeGroupRecord.KeyOf(group.Members),
                Members = string.Join(',', group.Members),
                TenantId = tenantOf[group.Members[0]],
                Slots = JsonSerializer.Serialize(slots.Select(s => s.Start.ToUnixTimeSeconds())),
            }, ct);
        }

        await ledger.MarkSentAsync(claim, ct);
    }

    /// <summary>
    /// Three half hours on the working days ahead: from everyone's free/busy when Graph is configured and they are all
    /// colleagues in the tenant with a known address (asked through the first one's calendar), else from working hours.
    /// </summary>
    private async Task<IReadOnlyList<SlotProposal>> ProposeAsync(IReadOnlyList<CoffeeMemberRecord> group, DateOnly from, DateOnly to, CancellationToken ct)
    {
        IReadOnlyList<IReadOnlyList<BusyInterval>> busy = [];
        if (calendar.IsConfigured && group[0].MailboxId is { } mailbox && group.All(m => !m.IsGuest && !string.IsNullOrEmpty(m.Email)))
        {
            var (schedules, _) = await calendar.GetScheduleAsync(mailbox, [.. group.Select(m => m.Email!)],
                AmsterdamTime.ToInstant(from, TimeOnly.MinValue), AmsterdamTime.ToInstant(to.AddDays(1), TimeOnly.MinValue), ct);
            busy = schedules ?? [];
        }

        return SlotFinder.Best(busy, from, to, SlotMinutes);
    }

    private IEnumerable<ProactiveDelivery> Deliveries(
        CoffeeGroupRecord group, string kind, Func<string, Language, CancellationToken, Task<Cards.Adaptive.AdaptiveCard>> card) =>
        group.MemberKeys().Select(key => new ProactiveDelivery("coffee-" + kind, $"{group.PartitionKey}:{group.RowKey}:{key}", async (claim, ct) =>
        {
            var person = await directory.FindPersonAsync(group.TenantId, key, ct);
            if (person is null)
            {
                await ledger.MarkSkippedAsync(claim, "no way to reach this person", ct);
                return false;
            }

            return await outbox.DeliverToPersonAsync(claim, person, await card(key, Languages.FromLocale(person.Locale), ct), ct) == DeliveryOutcome.Sent;
        }));

    private async Task<string> OthersAsync(CoffeeGroupRecord group, string viewerKey, CancellationToken ct)
    {
        var names = new List<string>();
        foreach (var key in group.MemberKeys().Where(k => k != viewerKey))
        {
            names.Add((await store.FindMemberAsync(group.TenantId, key, ct))?.Name ?? key);
        }

        return string.Join(" & ", names);
    }
}

public static class CoffeeRegistration
{
    public static WebApplicationBuilder AddCoffee(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CoffeeOptions>().Bind(builder.Configuration.GetSection(CoffeeOptions.Section))
            .Validate(o => o.CheckEvery >= TimeSpan.Zero, "Coffee:CheckEvery may not be negative (zero switches the round off).")
            .ValidateOnStart();
        builder.Services.AddSingleton<CoffeeStore>();
        builder.Services.AddSingleton<Deals.IDealInsightSource, CoffeeInsights>();
        builder.Services.AddPersonalDataSource<CoffeePersonalData>();
        builder.Services.AddTransient<CoffeeRounds>();
        builder.Services.AddPeriodicJob<CoffeeRounds>(sp => sp.GetRequiredService<IOptions<CoffeeOptions>>().Value.CheckEvery);
        builder.Services.AddBotCommand<CoffeeCommand>();
        builder.Services.AddSignedLinkKind(CoffeeLinks.Invitation);
        builder.Services.AddCardAction<CoffeeSettingsSaved, CoffeeActions>();
        builder.Services.AddCardAction<CoffeeLeft, CoffeeActions>();
        builder.Services.AddCardAction<CoffeeTimeTicked, CoffeeActions>();
        builder.Services.AddCardAction<CoffeeMetAnswered, CoffeeActions>();
        builder.Services.AddEndpoints(static app => app.MapCoffee());
        return builder;
    }

    /// <summary>The agreed coffee date as an .ics file; the signed token is the only key.</summary>
    public static IEndpointRouteBuilder MapCoffee(this IEndpointRouteBuilder app)
    {
        app.MapGet(CoffeeLinks.InvitationRoute.Pattern, async (string token, SignedLinks links, CoffeeStore store, CancellationToken ct) =>
        {
            if (links.Verify(token, CoffeeLinks.Invitation) is not { } link
                || await store.FindGroupAsync(link.Scope, link.Item, ct) is not { Agreed: { } slot } group)
            {
                return Results.NotFound();
            }

            var names = new List<string>();
            foreach (var key in group.MemberKeys())
            {
                names.Add((await store.FindMemberAsync(group.TenantId, key, ct))?.Name ?? key);
            }

            var ics = CalendarFile.Write("coffee-" + group.RowKey, "Koffie / Coffee: " + string.Join(" & ", names), null, null, null,
                group.Starts()[slot], CoffeeRounds.SlotMinutes, isCancelled: false);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "koffie.ics");
        });
        return app;
    }
}
