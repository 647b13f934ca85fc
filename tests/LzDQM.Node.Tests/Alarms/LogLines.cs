using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>Collects the formatted log lines of in-process hosts (warnings and up, and the alarm engine's).</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly string _prefix;

    public LogLines(string prefix) => _prefix = prefix;

    public ConcurrentQueue<string> Lines { get; } = new();

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || category.Contains("Alarm", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Lines.Enqueue($"{owner._prefix} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.GetBaseException().Message)}");
            }
        }
    }
}
