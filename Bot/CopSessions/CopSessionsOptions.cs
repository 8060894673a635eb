namespace CityDealBot.CopSessions;

/// <summary>Section <c>CopSessions</c>.</summary>
public sealed class CopSessionsOptions
{
    public const string Section = "CopSessions";

    /// <summary>How often due reminders are looked for; zero switches the background check off (tests).</summary>
    public TimeSpan ReminderSweepEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often due speed-date blocks are looked for; zero switches the background check off (tests).</summary>
    public TimeSpan BlockSweepEvery { get; set; } = TimeSpan.FromMinutes(1);
}
