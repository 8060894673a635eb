using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CityDealBot.Connector;

/// <summary>
/// The bot's own traces and metrics, next to ASP.NET Core's and HttpClient's, exported to Application Insights or
/// over OTLP (<see cref="AddTelemetry"/>). Tags are ids and kinds only: never message text or names.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "CityDealBot";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ActivitiesReceived = Meter.CreateCounter<long>("citydealbot.activities.received", description: "Inbound activities, by type and outcome");

    public static readonly Counter<long> ProactiveSent = Meter.CreateCounter<long>("citydealbot.proactive.sent", description: "Proactive messages sent, by kind");

    public static readonly Counter<long> ProactiveQueued = Meter.CreateCounter<long>("citydealbot.proactive.queued", description: "Proactive messages parked in the outbox after the Connector kept failing");

    public static readonly Counter<long> ProactivePoisoned = Meter.CreateCounter<long>("citydealbot.proactive.poisoned", description: "Outbox messages given up after the last attempt");

    public static readonly Counter<long> RepliesSent = Meter.CreateCounter<long>("citydealbot.replies.sent", description: "Replies and posts sent in the background after the turn was answered");

    public static readonly Counter<long> RepliesFailed = Meter.CreateCounter<long>("citydealbot.replies.failed", description: "Replies and posts not delivered: refused by the Connector after its retries, or not written to the backlog when an instance stopped");

    public static readonly Counter<long> RepliesBacklogged = Meter.CreateCounter<long>("citydealbot.replies.backlogged", description: "Replies written to the durable reply backlog: beyond the memory window, or unsent when an instance stopped");

    public static readonly Counter<long> ReplyBacklogsAdopted = Meter.CreateCounter<long>("citydealbot.replies.backlogs_adopted", description: "Reply backlogs of stopped or lapsed instances taken over by this one");

    public static readonly Counter<long> SharedCardUpdates = Meter.CreateCounter<long>("citydealbot.shared_cards.updated", description: "Shared card updates sent, after coalescing");

    public static readonly Counter<long> SharedCardUpdatesFailed = Meter.CreateCounter<long>("citydealbot.shared_cards.failed", description: "Shared card updates the Connector refused after its retries");

    /// <summary>The setting App Service gets from the Bicep deployment when Application Insights exists.</summary>
    public const string AzureMonitorConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Traces, metrics and logs: to Application Insights when its connection string is set (Azure), else over
    /// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (any other back-end), else nowhere.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(Name));
        var azureMonitor = builder.Configuration[AzureMonitorConnectionStringKey];
        if (!string.IsNullOrWhiteSpace(azureMonitor))
        {
            // The distro brings the ASP.NET Core and HttpClient instrumentation and the log exporter itself.
            otel.UseAzureMonitor(options => options.ConnectionString = azureMonitor);
            otel.WithTracing(tracing => tracing.AddSource(Name)).WithMetrics(metrics => metrics.AddMeter(Name));
        }
        else
        {
            otel.WithTracing(tracing => tracing.AddSource(Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
                .WithMetrics(metrics => metrics.AddMeter(Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
            if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                otel.UseOtlpExporter();
            }
        }

        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options => options.EnrichWithHttpResponse = HideLinkTokens);
        return builder;
    }

    /// <summary>
    /// A signed link's token is a credential for whoever holds it: the request span keeps the route
    /// (<c>/pulse/charts/{token}.png</c>) instead of the path that carries it.
    /// </summary>
    private static void HideLinkTokens(System.Diagnostics.Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } && route.Contains("{token}", StringComparison.Ordinal))
        {
            activity.SetTag("url.path", route);
            activity.SetTag("url.full", null);
        }
    }
}
