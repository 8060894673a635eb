using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CityDealBot.Connector;

/// <summary>A Connector call that failed after retries; <see cref="Status"/> tells why (403 blocked, 404 gone, 413 too big).</summary>
public sealed class ConnectorException(HttpStatusCode status, string? errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;
}

/// <summary>Learns of every activity the bot posted or replaced, with the id Teams gave it (e.g. to know which card is where).</summary>
public interface IPostedActivityObserver
{
    Task OnPostedAsync(string conversationId, string activityId, Activity activity, CancellationToken ct);
}

/// <summary>
/// The Bot Connector REST API (protocol reference §3.2–3.4), relative to the serviceUrl of the conversation.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IEnumerable<IPostedActivityObserver>? observers = null)
{
    public const string HttpClientName = "connector";

    private readonly IPostedActivityObserver[] _observers = [.. observers ?? []];

    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct)
    {
        var outbound = Outbound(activity);
        var sent = await SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities", outbound, ct);
        await PostedAsync(conversationId, sent.Id, outbound, ct);
        return sent;
    }

    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct)
    {
        var outbound = Outbound(activity);
        outbound.ReplyToId = replyToId;
        var sent = await SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(replyToId)}", outbound, ct);
        await PostedAsync(conversationId, sent.Id, outbound, ct);
        return sent;
    }

    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct)
    {
        var outbound = Outbound(activity);
        outbound.Id = activityId;
        var sent = await SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}", outbound, ct);
        await PostedAsync(conversationId, activityId, outbound, ct);
        return sent;
    }

    private async Task PostedAsync(string conversationId, string? activityId, Activity activity, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            return;
        }

        foreach (var observer in _observers)
        {
            await observer.OnPostedAsync(conversationId, activityId, activity, ct);
        }
    }

    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Url(serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}"));
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
    }

    /// <summary>Creates (or returns) a 1:1 conversation, or starts a new channel thread when <c>IsGroup</c> with a channel.</summary>
    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, ct);

    public async Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var path = $"v3/conversations/{Esc(conversationId)}/pagedmembers?pageSize={pageSize}";
        if (!string.IsNullOrEmpty(continuationToken))
        {
            path += $"&continuationToken={Esc(continuationToken)}";
        }

        using var response = await http.GetAsync(Url(serviceUrl, path), ct);
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<PagedMembersResult>(ConnectorJson.Options, ct) ?? new PagedMembersResult();
    }

    /// <summary>Every member, page by page, until the Connector stops returning a continuation token.</summary>
    public async IAsyncEnumerable<TeamsChannelAccount> GetAllMembersAsync(string serviceUrl, string conversationId, [EnumeratorCancellation] CancellationToken ct, int pageSize = 100)
    {
        string? continuation = null;
        do
        {
            var page = await GetPagedMembersAsync(serviceUrl, conversationId, pageSize, continuation, ct);
            foreach (var member in page.Members ?? [])
            {
                yield return member;
            }

            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string path, object body, CancellationToken ct)
        where T : new()
    {
        using var request = new HttpRequestMessage(method, Url(serviceUrl, path))
        {
            Content = JsonContent.Create(body, body.GetType(), options: ConnectorJson.Options),
        };
        // Buffer once so a retry can send the same bytes again.
        await request.Content.LoadIntoBufferAsync(ct);
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        if (response.Content.Headers.ContentLength == 0)
        {
            return new T();
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        return string.IsNullOrWhiteSpace(text) ? new T() : JsonSerializer.Deserialize<T>(text, ConnectorJson.Options) ?? new T();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        string? code = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var codeElement))
            {
                code = codeElement.GetString();
            }
        }
        catch (JsonException)
        {
            // Not every failure has a JSON body; the status is enough.
        }

        throw new ConnectorException(response.StatusCode, code, $"Connector answered {(int)response.StatusCode} {code}".TrimEnd());
    }

    // Bots must not set id or serviceUrl on outbound activities (protocol reference §1.1).
    private static Activity Outbound(Activity activity)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.Id = null;
        activity.ServiceUrl = null;
        return activity;
    }

    private static Uri Url(string serviceUrl, string path) => new(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);

    private static string Esc(string segment) => Uri.EscapeDataString(segment);
}
