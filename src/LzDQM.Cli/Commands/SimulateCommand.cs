using System.CommandLine;
using System.Globalization;
using LzDQM.Simulation;
using Spectre.Console;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm simulate --scenario NAME|FILE --out FILE [--seed S] [--duration D]</c>: writes a
/// replay file and its truth file beside it. Progress goes to stderr (only when it is a
/// terminal); stdout carries the written paths and a summary table, for scripts.
/// </summary>
public static class SimulateCommand
{
    /// <summary>Default PRNG seed.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = $"built-in scenario ({string.Join(", ", ScenarioCatalog.Names)}) or a scenario .json file",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "replay file to write (.lzr); the truth file goes beside it as .truth.json",
            Required = true,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "PRNG seed: same scenario, seed and duration give byte-identical files",
            DefaultValueFactory = _ => DefaultSeed,
        };
        var duration = new Option<string?>("--duration")
        {
            Description = "simulated run time, e.g. 90s, 20m, 1h, 1h30m or plain seconds (default: the scenario's full length)",
        };

        var command = new Command("simulate", "Simulate the detector under a scenario and write a replay file plus its truth file.");
        command.Options.Add(scenario);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(duration);
        command.SetAction((parse, ct) =>
        {
            var spec = Resolve(parse.GetValue(scenario)!);
            var length = parse.GetValue(duration) is { } text ? ParseDuration(text) : spec.DefaultDuration;
            var path = parse.GetValue(output)!;
            var simulator = new DetectorSimulator(spec, parse.GetValue(seed), length);
            var summary = Write(simulator, path, ct);
            PrintSummary(simulator, path, summary);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Parses <c>90s</c>, <c>20m</c>, <c>1h</c>, <c>1h30m</c>, <c>500ms</c> or plain seconds.</summary>
    /// <exception cref="OperatorException">Not a positive duration up to 30 days.</exception>
    public static TimeSpan ParseDuration(string text) =>
        RunDuration.TryParse(text, out var duration) ? duration : throw BadDuration(text);

    private static OperatorException BadDuration(string text) =>
        new($"bad --duration '{text}': expected a positive time up to 30 days such as 90s, 20m, 1h, 1h30m or seconds", ExitCodes.BadArguments);

    private static Simulation.Scenarios.Scenario Resolve(string nameOrFile)
    {
        try
        {
            return ScenarioCatalog.Resolve(nameOrFile);
        }
        catch (KeyNotFoundException ex)
        {
            throw new OperatorException(ex.Message, ExitCodes.BadArguments);
        }
        catch (FormatException ex)
        {
            throw new OperatorException(ex.Message, ExitCodes.BadArguments);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorException($"cannot read scenario file '{nameOrFile}': {ex.Message}", ExitCodes.BadArguments);
        }
    }

    private static SimulationSummary Write(DetectorSimulator simulator, string path, CancellationToken ct)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new OperatorException($"cannot write '{path}': it is a directory", ExitCodes.BadArguments);
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new OperatorException($"cannot write '{path}': directory '{directory}' does not exist", ExitCodes.BadArguments);
            }

            if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
            {
                return simulator.WriteReplay(path, new CancellingProgress(null, ct));
            }

            SimulationSummary? summary = null;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"simulating {simulator.Scenario.Name}", maxValue: 1);
                    summary = simulator.WriteReplay(path, new CancellingProgress(task, ct));
                });
            return summary!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorException($"cannot write '{path}': {ex.Message}", ExitCodes.BadArguments);
        }
    }

    private static void PrintSummary(DetectorSimulator simulator, string path, SimulationSummary summary)
    {
        var truth = simulator.Truth;
        Console.Out.WriteLine($"replay={path}");
        Console.Out.WriteLine($"truth={ScenarioTruth.PathFor(path)}");
        var table = new Table().AddColumns("scenario", "run", "seed", "duration", "events", "pulses", "chunks", "lost triggers", "bytes");
        table.AddRow(
            Markup.Escape(truth.Scenario),
            truth.Run.ToString(CultureInfo.InvariantCulture),
            truth.Seed.ToString(CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(truth.DurationS).ToString("c", CultureInfo.InvariantCulture),
            summary.Events.ToString(CultureInfo.InvariantCulture),
            summary.Pulses.ToString(CultureInfo.InvariantCulture),
            summary.Chunks.ToString(CultureInfo.InvariantCulture),
            summary.LostTriggers.ToString(CultureInfo.InvariantCulture),
            summary.ReplayBytes.ToString(CultureInfo.InvariantCulture));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        console.Write(table);
        foreach (var a in truth.Anomalies)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"anomaly {a.Name}: {a.Metric} from {a.OnsetS:0.###} s{(a.OnsetInRun ? string.Empty : " (after the end of this run)")}"));
        }
    }

    /// <summary>Forwards progress to a Spectre task and stops the work when cancelled.</summary>
    private sealed class CancellingProgress(ProgressTask? task, CancellationToken ct) : IProgress<double>
    {
        public void Report(double value)
        {
            ct.ThrowIfCancellationRequested();
            task?.Value = value;
        }
    }
}
