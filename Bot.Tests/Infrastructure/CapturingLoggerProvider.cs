using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CityDealBot.Tests.Infrastructure;

public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyList<object?> Scopes);

/// <summary>Keeps every log line the bot writes, with its scopes, so tests can check what is (not) logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>Everything logged, as text: messages, exceptions and scope values.</summary>
    public string AllText() => string.Join("\n", Logs.Select(l => $"{l.Category} {l.Message} {l.Exception} {string.Join(' ', l.Scopes.Select(Describe))}"));

    private static string Describe(object? scope) => scope switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")),
        _ => scope?.ToString() ?? string.Empty,
    };

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            owner._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            owner.Logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception, scopes));
        }
    }
}
