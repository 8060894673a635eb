using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Graph;

namespace CityDealBot.Speeddates;

/// <summary>
/// The speeddates' side of <see cref="ISpeeddateBlocks"/>: the decks a deal may choose, and opening a CoP session's
/// speed-date block as a sign-up in the session's channel that only those who said yes can join. They and the
/// organiser are told personally; the organiser starts the rounds on the card as in any speeddate.
/// </summary>
public sealed class SpeeddateBlocks(
    SpeeddateStore store,
    QuestionDeckStore decks,
    DealDirectory directory,
    PersonalMessages messages,
    GraphGateway meetings,
    TimeProvider time,
    ILogger<SpeeddateBlocks> logger) : ISpeeddateBlocks
{
    public async Task<IReadOnlyList<Choice>> DeckChoicesAsync(string dealKey, Language language, CancellationToken ct) =>
        SpeeddateViews.DeckChoices(language, await decks.ListOwnAsync(dealKey, ct), await decks.ListSharedByOthersAsync(dealKey, ct));

    public async Task<bool> IsUsableDeckAsync(string dealKey, string deck, CancellationToken ct) =>
        DeckReference.Parse(deck) is { } reference && (reference.IsDefault || await decks.FindUsableAsync(dealKey, reference, ct) is not null);

    /// <summary>The session id of a block: the same source always names the same session, so a second opening finds the first.</summary>
    public static string SessionIdFor(string sourceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("speeddate-block:" + sourceId)))[..32];

    public async Task<SpeeddateBlockOpened> OpenAsync(SpeeddateBlockRequest request, CancellationToken ct)
    {
        var deal = request.Deal;
        var invited = request.PeopleKeys.Distinct(StringComparer.Ordinal).ToList();
        var session = new SpeeddateSessionRecord
        {
            PartitionKey = deal.PartitionKey,
            RowKey = SessionIdFor(request.SourceId),
            OrganiserKey = request.OrganiserKey,
            OrganiserObjectId = request.OrganiserObjectId,
            DealName = deal.TeamName ?? deal.ChannelName ?? "City Deal",
            Rounds = Math.Clamp(request.Rounds, SpeeddateSessionMath.MinRounds, SpeeddateSessionMath.MaxRounds),
            Minutes = Math.Clamp(request.Minutes, SpeeddateSessionMath.MinMinutes, SpeeddateSessionMath.MaxMinutes),
            GroupSize = SpeeddateSessionMath.NormaliseGroupSize(request.GroupSize),
            IsOnline = request.Online,
            InvitedJson = JsonSerializer.Serialize(invited),
            BlockOf = request.Title,
            Seed = Random.Shared.Next(),
            CreatedAt = time.GetUtcNow(),
        };
        // A deck that is gone (or no longer shared) by now leaves the default; the organiser can pick another until Start.
        if (DeckReference.Parse(request.Deck) is { IsDefault: false } reference && await decks.FindUsableAsync(deal.PartitionKey, reference, ct) is { } deck)
        {
            session.Deck = reference.Value;
            session.DeckName = deck.Name;
        }

        try
        {
            await store.AddSessionAsync(session, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Opened before; only when its announcement did not get out (the opening failed halfway) is it sent again.
            var existing = await store.FindSessionAsync(deal.PartitionKey, session.RowKey, ct);
            if (existing is null || existing.IsAnnounced)
            {
                return new SpeeddateBlockOpened(session.RowKey, true, invited.Count, 0);
            }

            session = existing;
        }

        var channelLanguage = Languages.FromLocale(deal.Language);
        await messages.PostInChannelAsync(deal, SpeeddateCards.SignUp(SpeeddateViews.SignUp(channelLanguage, session, 0, null, null)), ct);

        var link = ChannelLink(deal);
        var channelName = deal.ChannelName ?? deal.TeamName ?? session.DealName;
        var told = 0;
        foreach (var key in invited)
        {
            if (await directory.FindPersonAsync(deal.TenantId ?? string.Empty, key, ct) is not { } person)
            {
                continue;
            }

            var language = Languages.FromLocale(person.Locale ?? deal.Language);
            var card = SpeeddateCards.BlockOpened(new SpeeddateBlockView(language, request.Title, channelName, link, null));
            if (await TrySendAsync(person, card, ct))
            {
                told++;
            }
        }

        if (await directory.FindPersonAsync(deal.TenantId ?? string.Empty, request.OrganiserKey, ct) is { } organiser)
        {
            var language = Languages.FromLocale(organiser.Locale ?? deal.Language);
            var texts = Texts.For(language);
            var notes = new List<string> { texts.Format("speeddate.block.organiser", invited.Count, told) };
            if (session.IsOnline)
            {
                notes.Add(texts[!meetings.IsConfigured ? "speeddate.meeting.not_configured" : session.OrganiserObjectId is null ? "speeddate.meeting.no_organiser" : "speeddate.block.meetings"]);
            }

            await TrySendAsync(organiser, SpeeddateCards.BlockOpened(new SpeeddateBlockView(language, request.Title, channelName, link, string.Join(" ", notes))), ct);
        }

        session.IsAnnounced = true;
        await store.TryUpdateSessionAsync(session, ct);
        return new SpeeddateBlockOpened(session.RowKey, false, invited.Count, told);
    }

    /// <summary>A Teams link that opens the deal's channel (Teams deep-link format); null without the team's group id.</summary>
    public static string? ChannelLink(DealRecord deal) =>
        deal.AadGroupId is null || deal.TenantId is null
            ? null
            : $"https://teams.microsoft.com/l/channel/{Uri.EscapeDataString(deal.ChannelId)}/{Uri.EscapeDataString(deal.ChannelName ?? "General")}?groupId={Uri.EscapeDataString(deal.AadGroupId)}&tenantId={Uri.EscapeDataString(deal.TenantId)}";

    private async Task<bool> TrySendAsync(PersonRecord person, AdaptiveCard card, CancellationToken ct)
    {
        try
        {
            await messages.SendAsync(person, card, ct);
            return true;
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "Could not tell someone that a speed-date block opened ({Status})", (int)e.Status);
            return false;
        }
    }
}
