using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel;
using Spectre.Console;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm analyze FILE --out POINTS.lp</c> (SPEC §5): runs the kernel over a replay file offline,
/// streaming, and writes the points the live pipeline would write, as line protocol sorted
/// deterministically. Progress and a summary go to stderr; bad records are counted and skipped.
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Replay file (.lzr) to analyse." };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the metric points (InfluxDB line protocol).",
            Required = true,
        };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar or summary." };
        var command = new Command("analyze", "Compute the DQM metrics of a replay file offline, as line protocol.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(quiet);
        command.SetAction((parse, ct) =>
        {
            // Bad records are counted in the summary and skipped (SPEC §2), not a failure.
            Run(parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(quiet), ct);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Analyses <paramref name="path"/> into <paramref name="outPath"/>; throws <see cref="OperatorException"/> or <see cref="ReplayFormatException"/> on bad files.</summary>
    public static AnalyzeSummary Run(string path, string outPath, bool quiet, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new OperatorException($"replay file '{path}' does not exist", ExitCodes.BadInput);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        var stopwatch = Stopwatch.StartNew();
        long records = 0, bad = 0;
        string? firstBad = null;
        using (var reader = ReplayFileReader.Open(path))
        {
            void Loop(Action<double>? progress)
            {
                foreach (var record in reader.ReadAll())
                {
                    ct.ThrowIfCancellationRequested();
                    records++;
                    try
                    {
                        kernel.OnRecord(record);
                    }
                    catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException or InvalidJsonException or FormatException)
                    {
                        bad++;
                        firstBad ??= $"record {records} ({record.Topic}): {ex.Message}";
                    }

                    if ((records & 255) == 0 && reader.Length > 0)
                    {
                        progress?.Invoke(100.0 * reader.Position / reader.Length);
                    }
                }

                progress?.Invoke(100);
            }

            if (quiet || Console.IsErrorRedirected)
            {
                Loop(null);
            }
            else
            {
                console.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(Path.GetFileName(path)));
                    Loop(v => task.Value = v);
                });
            }
        }

        Write(outPath, points);
        var summary = new AnalyzeSummary(records, bad, kernel.Chunks, points.Count, stopwatch.Elapsed, firstBad,
            points.GroupBy(p => p.Measurement).ToDictionary(g => g.Key, g => g.Count()));
        if (!quiet)
        {
            console.Write(SummaryTable(path, outPath, summary));
        }

        return summary;
    }

    private static void Write(string outPath, List<MetricPoint> points)
    {
        var temp = outPath + ".partial";
        try
        {
            File.WriteAllText(temp, LineProtocol.FormatSorted(points));
            File.Move(temp, outPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new OperatorException($"cannot write '{outPath}': {ex.Message}", ExitCodes.Failure, ex);
        }
    }

    private static Table SummaryTable(string path, string outPath, AnalyzeSummary s)
    {
        var table = new Table().Title("lzdqm analyze").AddColumn("item").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("replay", Markup.Escape(path));
        table.AddRow("records", s.Records.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("chunks", s.Chunks.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow(s.BadRecords > 0 ? "[red]bad records (skipped)[/]" : "bad records", s.BadRecords.ToString(CultureInfo.InvariantCulture));
        foreach (var (measurement, count) in s.PointsByMeasurement.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            table.AddRow(measurement, count.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("points written", $"{s.Points:N0} → {Markup.Escape(outPath)}");
        table.AddRow("time", $"{s.Elapsed.TotalSeconds:F2} s");
        if (s.FirstBadRecord is { } first)
        {
            table.AddRow("first bad record", Markup.Escape(first));
        }

        return table;
    }
}
