using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.CopSessions;
using CityDealBot.Deals;
using CityDealBot.Elections.Lobby;
using CityDealBot.Pulse;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CityDealBot.Tests.Integration.Turns;
using CityDealBot.Elections;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.Deals;

/// <summary>
/// The programme-administrator role (configured Entra object ids, checked against <c>from.aadObjectId</c>): only an
/// administrator invites all deals, marks the CoP and programme channels, and sees which deals a programme-wide
/// moment concerns; channels that are not deals never count as deals.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProgrammeAdministratorTests(AzuriteFixture storage)
{
    public const string AdminId = "3f1c2a9e-5b7d-4e21-9c0a-7d4b2e8f1a01";
    public const string DealB = "19:deal-wonen@thread.tacv2";
    public const string CopChannel = "19:cop-agendastad@thread.tacv2";

    public static readonly (string Id, string Aad, string Name) Anne = ("29:anne", "aad-anne", "Anne de Vries");
    public static readonly (string Id, string Aad, string Name) Bert = ("29:bert", "aad-bert", "Bert Bos");
    public static readonly (string Id, string Aad, string Name) Pia = ("29:pia", AdminId, "Pia Programma");

    private static readonly Dictionary<string, string?> AdminSettings = new()
    {
        ["Programme:Administrators:0"] = AdminId,
        ["Elections:RunDispatcher"] = "false",
    };

    [Fact]
    public async Task Only_a_programme_administrator_is_offered_and_may_use_the_all_deals_invitation()
    {
        await using var bot = await BotHarness.StartAsync(storage, AdminSettings);
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        await RegisterAsync(bot, DealB, "City Deal Wonen", Bert);
        await RegisterAsync(bot, CopChannel, "Agenda Stad CoP", Pia);

        var plan = await SayAsync(bot, "cop plannen", Anne, null, a => Has(a, "cop.create"));
        Assert.DoesNotContain("\"value\":\"all\"", Compact(plan), StringComparison.Ordinal);

        // A dealmaker who forges the option is refused on the server: nothing stored, no other deal contacted.
        var refused = await PressAsync(bot, "cop.create", Plan("all"), Anne);
        Assert.Contains("Alleen programmabeheerders van Agenda Stad kunnen de kanalen van alle deals uitnodigen", FakeConnector.Json(refused), StringComparison.Ordinal);
        Assert.Empty(await bot.RowsAsync("CopSessions"));
        Assert.DoesNotContain(bot.Connector.Calls, c => c.Path == $"/v3/conversations/{DealB}/activities");

        await SayAsync(bot, "kanaal cop", Pia, CopChannel, a => Has(a, "Dit kanaal is nu het CoP-kanaal"));
        var adminPlan = await SayAsync(bot, "cop plannen", Pia, CopChannel, a => Has(a, "cop.create"));
        Assert.Contains("\"value\":\"all\"", Compact(adminPlan), StringComparison.Ordinal);

        var created = await PressAsync(bot, "cop.create", Plan("all"), Pia, CopChannel);
        Assert.Contains("Sessie voor alle deals", FakeConnector.Json(created), StringComparison.Ordinal);
        var session = Assert.Single(await bot.RowsAsync("CopSessions"));
        Assert.Equal("all", session.GetString("InviteScope"));
        Assert.Equal(DealDirectory.DealKey(CopChannel), session.PartitionKey);
        foreach (var channel in new[] { Activities.ChannelId, DealB })
        {
            await bot.Connector.WaitForCallAsync(c => c.Path == $"/v3/conversations/{channel}/activities"
                && c.Body is not null && FakeConnector.Json(c.Body).Contains("Sessie voor alle deals", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Only_an_administrator_known_by_Entra_object_id_marks_what_a_channel_is()
    {
        await using var bot = await BotHarness.StartAsync(storage, AdminSettings);
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));

        await SayAsync(bot, "kanaal cop", Anne, null, a => Has(a, "Dit kan alleen een programmabeheerder van Agenda Stad"));
        // The 29: id is chosen by the channel, the Entra object id by Entra: an admin's GUID as from.id is not enough.
        await SayAsync(bot, "channel cop", (AdminId, "aad-mallory", "Mallory"), null, a => Has(a, "Only an Agenda Stad programme administrator can do this"), "en-US");
        Assert.Null(DealRow(await bot.RowsAsync("Deals")).GetString("ChannelKind"));

        await SayAsync(bot, "kanaal onzin", Pia, null, a => Has(a, "'onzin' ken ik niet als soort kanaal"));
        await SayAsync(bot, "kanaal programma", Pia, null, a => Has(a, "Dit kanaal is nu het programmakanaal van Agenda Stad"));
        Assert.Equal(ChannelKinds.Programme, DealRow(await bot.RowsAsync("Deals")).GetString("ChannelKind"));
        await SayAsync(bot, "channel", Anne, null, a => Has(a, "This channel is the Agenda Stad programme channel"), "en-US");
        var audit = await bot.RowsAsync("AuditLog");
        Assert.Contains(audit, e => e.GetString("Action") == AuditActions.ChannelKindChanged && e.GetString("Actor") == Pia.Name);

        await SayAsync(bot, "kanaal deal", Pia, null, a => Has(a, "Dit kanaal is nu een deal"));
        Assert.Equal(ChannelKinds.Deal, DealRow(await bot.RowsAsync("Deals")).GetString("ChannelKind"));
        // Installing still made the installer the deal's first dealmaker; marking changed no roles.
        var member = Assert.Single(await bot.RowsAsync("DealMembers"));
        Assert.Equal(("aad-anne", DealRoles.Dealmaker), (member.RowKey, member.GetString("Role")));
    }

    [Fact]
    public async Task The_old_elections_key_still_names_the_administrators()
    {
        await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:Administrators:0"] = AdminId, ["Elections:RunDispatcher"] = "false" });
        await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "verkiezingen beheer", userId: Pia.Id, aad: Pia.Aad, name: Pia.Name));
        await bot.Connector.WaitForActivityAsync(a => Has(a, "Verkiezing toevoegen of wijzigen"));
        await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "verkiezingen beheer"));
        await bot.Connector.WaitForActivityAsync(a => Has(a, "Alleen programmabeheerders van Agenda Stad kunnen verkiezingen wijzigen"));
    }

    [Fact]
    public async Task An_administrator_that_is_not_an_Entra_object_id_stops_the_start()
    {
        // Its own process, as App Service starts it: the start must end with the reason.
        await using var bot = BotProcess.Start(RepoPaths.FreePort(), new Dictionary<string, string>
        {
            ["Programme__Administrators__0"] = "pia@agendastad.nl",
            ["Storage__ConnectionString"] = storage.ConnectionString,
            ["Storage__TablePrefix"] = AzuriteFixture.NewTablePrefix(),
            ["Jobs__Enabled"] = "false",
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bot.Process.WaitForExitAsync(timeout.Token);
        Assert.NotEqual(0, bot.Process.ExitCode);
        Assert.Contains("Programme:Administrators", bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_programme_view_counts_deals_only_and_names_them_to_administrators_alone()
    {
        await using var bot = await BotHarness.StartAsync(storage, AdminSettings);
        await bot.SendAsync(Activities.BotAddedToTeam(bot.ServiceUrl));
        await RegisterAsync(bot, DealB, "City Deal Wonen", Bert);
        await RegisterAsync(bot, CopChannel, "Agenda Stad CoP", Pia);
        var utrecht = GovernmentDirectory.Shipped.Provinces.Single(p => p.Government.Name == "Utrecht").Government;
        var lobby = bot.Factory.Services.GetRequiredService<LobbyStore>();
        foreach (var channel in new[] { Activities.ChannelId, DealB, CopChannel })
        {
            await lobby.SaveSettingsAsync(DealDirectory.DealKey(channel), [utrecht], postInChannel: false, "aad-anne", default);
        }

        await SayAsync(bot, "kanaal cop", Pia, CopChannel, a => Has(a, "Dit kanaal is nu het CoP-kanaal"));

        var before = bot.Connector.SentActivities.Count;
        await bot.SendAsync(Activities.PersonalMessage(bot.ServiceUrl, "verkiezingen alle"));
        var partnerView = FakeConnector.Json(await Next(bot, before, a => Has(a, "lobbymomenten van alle deals")));
        Assert.Contains("2 deal(s)", partnerView, StringComparison.Ordinal);
        Assert.DoesNotContain("3 deal(s)", partnerView, StringComparison.Ordinal);
        Assert.DoesNotContain("City Deal Wonen", partnerView, StringComparison.Ordinal);

        // In a channel the administrator's named view goes to them in person; the channel reads a note only.
        before = bot.Connector.SentActivities.Count;
        await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "verkiezingen alle", userId: Pia.Id, aad: Pia.Aad, name: Pia.Name));
        await Next(bot, before, a => Has(a, "persoonlijk gestuurd"));
        var named = await Next(bot, before, a => Has(a, "lobbymomenten van alle deals"));
        var call = bot.Connector.Calls.Single(c => ReferenceEquals(c.Body, named));
        Assert.StartsWith("/v3/conversations/a:personal-", call.Path, StringComparison.Ordinal);
        var text = FakeConnector.Json(named);
        Assert.Contains("2 deal(s): City Deal Klimaatadaptatie, City Deal Wonen", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Agenda Stad CoP", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelPosts(bot, before), a => Has(a, "City Deal Wonen"));
    }

    [Fact]
    public async Task A_pulse_of_the_CoP_channel_does_not_count_in_the_all_deals_mean()
    {
        await using var deal = await PulseHarness.StartAsync(storage, AdminSettings);
        var bot = deal.Bot;
        foreach (var (channel, owner) in new[] { (Activities.ChannelId, Anne), (DealB, Bert), (CopChannel, Pia) })
        {
            var (_, pulseId) = await deal.StartPulseAsync(userId: owner.Id, aad: owner.Aad, channelId: channel == Activities.ChannelId ? null : channel);
            for (var i = 1; i <= 5; i++)
            {
                await deal.AnswerAsync(pulseId, "lid" + i, 4, channelId: channel == Activities.ChannelId ? null : channel);
            }
        }

        deal.Time.Advance(TimeSpan.FromDays(7.5));
        await deal.Service<PulseSweeper>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(3, (await bot.RowsAsync("PulseTallies")).Count);

        // Three channels with enough answers: the all-deals mean shows.
        var before = bot.Connector.SentActivities.Count;
        await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "results", "en-US"));
        var withCop = FakeConnector.Json(await Next(bot, before, a => Has(a, "Design of the process")));
        Assert.DoesNotContain("The all-deals mean appears once", withCop, StringComparison.Ordinal);

        await SayAsync(bot, "kanaal cop", Pia, CopChannel, a => Has(a, "Dit kanaal is nu het CoP-kanaal"));
        before = bot.Connector.SentActivities.Count;
        await bot.SendAsync(Activities.ChannelMessage(bot.ServiceUrl, "results", "en-US"));
        var withoutCop = FakeConnector.Json(await Next(bot, before, a => Has(a, "Design of the process")));
        Assert.Contains("The all-deals mean appears once at least 3 deals have enough responses; so far 2 do", withoutCop, StringComparison.Ordinal);
    }

    private static Azure.Data.Tables.TableEntity DealRow(IEnumerable<Azure.Data.Tables.TableEntity> rows) =>
        rows.Single(r => r.PartitionKey == DealDirectory.DealKey(Activities.ChannelId));
}
