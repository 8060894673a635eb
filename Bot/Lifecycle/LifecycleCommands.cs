using System.Globalization;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;
using CityDealBot.DutchTime;
using CityDealBot.Storage;
using CityDealBot.Teams;

namespace CityDealBot.Lifecycle;

/// <summary><c>profiel</c> / <c>profile</c> in a deal's channel: the deal's profile for everyone, the form for its dealmakers and project managers.</summary>
public sealed class ProfileCommand(DealProfilePresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("profiel", "profile", "command.profile.description", CommandScopes.Channel, Order: 64, Menu: [new("command.profile.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var result = await presenter.CardAsync(turn, null, [], null, ct);
        await turn.ReplyAsync(result.Card ?? NoticeCards.Problem(turn.Language, result.Message ?? string.Empty), ct);
    }
}

/// <summary>Builds the profile card from storage; checks who may change it.</summary>
public sealed class DealProfilePresenter(DealDirectory directory, DealProfileStore profiles, TimeProvider time)
{
    public const int MaxPlannedLines = 8;

    /// <summary>The deal of the channel the turn came from, or the refusal to show.</summary>
    public async Task<(DealRecord? Deal, CardActionResult? Refusal)> DealAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { } deal)
        {
            return (null, CardActionResult.Problem(turn.Language, turn.Texts["error.not_in_channel"]));
        }

        return deal.IsDeal ? (deal, null) : (null, CardActionResult.Problem(turn.Language, turn.Texts["lifecycle.profile.not_a_deal"]));
    }

    public async Task<bool> CanEditAsync(DealRecord deal, string personKey, CancellationToken ct) =>
        (await directory.FindMemberAsync(deal.ChannelId, personKey, ct))?.Role is DealRoles.Dealmaker or DealRoles.ProjectManager;

    /// <param name="typed">What the person sent when it could not be saved, shown again so nothing typed is lost.</param>
    public async Task<CardActionResult> CardAsync(TurnContext turn, string? confirmation, IReadOnlyList<string> problems, SaveDealProfile? typed, CancellationToken ct)
    {
        var (deal, refusal) = await DealAsync(turn, ct);
        if (deal is null)
        {
            return refusal!;
        }

        var language = turn.Language;
        var texts = turn.Texts;
        var stored = await profiles.FindAsync(deal.PartitionKey, ct);
        var profile = stored?.Profile ?? DealProfile.Empty;
        var members = await directory.ListMembersAsync(deal.ChannelId, ct);
        IReadOnlyList<string> Names(string role) => [.. members.Where(m => m.Role == role).Select(m => m.Name).Order(StringComparer.CurrentCulture)];
        var current = LifecycleTexts.ProfileFacts(profile, language, Names(DealRoles.ProjectManager), Names(DealRoles.Dealmaker)).Select(f => new Fact(f.Label, f.Value)).ToList();
        var today = AmsterdamTime.LocalDate(time.GetUtcNow());
        IReadOnlyList<string> planned = profile.HasDates
            ? [.. LifecycleSchedule.Plan(profile).Where(p => p.Until > today).Take(MaxPlannedLines)
                .Select(p => $"{LifecycleTexts.Date(p.DueDate, language)}: {LifecycleTexts.PromptName(p, profile, language)}")]
            : [texts.Format("lifecycle.profile.no_dates", DealProfileNames.Kind(profile.Kind, language))];
        if (!members.Any(m => m.Role == DealRoles.ProjectManager))
        {
            planned = [.. planned, texts["lifecycle.profile.managers_hint"]];
        }

        var view = new DealProfileCardView(
            language,
            deal.TeamName ?? deal.ChannelName ?? deal.ChannelId,
            current,
            [.. Enum.GetValues<DealKind>().Select(k => new Choice(LifecycleTexts.KindChoiceName(k, language), k.ToString()))],
            typed?.Kind ?? profile.Kind.ToString(),
            [.. Enum.GetValues<DealPhase>().Select(p => new Choice(DealProfileNames.Phase(p, language), p.ToString()))],
            typed?.Phase ?? profile.Phase.ToString(),
            typed?.Start ?? DealProfileRecord.FormatDate(profile.Start),
            typed?.End ?? DealProfileRecord.FormatDate(profile.End),
            [.. Enumerable.Range(1, 12).Select(m => new Choice(DealProfileNames.Month(m, language), m.ToString(CultureInfo.InvariantCulture)))],
            typed?.SteeringMonths ?? string.Join(',', profile.SteeringGroupMonths),
            typed?.NetworkMonth ?? profile.NetworkMonth.ToString(CultureInfo.InvariantCulture),
            [.. Enumerable.Range(1, 4).Select(w => new Choice(texts[$"lifecycle.profile.week.{w}"], w.ToString(CultureInfo.InvariantCulture)))],
            typed?.NetworkWeek ?? profile.NetworkWeek.ToString(CultureInfo.InvariantCulture),
            planned,
            await CanEditAsync(deal, turn.User.Key, ct),
            confirmation,
            problems);
        return CardActionResult.WithCard(LifecycleCards.Profile(view));
    }
}

