using System.CommandLine;
using System.Globalization;
using LzDQM.Cli.Demo;
using LzDQM.Simulation;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm demo [--scenario NAME] [--duration D] [--out DIR] [--speed X|max] [--seed S]</c> (SPEC §5):
/// the whole system on one machine with nothing installed (<see cref="DemoRun"/>). The live view goes
/// to stdout (a plain line every few seconds when stdout is not a terminal); at the end stdout names
/// the files as <c>key=path</c> lines.
/// </summary>
public static class DemoCommand
{
    /// <summary>Default scenario: τ falls from 8 to 2 ms under Kr-83m calibration, so every physics panel has data and one moves.</summary>
    public const string DefaultScenario = "purity-loss";

    /// <summary>Default speed: the 40-minute scenario in about 40 s of replay.</summary>
    public const string DefaultSpeed = "60";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = $"built-in scenario ({string.Join(", ", ScenarioCatalog.Names)}) or a scenario .json file",
            DefaultValueFactory = _ => DefaultScenario,
        };
        var duration = new Option<string?>("--duration") { Description = "simulated run time, e.g. 3m, 40m, 1h (default: the scenario's own length)" };
        var output = new Option<string>("--out") { Description = "directory for the replay, points.lp, report.html and demo.log", DefaultValueFactory = _ => "lzdqm-demo" };
        var speed = new Option<string>("--speed")
        {
            Description = "replay speed: event time per wall-clock time (e.g. 60), or 'max' (paced only by the cluster's commits)",
            DefaultValueFactory = _ => DefaultSpeed,
        };
        var seed = new Option<ulong>("--seed") { Description = "simulation seed", DefaultValueFactory = _ => SimulateCommand.DefaultSeed };
        var command = new Command("demo", "Run the whole system on this machine: simulated detector, embedded Kafka broker, a 2-node cluster, a live view, metrics to a line-protocol file and an HTML report.");
        command.Options.Add(scenario);
        command.Options.Add(duration);
        command.Options.Add(output);
        command.Options.Add(speed);
        command.Options.Add(seed);
        command.SetAction(async (parse, ct) =>
        {
            var options = new DemoOptions(
                parse.GetValue(scenario)!,
                parse.GetValue(duration) is { } d ? SimulateCommand.ParseDuration(d) : null,
                parse.GetValue(output)!,
                ReplayCommand.ParseSpeed(parse.GetValue(speed)!),
                parse.GetValue(seed));
            var result = await DemoRun.RunAsync(options, Console.Out, ct).ConfigureAwait(false);
            Print(result);
            return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(DemoResult r)
    {
        var o = Console.Out;
        var shares = string.Join(", ", r.PointsByNode.Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        var replayed = r.Published is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"; replayed {p.Events:N0} events at {p.EventsPerSecond:N0} events/s")
            : string.Empty;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"demo: {(r.Interrupted ? "interrupted" : "done")} in {r.Elapsed.TotalSeconds:0.0} s: {r.PointCount} points ({shares} lines written per node){replayed}"));
        o.WriteLine($"replay={r.Replay}");
        o.WriteLine($"truth={r.Truth}");
        o.WriteLine($"points={r.Points}");
        if (r.Report is { } report)
        {
            o.WriteLine($"report={report}");
        }

        o.WriteLine($"log={r.Log}");
    }
}
