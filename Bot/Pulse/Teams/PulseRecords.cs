using Azure;
using Azure.Data.Tables;

namespace CityDealBot.Pulse;

/// <summary>
/// One pulse in a deal. Table <c>PulseRounds</c>: PartitionKey = deal key (the channel id), RowKey = round id,
/// so all pulses of a deal are one partition query. Round ids start with inverted ticks: the latest sorts first.
/// </summary>
public sealed class PulseRoundRecord : ITableEntity
{
    /// <summary>A copy for a caller, so the store's remembered record cannot be changed behind its back.</summary>
    public PulseRoundRecord Copy() => (PulseRoundRecord)MemberwiseClone();

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DealChannelId { get; set; } = string.Empty;

    /// <summary>The template the round ran with; set at creation. A row without one predates the published questionnaire.</summary>
    public string TemplateId { get; set; } = LegacyPulseTemplate.TemplateId;

    public DateTimeOffset OpensAt { get; set; }

    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>The person key of who started it; empty for a deal's round of a programme round.</summary>
    public string StartedBy { get; set; } = string.Empty;

    /// <summary>The programme round (e.g. <c>2026-01</c>) this round belongs to, or null for a deal's own pulse.</summary>
    public string? ProgrammeRoundId { get; set; }

    /// <summary>Set once the results were posted after the close; open rounds have false.</summary>
    public bool IsFinished { get; set; }

    public string Language { get; set; } = "nl";

    /// <summary>The 29: ids the card asks Teams to refresh for (comma-separated, at most 60), or null for everyone.</summary>
    public string? RefreshUserIds { get; set; }

    /// <summary>
    /// For a follow-up round of a deal that ended: the day it ended (<c>yyyy-MM-dd</c>); null for a round during the deal.
    /// A follow-up round is answered in each former member's 1:1 chat and never counts in the all-deals mean.
    /// </summary>
    public string? DealEndedOn { get; set; }

    /// <summary>The deal's name when a follow-up round opened (its team may be gone by then).</summary>
    public string? DealName { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public bool IsFollowUp => DealEndedOn is not null;

    public PulseRound ToRound() => new(RowKey, DealChannelId, TemplateId, OpensAt, ClosesAt);
}

/// <summary>
/// One person's answers to one pulse. Table <c>PulseResponses</c>: PartitionKey = round id, RowKey = person key,
/// so a pulse's responses are one partition query and a second submit overwrites the first.
/// </summary>
public sealed class PulseResponseRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DealChannelId { get; set; } = string.Empty;

    /// <summary>Scale answers as JSON: question id to score.</summary>
    public string Scores { get; set; } = "{}";

    /// <summary>Choice answers as JSON: question id to option id.</summary>
    public string Choices { get; set; } = "{}";

    public string? Remark { get; set; }

    public DateTimeOffset FirstSubmittedAt { get; set; }

    public DateTimeOffset LastSubmittedAt { get; set; }

    public int Submissions { get; set; }
}

/// <summary>
/// The aggregate of a closed pulse, without identities or remarks. Table <c>PulseTallies</c>: PartitionKey =
/// template id, RowKey = "{deal key}|{round id}": a deal's history is a prefix range, all deals one partition.
/// </summary>
public sealed class PulseTallyRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DealChannelId { get; set; } = string.Empty;

    public string RoundId { get; set; } = string.Empty;

    public DateTimeOffset ClosesAt { get; set; }

    public int RespondentCount { get; set; }

    /// <summary>The tally of a follow-up round after the deal ended: part of the deal's history, never of the all-deals mean.</summary>
    public bool IsFollowUp { get; set; }

    /// <summary>Per indicator: respondents, mean, min and max, as JSON.</summary>
    public string Indicators { get; set; } = "[]";

    /// <summary>Per choice question: respondents and counts per option, as JSON.</summary>
    public string Choices { get; set; } = "[]";
}