/// <summary>Saves the profile card: a dealmaker or project manager of the channel's deal, every field checked here.</summary>
public sealed class SaveDealProfileAction(DealProfilePresenter presenter, DealProfileStore profiles, AuditTrail audit) : ICardActionHandler<SaveDealProfile>
{
    public async Task<CardActionResult> HandleAsync(TurnContext turn, SaveDealProfile action, CardPress press, CancellationToken ct)
    {
        var (deal, refusal) = await presenter.DealAsync(turn, ct);
        if (deal is null)
        {
            return refusal!;
        }

        if (!await presenter.CanEditAsync(deal, turn.User.Key, ct))
        {
            return CardActionResult.Problem(turn.Language, turn.Texts["lifecycle.profile.not_allowed"]);
        }

        var (profile, problems) = Parse(action, turn.Texts);
        if (profile is null)
        {
            return await presenter.CardAsync(turn, null, problems, action, ct);
        }

        var dealName = deal.TeamName ?? deal.ChannelName ?? deal.ChannelId;
        await profiles.SaveAsync(deal.PartitionKey, dealName, profile, ct);
        await audit.RecordAsync(deal.PartitionKey, AuditActions.ProfileChanged, turn.User.Name,
            [LifecycleTexts.KindChoiceName(profile.Kind, Language.Dutch), profile.Phase.ToString().ToLowerInvariant(), DealProfileRecord.FormatDate(profile.End) ?? string.Empty], ct);
        return await presenter.CardAsync(turn, turn.Texts["lifecycle.profile.saved"], [], null, ct);
    }

    /// <summary>The profile the card describes, or every problem with it in the reader's language.</summary>
    public static (DealProfile? Profile, IReadOnlyList<string> Problems) Parse(SaveDealProfile action, Texts texts)
    {
        var problems = new List<string>();
        var kind = ParseEnum<DealKind>(action.Kind, texts["lifecycle.profile.kind"], problems);
        var phase = ParseEnum<DealPhase>(action.Phase, texts["lifecycle.profile.phase"], problems);
        var start = ParseDate(action.Start, problems, texts);
        var end = ParseDate(action.End, problems, texts);
        if (start is { } s && end is { } e && e < s)
        {
            problems.Add(texts["lifecycle.profile.end_before_start"]);
        }

        var months = new List<int>();
        foreach (var part in (action.SteeringMonths ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
            {
                months.Add(month);
            }
            else
            {
                problems.Add(texts.Format("lifecycle.profile.invalid_choice", texts["lifecycle.profile.steering"], Shorten(part)));
            }
        }

        var networkMonth = ParseNumber(action.NetworkMonth, 1, 12, DealProfile.DefaultNetworkMonth, texts["lifecycle.profile.network_month"], problems, texts);
        var networkWeek = ParseNumber(action.NetworkWeek, 1, 4, DealProfile.DefaultNetworkWeek, texts["lifecycle.profile.network_week"], problems, texts);
        return problems.Count > 0
            ? (null, problems)
            : (new DealProfile(kind, start, end, phase, [.. months.Distinct().Order()], networkMonth, networkWeek), problems);

        T ParseEnum<T>(string? value, string label, List<string> found)
            where T : struct, Enum
        {
            if (Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
            {
                return parsed;
            }

            found.Add(texts.Format("lifecycle.profile.invalid_choice", label, Shorten(value ?? string.Empty)));
            return default;
        }
    }

    private static DateOnly? ParseDate(string? value, List<string> problems, Texts texts)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= DutchTime.DutchWorkingDays.FirstSupportedYear and <= 2200)
        {
            return date;
        }

        problems.Add(texts.Format("lifecycle.profile.invalid_date", Shorten(value)));
        return null;
    }

