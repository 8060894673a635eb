namespace CityDealBot.Elections.Lobby;

public sealed class ElectionsOptions
{
    public const string Section = "Elections";

    /// <summary>How often the reminder dispatcher looks for due moments.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether this instance runs the reminder dispatcher (all instances may; claims keep it exactly once).</summary>
    public bool RunDispatcher { get; set; } = true;

    /// <summary>At most this many governments per deal: keeps the settings card and the reminders readable.</summary>
    public int MaxGovernments { get; set; } = 60;
}
