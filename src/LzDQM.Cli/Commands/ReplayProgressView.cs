using System.Globalization;
using LzDQM.Kafka;
using Spectre.Console;

namespace LzDQM.Cli.Commands;

/// <summary>
/// Shows a running replay on stderr: a Spectre.Console progress bar when stderr is a terminal,
/// otherwise a plain line every few seconds (logs stay readable). Snapshots arrive on the
/// publishing thread and are drawn from the calling one.
/// </summary>
internal static class ReplayProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<ReplaySummary> RunAsync(string name, Func<IProgress<ReplayProgress>, Task<ReplaySummary>> publish)
    {
        var latest = new LatestProgress();
        var work = publish(latest);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!Console.IsErrorRedirected && console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(name), maxValue: 1);
                    while (!work.IsCompleted)
                    {
                        await Task.WhenAny(work, Task.Delay(200)).ConfigureAwait(false);
                        if (latest.Value is { } p)
                        {
                            task.MaxValue = Math.Max(1, p.FileBytesTotal);
                            task.Value = p.FileBytesRead;
                            task.Description = Markup.Escape(DescribeShort(p));
                        }
                    }

                    if (work.IsCompletedSuccessfully)
                    {
                        task.Value = task.MaxValue;
                    }
                }).ConfigureAwait(false);
        }
        else
        {
            var next = DateTime.UtcNow + PlainInterval;
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(200)).ConfigureAwait(false);
                if (DateTime.UtcNow >= next && latest.Value is { } p)
                {
                    next = DateTime.UtcNow + PlainInterval;
                    await Console.Error.WriteLineAsync($"lzdqm: replay {name}: {Describe(p)}").ConfigureAwait(false);
                }
            }
        }

        return await work.ConfigureAwait(false);
    }

    // Fits beside the bar in 80 columns.
    private static string DescribeShort(ReplayProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 1e-3);
        var eventTime = DateTimeOffset.FromUnixTimeMilliseconds(p.EventTimeNs / 1_000_000).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var held = p.HeldByConsumers ? " waiting" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{p.Bytes / 1048576.0:0.0} MB {eventTime} {p.Chunks / seconds:0} ch/s {p.Events / seconds / 1000:0}k ev/s{held}");
    }

    private static string Describe(ReplayProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 1e-3);
        var eventTime = DateTimeOffset.FromUnixTimeMilliseconds(p.EventTimeNs / 1_000_000).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var held = p.HeldByConsumers ? " [waiting for consumers]" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{p.Records} records, {p.Bytes / 1048576.0:0.0} MB, event time {eventTime}, {p.Chunks / seconds:0} chunks/s, {p.Events / seconds:0} events/s{held}");
    }

    private sealed class LatestProgress : IProgress<ReplayProgress>
    {
        private ReplayProgress? _value;

        public ReplayProgress? Value => Volatile.Read(ref _value);

        public void Report(ReplayProgress value) => Volatile.Write(ref _value, value);
    }
}
