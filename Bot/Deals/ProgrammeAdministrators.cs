using CityDealBot.Teams;
using Microsoft.Extensions.Options;

namespace CityDealBot.Deals;

/// <summary>The Agenda Stad programme administrators: the one role above the deals.</summary>
public sealed class ProgrammeOptions
{
    public const string Section = "Programme";

    /// <summary>The key this role had before it covered more than the election calendar; read when the new one is empty.</summary>
    public const string LegacyAdministratorsKey = "Elections:Administrators";

    /// <summary>Entra object ids (GUIDs) of the programme administrators.</summary>
    public string[] Administrators { get; set; } = [];
}

/// <summary>
/// Who is a programme administrator. Only they may invite the members of every deal, change the election
/// calendar, mark a channel as the CoP or programme channel, and see per-deal data across deals. The check uses
/// the Entra object id Teams sends with the activity (<c>from.aadObjectId</c>), never anything from a card.
/// </summary>
public sealed class ProgrammeAdministrators(IOptions<ProgrammeOptions> options)
{
    private readonly HashSet<string> _ids = new(options.Value.Administrators.Select(a => a.Trim()), StringComparer.OrdinalIgnoreCase);

    public bool Includes(TeamsUser user) => user.AadObjectId is { Length: > 0 } id && _ids.Contains(id);

    /// <summary>The administrators' Entra object ids (on Teams traffic a person's key), for results sent to them personally.</summary>
    public IReadOnlyCollection<string> ObjectIds => _ids;

    public static WebApplicationBuilder AddProgrammeAdministrators(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProgrammeOptions>()
            .Bind(builder.Configuration.GetSection(ProgrammeOptions.Section))
            .PostConfigure(o =>
            {
                if (o.Administrators.Length == 0)
                {
                    o.Administrators = builder.Configuration.GetSection(ProgrammeOptions.LegacyAdministratorsKey).Get<string[]>() ?? [];
                }
            })
            .Validate(
                o => o.Administrators.All(a => Guid.TryParse(a, out _)),
                "Programme:Administrators must hold Entra object ids (GUIDs), one per entry (Programme__Administrators__0, __1, ...).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ProgrammeAdministrators>();
        return builder;
    }
}

/// <summary>What a registered channel is for. Only deal channels count as deals in figures across deals.</summary>
public static class ChannelKinds
{
    public const string Deal = "deal";

    /// <summary>The Community of Practice's own channel: it gets CoP announcements, but is not a deal.</summary>
    public const string Cop = "cop";

    /// <summary>The Agenda Stad programme team's channel.</summary>
    public const string Programme = "programme";

    public static readonly string[] All = [Deal, Cop, Programme];
}