    private static int ParseNumber(string? value, int min, int max, int fallback, string label, List<string> problems, Texts texts)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problems.Add(texts.Format("lifecycle.profile.invalid_choice", label, Shorten(value)));
        return fallback;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary><c>les</c> / <c>lesson</c> in a deal's channel: the form to record a lesson, with the deal's latest lessons.</summary>
public sealed class LessonCommand(LessonPresenter presenter) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("les", "lesson", "command.lesson.description", CommandScopes.Channel, Order: 65, Menu: [new("command.lesson.menu")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var result = await presenter.FormAsync(turn, null, [], ct);
        await turn.ReplyAsync(result.Card ?? NoticeCards.Problem(turn.Language, result.Message ?? string.Empty), ct);
    }
}

/// <summary><c>lessen &lt;zoekterm&gt;</c> / <c>lessons &lt;term&gt;</c>: searches the lessons of all deals (internal ones only within the person's own deals).</summary>
public sealed class LessonsCommand(LessonPresenter presenter, LessonStore lessons, DealDirectory directory) : IBotCommand
{
    public const int MaxHits = 10;

    public CommandDefinition Definition { get; } = new("lessen", "lessons", "command.lessons.description", CommandScopes.Everywhere, Order: 66,
        Menu: [new("command.lessons.menu", "partners", "partners")]);

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var query = arguments.Length > 200 ? arguments[..200] : arguments;
        if (DutchMatching.Stems(query).Count == 0)
        {
            await turn.ReplyAsync(NoticeCards.Problem(turn.Language, turn.Texts["lifecycle.lessons.usage"]), ct);
            return;
        }

        // Internal lessons only within the person's own deals: in a deal's channel that deal; elsewhere the deals where they have a role.
        IReadOnlySet<string> own = turn.Conversation.ChannelId is { } channelId
            ? new HashSet<string>(StringComparer.Ordinal) { DealDirectory.DealKey(channelId) }
            : await directory.ListDealKeysOfPersonAsync(turn.User.Key, ct);
        var hits = await lessons.SearchAsync(query, own, MaxHits, ct);
        await turn.ReplyAsync(LifecycleCards.LessonResults(new LessonResultsView(turn.Language, query, [.. hits.Select(h => presenter.View(h.Lesson, turn.Language))], null)), ct);
    }
}

public sealed class LessonPresenter(DealDirectory directory, DealProfileStore profiles, LessonStore lessons)
{
    public const int RecentLessons = 3;

