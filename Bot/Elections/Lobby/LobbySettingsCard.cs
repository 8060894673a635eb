using System.Globalization;
using CityDealBot.Cards;
using CityDealBot.Cards.Adaptive;
using CityDealBot.Cards.Localization;
using CityDealBot.Deals;

namespace CityDealBot.Elections.Lobby;

/// <summary>Builds the settings and calendar cards and reads what comes back from them.</summary>
public static class LobbySettingsCard
{
    private const int MaxNameLength = 80;

    /// <summary>
    /// Municipalities in one merger. The merger's names make up the election id, which is part of table keys
    /// (at most 1 KiB); the largest Dutch mergers joined fewer than ten.
    /// </summary>
    public const int MaxMergedMunicipalities = 10;

    public static LobbySettingsView View(Language language, DealRecord deal, IReadOnlyList<Government> selected, bool postInChannel, IReadOnlyList<GovernmentSuggestion> suggestions)
    {
        var directory = GovernmentDirectory.Shipped;
        return new LobbySettingsView(
            language,
            deal.PartitionKey,
            deal.TeamName ?? deal.ChannelName ?? deal.ChannelId,
            [.. directory.Provinces.Select(p => new GovernmentChoice(p.Government.Key, p.Government.Name))],
            [.. directory.WaterBoards.Select(p => new GovernmentChoice(p.Government.Key, p.Government.Name))],
            [.. directory.Ministries.Select(p => new GovernmentChoice(p.Government.Key, p.Government.Name))],
            [.. selected.Select(g => g.Key)],
            string.Join(", ", selected.Where(g => g.Kind == GovernmentKind.Municipality).Select(g => g.Name)),
            postInChannel,
            [.. suggestions.Select(s => LobbyViews.GovernmentName(s.Government, language)).Distinct()]);
    }

    /// <summary>The governments chosen on the card, or the first problem in the user's language.</summary>
    public static (IReadOnlyList<Government>? Governments, string? Problem) Read(LobbySettingsSaved settings, Texts texts, int maxGovernments)
    {
        var directory = GovernmentDirectory.Shipped;
        var known = directory.All.ToDictionary(g => g.Government.Key, g => g.Government, StringComparer.Ordinal);
        var governments = new List<Government>();
        foreach (var field in new[] { settings.Provinces, settings.WaterBoards, settings.Ministries })
        {
            foreach (var key in field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!known.TryGetValue(key, out var government))
                {
                    return (null, texts.Format("lobby.settings.unknown_government", Shorten(key)));
                }

                governments.Add(government);
            }
        }

        foreach (var name in settings.Municipalities.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name.Length > MaxNameLength || !name.Any(char.IsLetter))
            {
                return (null, texts.Format("lobby.settings.unknown_government", Shorten(name)));
            }

            governments.Add(new Government(GovernmentKind.Municipality, name));
        }

        var distinct = governments.DistinctBy(g => g.Key).ToList();
        return distinct.Count > maxGovernments
            ? (null, texts.Format("lobby.settings.too_many", maxGovernments))
            : (distinct, null);
    }

    public static ElectionOverrideView OverrideView(Language language) => new(
        language,
        [.. Enum.GetValues<ElectionKind>().Select(k => new Choice(k.DisplayName().In(language.Code()), k.Slug()))],
        [.. new[] { ElectionDateStatus.Official, ElectionDateStatus.Estimate }.Select(s => new Choice(ElectionTexts.Status(s).In(language.Code()), s.ToString()))]);

    /// <summary>An admin's change to the calendar from the card, or the problem with it.</summary>
    public static (Election? Election, string? Problem) ReadOverride(ElectionOverrideSaved data, Texts texts, DateTimeOffset now)
    {
        ElectionKind kind;
        try
        {
            kind = ElectionKindNames.FromSlug(data.Kind);
        }
        catch (FormatException)
        {
            return (null, texts["elections.override.kind.error"]);
        }

        if (!DateOnly.TryParseExact(data.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date < DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1) || date > DateOnly.FromDateTime(now.UtcDateTime).AddYears(10))
        {
            return (null, texts["elections.override.date.error"]);
        }

        var status = data.Status == nameof(ElectionDateStatus.Estimate) ? ElectionDateStatus.Estimate : ElectionDateStatus.Official;
        DateOnly? announced = DateOnly.TryParseExact(data.AnnouncedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var a) ? a : null;
        var source = data.Source;
        if (!Uri.TryCreate(source, UriKind.Absolute, out var sourceUri) || (sourceUri.Scheme != Uri.UriSchemeHttps && sourceUri.Scheme != Uri.UriSchemeHttp))
        {
            return (null, texts["elections.override.source.error"]);
        }

        var municipalities = data.Municipalities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(m => m.Length <= MaxNameLength).ToList();
        if (kind == ElectionKind.Herindeling && municipalities.Count < 2)
        {
            return (null, texts["elections.override.municipalities"]);
        }

        if (municipalities.Count > MaxMergedMunicipalities)
        {
            return (null, texts.Format("elections.override.municipalities.too_many", MaxMergedMunicipalities));
        }

        var election = new Election
        {
            Id = kind == ElectionKind.Herindeling
                ? $"{kind.Slug()}-{date.Year}-{string.Join('-', municipalities.Select(m => m.ToLowerInvariant().Replace(' ', '_')))}"
                : $"{kind.Slug()}-{date.Year}",
            Kind = kind,
            Date = date,
            Status = status,
            AnnouncedOn = announced,
            Municipalities = kind == ElectionKind.Herindeling ? municipalities : [],
            Sources = [source],
        };
        return (election, null);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
