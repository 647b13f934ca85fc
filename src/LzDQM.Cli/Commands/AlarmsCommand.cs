using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kernel;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm alarms FILE [--config appsettings.json] [--out alarms.lp]</c>: runs the alarm rules over
/// a replay file (through the kernel, with its run control) or over a line-protocol file of metric
/// points, offline, and lists every alarm transition in event time: what an expert checks before
/// adding a rule, and what an analyst uses to find when a problem started. Same evaluator as the nodes.
/// </summary>
public static class AlarmsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Replay file (.lzr) or metric points (.lp, e.g. from 'lzdqm analyze')." };
        var config = new Option<string?>("--config") { Description = "JSON configuration with a LzDQM:Alarms section (e.g. the nodes' appsettings.json); default: the default rules." };
        var output = new Option<string?>("--out") { Description = "Also write the dqm_alarm points (line protocol) to this file." };
        var command = new Command("alarms", "Run the alarm rules over a replay or a points file offline and list the alarm transitions.");
        command.Arguments.Add(file);
        command.Options.Add(config);
        command.Options.Add(output);
        command.SetAction((parse, ct) =>
        {
            var transitions = Run(parse.GetValue(file)!, parse.GetValue(config), parse.GetValue(output), ct);
            Print(transitions);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Evaluates the rules over <paramref name="path"/>; throws <see cref="OperatorException"/> on bad files or configuration.</summary>
    public static IReadOnlyList<AlarmTransition> Run(string path, string? configPath, string? outPath, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new OperatorException($"file '{path}' does not exist", ExitCodes.BadInput);
        }

        var evaluator = new AlarmEvaluator(Rules(configPath).Rules);
        var transitions = path.EndsWith(".lp", StringComparison.OrdinalIgnoreCase) ? FromPoints(evaluator, path, ct) : FromReplay(evaluator, path, ct);
        if (outPath is not null)
        {
            try
            {
                File.WriteAllText(outPath, LineProtocol.FormatSorted(transitions.Select(t => t.ToPoint())));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new OperatorException($"cannot write '{outPath}': {ex.Message}", ExitCodes.Failure, ex);
            }
        }

        return transitions;
    }

    private static AlarmOptions Rules(string? configPath)
    {
        if (configPath is null)
        {
            return new AlarmOptions { Rules = [.. DefaultAlarmRules.Create()] };
        }

        if (!File.Exists(configPath))
        {
            throw new OperatorException($"configuration '{configPath}' does not exist", ExitCodes.BadArguments);
        }

        try
        {
            return AlarmOptions.Bind(new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath)).Build());
        }
        catch (AlarmConfigException ex)
        {
            throw new OperatorException($"{configPath}: {ex.Message}", ExitCodes.BadArguments, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new OperatorException($"{configPath}: not valid JSON: {ex.Message.ReplaceLineEndings(" ")}", ExitCodes.BadArguments, ex);
        }
    }

    private static List<AlarmTransition> FromReplay(AlarmEvaluator evaluator, string path, CancellationToken ct)
    {
        var all = new List<AlarmTransition>();
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        using var reader = ReplayFileReader.Open(path);
        foreach (var record in reader.ReadAll())
        {
            ct.ThrowIfCancellationRequested();
            RunControl? control = null;
            try
            {
                control = record.Topic != ReplayTopic.Runs ? null
                    : record.Encoding == WireEncoding.Json ? RunControl.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(record.Value))
                    : RunControl.Parser.ParseFrom(record.Value);
                if (control?.Transition == RunControl.Types.Transition.Start)
                {
                    evaluator.SetRunMode(control.Run, control.Mode);
                }

                kernel.OnRecord(record);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                continue; // bad records are skipped, as 'analyze' and the nodes do
            }

            foreach (var p in points)
            {
                all.AddRange(evaluator.Observe(p));
            }

            points.Clear();
            if (control?.Transition == RunControl.Types.Transition.Stop)
            {
                all.AddRange(evaluator.EndRun(control.Run, control.TimeNs));
            }
        }

        return all;
    }

    // A points file has no run control: run modes are unknown (rules restricted to modes are skipped) and runs do not end.
    private static List<AlarmTransition> FromPoints(AlarmEvaluator evaluator, string path, CancellationToken ct)
    {
        List<MetricPoint> points;
        try
        {
            points = LineProtocolReader.ReadFile(path);
        }
        catch (LineProtocolFormatException ex)
        {
            throw new OperatorException($"{path}: {ex.Message}", ExitCodes.BadInput, ex);
        }

        points.Sort(MetricPointOrder.Instance);
        var all = new List<AlarmTransition>();
        foreach (var p in points)
        {
            ct.ThrowIfCancellationRequested();
            all.AddRange(evaluator.Observe(p));
        }

        return all;
    }

    // One line per transition (greppable; a table would wrap the messages in a terminal of 80 columns).
    private static void Print(IReadOnlyList<AlarmTransition> transitions)
    {
        foreach (var t in transitions)
        {
            var colour = t.Kind switch
            {
                AlarmTransitionKind.Fired or AlarmTransitionKind.Escalated => t.Severity == AlarmSeverity.Critical ? "red" : "yellow",
                AlarmTransitionKind.Resolved => "green",
                _ => "grey",
            };
            var time = DateTimeOffset.FromUnixTimeMilliseconds(t.EventTimeNs / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            // What receivers hear goes beside the rule's own change: one page, updates, one resolve per problem.
            var heard = t.Notice == AlarmNotice.None ? string.Empty : $" → {t.NoticeName}";
            var change = $"{t.Kind.ToString().ToLowerInvariant()}{(t.Pages ? $" ({t.SeverityTag})" : string.Empty)}{heard}";
            if (Console.IsOutputRedirected)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{time}  {change,-30}  {t.AlarmId,-32}  {t.Message}"));
            }
            else
            {
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{time}  [{colour}]{Markup.Escape(change),-30}[/]  {Markup.Escape(t.AlarmId),-32}  {Markup.Escape(t.Message)}"));
            }
        }

        var fired = transitions.Count(t => t.Kind == AlarmTransitionKind.Fired);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{transitions.Count} transitions, {fired} alarms fired; receivers hear {transitions.Count(t => t.Notice == AlarmNotice.Page)} pages, {transitions.Count(t => t.Notice == AlarmNotice.Update)} updates, {transitions.Count(t => t.Notice == AlarmNotice.Resolve)} resolves"));
    }
}
