using System.Net;
using Azure.Core;
using Azure.Identity;
using CityDealBot.DutchTime;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CityDealBot.Graph;

/// <summary>
/// Why a calendar call failed. <see cref="SignInFailed"/>: the bot could not get a Graph token at all (the managed
/// identity or app registration is missing, not in this tenant, or its secret expired), as plain to the user as a 403.
/// </summary>
/// <summary>A time someone is not free; tentative items count against a slot less than firm ones.</summary>
public sealed record BusyInterval(DateTimeOffset Start, DateTimeOffset End, bool IsTentative);

/// <summary>
/// An event to put in an organiser's calendar, whatever feature asks for it (a CoP session, an agreed coffee).
/// <paramref name="TransactionId"/> makes a retried create return the same event.
/// </summary>
public sealed record MeetingRequest(string TransactionId, string Subject, string? Body, DateTimeOffset Start, int DurationMinutes, bool Online, string? Location = null);

public enum CalendarFailure { None, NotConfigured, Forbidden, SignInFailed, Throttled, Other }

/// <summary>The outcome of a calendar call: the event's id and join link, or why it failed.</summary>
public sealed record CalendarResult(string? EventId, string? JoinUrl, CalendarFailure Failure, string? Detail)
{
    public bool Succeeded => Failure == CalendarFailure.None;

    public static CalendarResult Failed(CalendarFailure failure, string? detail = null) => new(null, null, failure, detail);
}

