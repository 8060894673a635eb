using System.Net;
using System.Text.Json.Nodes;
using CityDealBot.Operations;
using CityDealBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CityDealBot.Tests.Integration;

namespace CityDealBot.Tests.CopSessions;

/// <summary>Without Graph the same flow offers a signed, expiring .ics link and says the meeting link is added by hand.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CopLocalModeTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" });
        await _bot.AddToTeamAsync();
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task The_ics_is_served_valid_and_a_forged_link_is_refused()
    {
        var card = await _bot.PressAsync("cop.create", new JsonObject
        {
            ["deal"] = Activities.ChannelId, ["title"] = "CoP wintertijd", ["date"] = "2027-10-31", ["time"] = "10:00",
            ["duration"] = "120", ["mode"] = "hybrid", ["invite"] = "picked", ["people"] = "gast@partner.nl; anne@utrecht.nl",
        }, TeamsUsers.Anne);
        Assert.Contains("voegt de organisator zelf toe", card, StringComparison.Ordinal);
        var url = System.Text.RegularExpressions.Regex.Match(card, "\"(http[^\"]*/cop/ics/[^\"]+\\.ics)\"").Groups[1].Value;
        Assert.NotEmpty(url);

        var ics = await _bot.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        var calendar = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!;
        var ev = Assert.Single(calendar.Events);
        Assert.Equal("CoP wintertijd", ev.Summary);
        // 10:00 on the last Sunday of October is winter time: 09:00 UTC, two hours long.
        Assert.Equal(new DateTime(2027, 10, 31, 9, 0, 0, DateTimeKind.Utc), ev.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2027, 10, 31, 11, 0, 0, DateTimeKind.Utc), ev.DtEnd!.AsUtc);
        // The link is on a channel card that guests can open: the picked addresses are not in the file.
        Assert.Empty(ev.Attendees);
        Assert.DoesNotContain("gast@partner.nl", await ics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var path = new Uri(url).AbsolutePath;
        var forged = path[..^".ics".Length] + "AAAA.ics";
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.Client.GetAsync(forged)).StatusCode);

        // A pulse chart token for the same ids is not an invitation: the kind is signed too.
        var links = _bot.Factory.Services.GetRequiredService<SignedLinks>();
        var payload = links.Verify(path["/cop/ics/".Length..^".ics".Length], CityDealBot.CopSessions.CopLinks.Invitation)!;
        var chart = links.Sign(payload with { Kind = CityDealBot.Pulse.PulseLinks.Chart });
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.Client.GetAsync($"/cop/ics/{chart}.ics")).StatusCode);
        var otherSession = links.Sign(payload with { Item = "0123456789abcdef0123456789abcdef" });
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.Client.GetAsync($"/cop/ics/{otherSession}.ics")).StatusCode);
        var expired = links.Sign(payload with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.Client.GetAsync($"/cop/ics/{expired}.ics")).StatusCode);

        // A second instance with the same key and storage serves the same link (no per-process keys).
        await using var second = new BotFactory(storage, new Dictionary<string, string?> { ["Elections:RunDispatcher"] = "false" }, tablePrefix: _bot.Factory.TablePrefix);
        using var secondClient = second.StartOnLoopback();
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync(path)).StatusCode);
    }
}
