using CityDealBot.Cards;
using CityDealBot.Cards.Localization;
using CityDealBot.Teams;

namespace CityDealBot.Deals;

/// <summary>
/// Turns a channel the bot is added to into a deal, greets it once, and marks it inactive when the bot is
/// removed. Also remembers every person who talks to the bot.
/// </summary>
public sealed class DealRegistration(DealDirectory directory, AuditTrail audit, TimeProvider time, ILogger<DealRegistration> logger)
    : IConversationLifecycleHandler, ITurnObserver
{
    public async Task OnBotAddedAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Conversation.Kind != ConversationKind.Channel || turn.Conversation.ChannelId is null)
        {
            return;
        }

        var installer = turn.User;
        var isNew = await directory.RegisterAsync(NewDeal(turn), ct);
        if (!isNew)
        {
            return;
        }

        if (!string.IsNullOrEmpty(installer.Id) && installer.Id != turn.Bot.Id)
        {
            if (await directory.GrantRoleIfNewAsync(turn.Conversation.ChannelId, installer, DealRoles.Dealmaker, grantedBy: null, ct))
            {
                await audit.RecordAsync(DealDirectory.DealKey(turn.Conversation.ChannelId), AuditActions.RoleByInstall, installer.Name, [], ct);
            }
        }

        logger.LogInformation("Registered deal for channel {ChannelId}", turn.Conversation.ChannelId);
        var welcome = HelpCards.Welcome(new WelcomeCardView(
            turn.Language,
            turn.Bot.Name ?? "CityDealBot",
            turn.Conversation.ChannelName ?? turn.Conversation.TeamName ?? "General",
            string.IsNullOrEmpty(installer.Name) ? null : installer.Name,
            turn.Commands.HelpFor(turn.Language, ConversationKind.Channel)));
        await turn.PostAsync(welcome, ct);
    }

    public async Task OnBotRemovedAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Conversation.Kind != ConversationKind.Channel)
        {
            return;
        }

        // Removing the app from a team removes it from all of the team's channels.
        var count = await directory.DeactivateAsync(turn.Conversation.TeamId, turn.Conversation.ChannelId, ct);
        logger.LogInformation("Marked {Count} deal(s) inactive", count);
    }

    public async Task OnTurnAsync(TurnContext turn, CancellationToken ct)
    {
        var user = turn.User;
        // Only messages: a card press with forged data must not leave traces before a feature has checked it.
        if (string.IsNullOrEmpty(user.Id) || user.Id == turn.Bot.Id || !turn.Activity.IsType(Connector.ActivityTypes.Message))
        {
            return;
        }

        var personalConversation = turn.Conversation.Kind == ConversationKind.Personal ? turn.Conversation.ConversationId : null;
        await directory.RememberPersonAsync(user, turn.Bot.Id, turn.Activity.Locale, turn.ServiceUrl, personalConversation, ct);

        // A channel of a known team where nobody announced the bot (e.g. a channel created later) becomes a deal on first use.
        if (turn.Conversation.Kind == ConversationKind.Channel && turn.Conversation.ChannelId is { } channelId
            && await directory.FindDealAsync(channelId, ct) is null
            && await directory.RegisterAsync(NewDeal(turn), ct))
        {
            // Nobody saw the bot being added here, so the first person to use it stands in for the installer.
            await directory.GrantRoleIfNewAsync(channelId, user, DealRoles.Dealmaker, grantedBy: null, ct);
        }
    }

    private DealRecord NewDeal(TurnContext turn) => new()
    {
        ChannelId = turn.Conversation.ChannelId!,
        ChannelName = turn.Conversation.ChannelName,
        TeamId = turn.Conversation.TeamId,
        TeamName = turn.Conversation.TeamName,
        AadGroupId = turn.Conversation.AadGroupId,
        TenantId = turn.Conversation.TenantId,
        ServiceUrl = turn.ServiceUrl,
        ConversationId = turn.Conversation.ChannelId!,
        BotId = turn.Bot.Id,
        BotName = turn.Bot.Name,
        InstalledAt = time.GetUtcNow(),
        InstalledBy = turn.User.Key,
        Language = turn.Language.Code(),
        IsActive = true,
    };
}