/// <summary>Sessions as Outlook events in the organiser's mailbox, created app-only through Microsoft Graph.</summary>
public sealed class GraphGateway(IOptions<GraphOptions> options, GraphCredentialFactory credentials, ILogger<GraphGateway> logger)
{
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];
    private readonly Lazy<GraphServiceClient?> _client = new(() => CreateClient(options.Value, credentials));

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Creates the event with its attendees (which sends the invitations); transactionId makes a retry safe.</summary>
    public Task<CalendarResult> CreateAsync(string organiserId, MeetingRequest meeting, IReadOnlyList<string> attendees, CancellationToken ct) =>
        CallAsync(async client =>
        {
            var ev = Describe(meeting);
            ev.Attendees = [.. attendees.Select(a => new Attendee { EmailAddress = new EmailAddress { Address = a }, Type = AttendeeType.Required })];
            ev.IsOnlineMeeting = meeting.Online;
            ev.OnlineMeetingProvider = meeting.Online ? OnlineMeetingProviderType.TeamsForBusiness : null;
            ev.AllowNewTimeProposals = true;
            ev.TransactionId = meeting.TransactionId;
            var created = await client.Users[organiserId].Events.PostAsync(ev, r => r.Headers.Add("Prefer", $"outlook.timezone=\"{TimeZone}\""), ct);
            return new CalendarResult(created?.Id, created?.OnlineMeeting?.JoinUrl, CalendarFailure.None, null);
        });

    /// <summary>Changes time, place and agenda; the attendee list is left out so nobody who answered is asked again.</summary>
    public Task<CalendarResult> UpdateAsync(string organiserId, string eventId, MeetingRequest meeting, CancellationToken ct) =>
        CallAsync(async client =>
        {
            await client.Users[organiserId].Events[eventId].PatchAsync(Describe(meeting), cancellationToken: ct);
            return new CalendarResult(eventId, null, CalendarFailure.None, null);
        });

    public Task<CalendarResult> CancelAsync(string organiserId, string eventId, string comment, CancellationToken ct) =>
        CallAsync(async client =>
        {
            await client.Users[organiserId].Events[eventId].Cancel.PostAsync(new CancelPostRequestBody { Comment = comment }, cancellationToken: ct);
            return new CalendarResult(eventId, null, CalendarFailure.None, null);
        });

    /// <summary>
    /// Free/busy of up to 20 people (Graph's limit per getSchedule call) between two instants, asked through the
    /// organiser's calendar. Null when Graph is not configured or refuses; the failure says why.
    /// </summary>
    public async Task<(IReadOnlyList<IReadOnlyList<BusyInterval>>? Busy, CalendarResult Outcome)> GetScheduleAsync(
        string organiserId, IReadOnlyList<string> addresses, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        IReadOnlyList<IReadOnlyList<BusyInterval>>? busy = null;
        var outcome = await CallAsync(async client =>
        {
            var response = await client.Users[organiserId].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new()
            {
                Schedules = [.. addresses.Take(MaxSchedules)],
                StartTime = new DateTimeTimeZone { DateTime = LocalText(from), TimeZone = TimeZone },
                EndTime = new DateTimeTimeZone { DateTime = LocalText(to), TimeZone = TimeZone },
                AvailabilityViewInterval = ScheduleStepMinutes,
            // Items come back in UTC, so busy times compare as instants whatever the season.
            }, r => r.Headers.Add("Prefer", "outlook.timezone=\"UTC\""), ct);
            busy = [.. (response?.Value ?? []).Select(schedule => (IReadOnlyList<BusyInterval>)[.. (schedule.ScheduleItems ?? [])
                .Where(item => item.Status is not (FreeBusyStatus.Free or FreeBusyStatus.Unknown) && item.Start?.DateTime is not null && item.End?.DateTime is not null)
                .Select(item => new BusyInterval(Utc(item.Start!.DateTime!), Utc(item.End!.DateTime!), item.Status == FreeBusyStatus.Tentative))])];
            return new CalendarResult(null, null, CalendarFailure.None, null);
        });
        return (busy, outcome);
    }

    /// <summary>
    /// A standalone Teams meeting on the organiser's behalf (app-only, onlineMeetings/createOrGet): the same
    /// <paramref name="externalId"/> returns the same meeting, so a retry or a second instance never makes two.
    /// Needs OnlineMeetings.ReadWrite.All and a Teams application access policy for the organiser.
    /// </summary>
    public Task<CalendarResult> CreateOrGetMeetingAsync(
        string organiserId, string externalId, DateTimeOffset start, DateTimeOffset end, string subject, IReadOnlyList<string> participantUpns, CancellationToken ct) =>
        CallAsync(async client =>
        {
            var meeting = await client.Users[organiserId].OnlineMeetings.CreateOrGet.PostAsync(new()
            {
                ExternalId = externalId,
                StartDateTime = start,
                EndDateTime = end,
                Subject = subject,
                Participants = new MeetingParticipants
                {
                    Attendees = [.. participantUpns.Select(upn => new MeetingParticipantInfo { Upn = upn, Role = OnlineMeetingRole.Attendee })],
                },
            }, cancellationToken: ct);
            return new CalendarResult(meeting?.Id, meeting?.JoinWebUrl, CalendarFailure.None, null);
        });

    /// <summary>The granularity of getSchedule's availability view: half hours, the grid slots are proposed on.</summary>
    public const int ScheduleStepMinutes = 30;

    /// <summary>Graph answers at most 20 schedules per getSchedule request (calendar-getschedule, "schedules").</summary>
    public const int MaxSchedules = 20;

    private static DateTimeOffset Utc(string text) =>
        new(DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc));

    private static Event Describe(MeetingRequest meeting) => new()
    {
        Subject = meeting.Subject,
        Body = new ItemBody { ContentType = BodyType.Text, Content = meeting.Body ?? string.Empty },
        Start = new DateTimeTimeZone { DateTime = LocalText(meeting.Start), TimeZone = TimeZone },
        End = new DateTimeTimeZone { DateTime = LocalText(meeting.Start.AddMinutes(meeting.DurationMinutes)), TimeZone = TimeZone },
        Location = string.IsNullOrWhiteSpace(meeting.Location) ? null : new Location { DisplayName = meeting.Location },
    };

    /// <summary>The Windows zone id Graph expects for Europe/Amsterdam (protocol reference §6.2).</summary>
    public const string TimeZone = "W. Europe Standard Time";

    /// <summary>The Amsterdam wall-clock text Graph takes together with <see cref="TimeZone"/>.</summary>
    public static string LocalText(DateTimeOffset instant) =>
        AmsterdamTime.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<CalendarResult> CallAsync(Func<GraphServiceClient, Task<CalendarResult>> call)
    {
        if (_client.Value is not { } client)
        {
            return CalendarResult.Failed(CalendarFailure.NotConfigured);
        }

        try
        {
            return await call(client);
        }
        catch (ODataError error)
        {
            // The Kiota retry handler has already honoured Retry-After for 429/503/504 (3 tries by default).
            logger.LogWarning("Graph refused a calendar call: {Status} {Code}", error.ResponseStatusCode, error.Error?.Code);
            return CalendarResult.Failed(error.ResponseStatusCode switch
            {
                (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.Unauthorized => CalendarFailure.Forbidden,
                (int)HttpStatusCode.TooManyRequests => CalendarFailure.Throttled,
                _ => CalendarFailure.Other,
            }, error.Error?.Code ?? error.ResponseStatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (ApiException error)
        {
            logger.LogWarning("Graph call failed: {Status}", error.ResponseStatusCode);
            return CalendarResult.Failed(error.ResponseStatusCode == (int)HttpStatusCode.TooManyRequests ? CalendarFailure.Throttled : CalendarFailure.Other,
                error.ResponseStatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (AggregateException error)
        {
            // Kiota's retry handler gives up this way once Graph keeps answering 429/503/504.
            logger.LogWarning("Graph kept throttling: {Message}", error.Message);
            return CalendarResult.Failed(CalendarFailure.Throttled, "429");
        }
        catch (HttpRequestException error)
        {
            logger.LogWarning("Graph unreachable: {Message}", error.Message);
            return CalendarResult.Failed(CalendarFailure.Other, "network");
        }
        catch (Exception error) when (error is AuthenticationFailedException or CredentialUnavailableException)
        {
            // No token: nothing Graph could refuse yet. The configured identity cannot sign in (not assigned to the
            // app, wrong client id, expired secret); the administrator has to fix it, the user just needs to know.
            logger.LogError("Signing in to Microsoft Graph failed ({Credential}): {Message}", error.GetType().Name, error.Message);
            return CalendarResult.Failed(CalendarFailure.SignInFailed, error.GetType().Name);
        }
    }

    private static GraphServiceClient? CreateClient(GraphOptions o, GraphCredentialFactory credentials)
    {
        if (!o.IsConfigured)
        {
            return null;
        }

        var baseUrl = string.IsNullOrWhiteSpace(o.BaseUrl) ? null : o.BaseUrl.TrimEnd('/');
        if (!o.HasCredential)
        {
            // A local fake without sign-in (IsConfigured allows no other case).
            return new GraphServiceClient(new AnonymousAuthenticationProvider(), baseUrl);
        }

        // The token goes only to the Graph host the bot is configured for.
        var host = new Uri(baseUrl ?? "https://graph.microsoft.com").Host;
        var authentication = new Microsoft.Kiota.Authentication.Azure.AzureIdentityAuthenticationProvider(
            credentials.Create(o), allowedHosts: [host], scopes: Scopes);
        return new GraphServiceClient(authentication, baseUrl);
    }
}
