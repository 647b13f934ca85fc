using Spectre.Console;

namespace LzDQM.Cli.Demo;

/// <summary>
/// Shows <see cref="LiveSampler"/> samples until stopped: a Spectre.Console live layout refreshed
/// about 4 times a second when stdout is a terminal, otherwise a plain line every few seconds
/// (CI logs). Runs on its own task; the sampler is only touched from it.
/// </summary>
internal sealed class LiveDisplay : IAsyncDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(3);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LiveDisplay(LiveSampler sampler, bool interactive, TextWriter plain)
    {
        _running = interactive ? Task.Run(() => LiveAsync(sampler)) : Task.Run(() => PlainAsync(sampler, plain));
    }

    /// <summary>True when stdout is a terminal that can redraw.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Starts showing samples.</summary>
    public static LiveDisplay Start(LiveSampler sampler, TextWriter plain) => new(sampler, Interactive, plain);

    /// <summary>Draws a last sample and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LiveAsync(LiveSampler sampler)
    {
        await AnsiConsole.Live(LiveView.Render(sampler.Take())).AutoClear(false).StartAsync(async ctx =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await Delay(Refresh).ConfigureAwait(false);
                ctx.UpdateTarget(LiveView.Render(sampler.Take()));
            }
        }).ConfigureAwait(false);
    }

    private async Task PlainAsync(LiveSampler sampler, TextWriter plain)
    {
        while (!_stop.IsCancellationRequested)
        {
            await Delay(PlainInterval).ConfigureAwait(false);
            await plain.WriteLineAsync(LiveView.PlainLine(sampler.Take())).ConfigureAwait(false);
            await plain.FlushAsync().ConfigureAwait(false);
        }
    }

    private async Task Delay(TimeSpan t)
    {
        try
        {
            await Task.Delay(t, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: draw the last sample.
        }
    }
}
