namespace CityDealBot.Pulse;

/// <summary>Settings of the Teams side of pulses, section <c>Pulse</c>.</summary>
public sealed class PulseOptions
{
    public const string Section = "Pulse";

    /// <summary>How often closes and reminders are checked; zero switches the background check off (tests).</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(1);
}
