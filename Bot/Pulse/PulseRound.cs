using CityDealBot.DutchTime;
namespace CityDealBot.Pulse;

/// <summary>One run of a pulse in a deal: when it opens and closes (instants; shown in Amsterdam time).</summary>
public sealed record PulseRound(string Id, string DealId, string TemplateId, DateTimeOffset OpensAt, DateTimeOffset ClosesAt)
{
    public bool IsOpenAt(DateTimeOffset now) => now >= OpensAt && now < ClosesAt;

    public bool IsClosedAt(DateTimeOffset now) => now >= ClosesAt;

    /// <summary>Plans a round from Amsterdam wall-clock times, e.g. "open Monday 9:00, close Friday 17:00".</summary>
    public static PulseRound FromAmsterdamTimes(string id, string dealId, string templateId, DateTime opensLocal, DateTime closesLocal)
    {
        var opens = AmsterdamTime.ToInstant(opensLocal);
        var closes = AmsterdamTime.ToInstant(closesLocal);
        if (closes <= opens)
        {
            throw new ArgumentException("A pulse must close after it opens.", nameof(closesLocal));
        }

        return new PulseRound(id, dealId, templateId, opens, closes);
    }
}