    public async Task<(DealRecord? Deal, CardActionResult? Refusal)> DealAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Conversation.ChannelId is not { } channelId || await directory.FindDealAsync(channelId, ct) is not { IsDeal: true } deal)
        {
            return (null, CardActionResult.Problem(turn.Language, turn.Texts["lifecycle.lesson.not_in_deal"]));
        }

        return (deal, null);
    }

    public async Task<CardActionResult> FormAsync(TurnContext turn, string? confirmation, IReadOnlyList<string> problems, CancellationToken ct)
    {
        var (deal, refusal) = await DealAsync(turn, ct);
        if (deal is null)
        {
            return refusal!;
        }

        var recent = await lessons.ListForDealAsync(deal.PartitionKey, RecentLessons, ct);
        return CardActionResult.WithCard(LifecycleCards.LessonForm(new LessonFormView(
            turn.Language,
            deal.TeamName ?? deal.ChannelName ?? deal.ChannelId,
            [.. LessonThemes.All.Select(t => new Choice(LifecycleTexts.ThemeName(t, turn.Language), t))],
            [.. recent.Select(l => View(l, turn.Language))],
            confirmation,
            problems)));
    }

    public async Task<DealKind> KindAsync(string dealKey, CancellationToken ct) => (await profiles.FindAsync(dealKey, ct))?.Profile.Kind ?? DealKind.CityDeal;

    public LessonView View(LessonRecord lesson, Language language)
    {
        var texts = Texts.For(language);
        var author = string.IsNullOrEmpty(lesson.AuthorName) ? texts["lifecycle.lesson.anonymous"] : lesson.AuthorName;
        var visibility = lesson.IsPublic ? texts["lifecycle.lesson.is_public"] : texts["lifecycle.lesson.internal"];
        if (lesson.DidNotWork)
        {
            visibility += " · " + texts["lifecycle.lesson.not_worked"];
        }

        return new LessonView(
            texts.Format("lifecycle.lesson.heading", lesson.DealName, LifecycleTexts.ThemeName(lesson.Theme, language)),
            lesson.What,
            lesson.Learned,
            texts.Format("lifecycle.lesson.meta", author, LifecycleTexts.Date(AmsterdamTime.LocalDate(lesson.CreatedAt), language), visibility),
            lesson.DidNotWork);
    }
}

/// <summary>Saves a lesson from the form: anyone in the deal's channel; the author is who Teams says pressed.</summary>
public sealed class RecordLessonAction(LessonPresenter presenter, LessonStore lessons) : ICardActionHandler<RecordLesson>
{
    public async Task<CardActionResult> HandleAsync(TurnContext turn, RecordLesson action, CardPress press, CancellationToken ct)
    {
        var (deal, refusal) = await presenter.DealAsync(turn, ct);
        if (deal is null)
        {
            return refusal!;
        }

        var texts = turn.Texts;
        var problems = new List<string>();
        var what = action.What?.Trim() ?? string.Empty;
        var learned = action.Learned?.Trim() ?? string.Empty;
        if (what.Length == 0)
        {
            problems.Add(texts["lifecycle.lesson.what.required"]);
        }

        if (learned.Length == 0)
        {
            problems.Add(texts["lifecycle.lesson.learned.required"]);
        }

        if (what.Length > LifecycleCards.MaxLessonLength || learned.Length > LifecycleCards.MaxLessonLength)
        {
            problems.Add(texts.Format("lifecycle.lesson.too_long", LifecycleCards.MaxLessonLength));
        }

        if (problems.Count > 0)
        {
            return await presenter.FormAsync(turn, null, problems, ct);
        }

        await lessons.AddAsync(new LessonRecord
        {
            PartitionKey = deal.PartitionKey,
            DealName = deal.TeamName ?? deal.ChannelName ?? deal.ChannelId,
            DealKind = (await presenter.KindAsync(deal.PartitionKey, ct)).ToString(),
            What = what,
            Learned = learned,
            Theme = LessonThemes.All.Contains(action.Theme) ? action.Theme! : LessonThemes.Process,
            IsPublic = action.IsPublic ?? false,
            DidNotWork = action.DidNotWork ?? false,
            AuthorKey = turn.User.Key,
            AuthorName = turn.User.Name,
        }, ct);
        return await presenter.FormAsync(turn, texts["lifecycle.lesson.saved"], [], ct);
    }
}
