using LzDQM.Cli.Demo;
using Spectre.Console;

namespace LzDQM.Cli.Tests;

public sealed class LiveViewTests
{
    private static LiveSample Sample() => new(
        "LzDQM demo · purity-loss · run 7003",
        "replaying at 60× real time",
        TimeSpan.FromSeconds(21),
        new LiveReplay(0.63, 25.2, 40, Held: false),
        3712,
        12,
        1653,
        [new LiveRun("7003", 1, "node-2", 25.1, false, new LiveValue(62.04, 1.07), new LiveValue(0.99694, null), new LiveValue(7.604, 0.463), "kr83m",
            new LiveValue(953.87, 1.42), new LiveValue(0.80012, null), new LiveValue(17.93, null), [new LiveAlarm("electron-lifetime-falling", true, "warn")])],
        [new LiveNode("node-1", [0], 0, 0, 0), new LiveNode("node-2", [1], 12, 3712, 95_000)],
        [(0, "node-1"), (1, "node-2")]);

    [Fact]
    public void The_plain_line_for_logs_carries_progress_rates_lifetime_and_who_owns_which_partition()
    {
        var line = LiveView.PlainLine(Sample());
        Assert.DoesNotContain('\n', line);
        foreach (var expected in new[] { "63 %", "25.2 of 40.0 min", "3,712 events/s", "consumer lag 12", "run 7003 p1@node-2", "62.0 ± 1.1 Hz", "τ 7.60 ± 0.46 ms", "cathode 953.9 ± 1.4 µs", "σ₀ 0.8001 µs", "D_L 17.93 cm²/s", "alarms electron-lifetime-falling FIRING (warn)", "node-1 [p0]", "node-2 [p1]", "cluster view p0 → node-1, p1 → node-2" })
        {
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_terminal_layout_shows_the_same_values_in_tables()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 80; // a plain terminal
        console.Write(LiveView.Render(Sample()));
        var screen = text.ToString();
        foreach (var expected in new[] { "run 7003", "p1 → node-2", "τ electron lifetime", "7.60 ± 0.46 ms", "62.0 ± 1.1 Hz", "953.9 ± 1.4 µs", "0.8001 µs", "17.93 cm²/s", "electron-lifetime-falling FIRING", "node-1", "3,712", "63 %", "replaying at 60× real time", "p0 → node-1, p1 → node-2" })
        {
            Assert.Contains(expected, screen, StringComparison.Ordinal);
        }
    }
}
