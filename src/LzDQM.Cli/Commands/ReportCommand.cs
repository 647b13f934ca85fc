using System.CommandLine;
using System.Globalization;
using LzDQM.Contracts.Metrics;
using LzDQM.Reports;
using LzDQM.Simulation;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm report POINTS.lp [--truth T.truth.json] --out report.html</c>: the HTML report with plots
/// of a line-protocol file (from <c>lzdqm analyze</c>, <c>lzdqm node --lp-out</c> or the demo),
/// with the simulation's truth overlaid when given. A malformed line is a one-line error naming it.
/// </summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var points = new Argument<string>("POINTS") { Description = "Line-protocol file of LzDQM metric points (.lp)." };
        var truth = new Option<string?>("--truth") { Description = "Truth file of the simulated replay (X.truth.json), overlaid on the plots." };
        var output = new Option<string>("--out") { Description = "HTML file to write.", Required = true };
        var command = new Command("report", "Make a self-contained HTML report with plots from metric points (line protocol).");
        command.Arguments.Add(points);
        command.Options.Add(truth);
        command.Options.Add(output);
        command.SetAction((parse, ct) =>
        {
            var outPath = parse.GetValue(output)!;
            var report = Run(parse.GetValue(points)!, parse.GetValue(truth), outPath);
            Console.WriteLine($"report={Path.GetFullPath(outPath)}");
            Console.WriteLine($"runs={string.Join(',', report.Runs)} panels={report.Panels.Count.ToString(CultureInfo.InvariantCulture)}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Reads the points (and truth) and writes the report; throws <see cref="OperatorException"/> on bad input.</summary>
    public static MetricReport Run(string pointsPath, string? truthPath, string outPath)
    {
        var points = ReadPoints(pointsPath);
        var truth = truthPath is null ? null : ReadTruth(truthPath);
        var report = new MetricReport(points, truth, new ReportOptions { Source = Path.GetFileName(pointsPath), GeneratedAt = DateTimeOffset.UtcNow });
        try
        {
            report.Write(outPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorException($"cannot write '{outPath}': {ex.Message}", ExitCodes.Failure, ex);
        }

        return report;
    }

    private static List<MetricPoint> ReadPoints(string path)
    {
        if (!File.Exists(path))
        {
            throw new OperatorException($"points file '{path}' does not exist", ExitCodes.BadInput);
        }

        List<MetricPoint> points;
        try
        {
            points = LineProtocolReader.ReadFile(path);
        }
        catch (LineProtocolFormatException ex)
        {
            throw new OperatorException($"'{path}' {ex.Message}", ExitCodes.BadInput, ex);
        }

        return points.Count > 0 ? points : throw new OperatorException($"'{path}' holds no metric points", ExitCodes.BadInput);
    }

    private static ScenarioTruth ReadTruth(string path)
    {
        try
        {
            return ScenarioTruth.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorException($"cannot read truth file '{path}': {ex.Message}", ExitCodes.BadInput, ex);
        }
        catch (FormatException ex)
        {
            throw new OperatorException(ex.Message, ExitCodes.BadInput, ex);
        }
    }
}
