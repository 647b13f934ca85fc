using LzDQM.Cli;
using LzDQM.Contracts.Metrics;
using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lzdqm-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Simulate(string scenario, double minutes)
    {
        var path = Path.Combine(_dir, scenario + ".lzr");
        new DetectorSimulator(ScenarioCatalog.Get(scenario), 3, TimeSpan.FromMinutes(minutes)).WriteReplay(path);
        return path;
    }

    [Fact]
    public async Task Analyze_writes_the_points_the_kernel_gives_sorted_as_line_protocol()
    {
        var replay = Simulate("kr83m-calibration", 6);
        var output = Path.Combine(_dir, "points.lp");
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", replay, "--out", output, "--quiet"]));

        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        using (var reader = Contracts.ReplayFiles.ReplayFileReader.Open(replay))
        {
            foreach (var r in reader.ReadAll())
            {
                kernel.OnRecord(r);
            }
        }

        var text = await File.ReadAllTextAsync(output);
        Assert.Equal(LineProtocol.FormatSorted(points), text);
        Assert.Contains("dqm_electron_lifetime,population=kr83m,run=7002 ", text, StringComparison.Ordinal);
        Assert.Contains("dqm_drift,run=7002 ", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Analyze_twice_gives_identical_files()
    {
        var replay = Simulate("science", 3);
        var a = Path.Combine(_dir, "a.lp");
        var b = Path.Combine(_dir, "b.lp");
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", replay, "--out", a, "--quiet"]));
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", replay, "--out", b, "--quiet"]));
        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
    }

    [Fact]
    public async Task A_missing_replay_file_is_a_bad_input_exit()
    {
        var output = Path.Combine(_dir, "x.lp");
        Assert.Equal(ExitCodes.BadInput, await LzdqmApp.RunAsync(["analyze", Path.Combine(_dir, "nope.lzr"), "--out", output]));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_truncated_replay_file_is_a_bad_input_exit_and_writes_nothing()
    {
        var replay = Simulate("science", 2);
        var bytes = await File.ReadAllBytesAsync(replay);
        var cut = Path.Combine(_dir, "cut.lzr");
        await File.WriteAllBytesAsync(cut, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var output = Path.Combine(_dir, "cut.lp");
        Assert.Equal(ExitCodes.BadInput, await LzdqmApp.RunAsync(["analyze", cut, "--out", output, "--quiet"]));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Bad_records_are_skipped_and_the_rest_analysed()
    {
        var sim = new DetectorSimulator(ScenarioCatalog.Get("science"), 4, TimeSpan.FromMinutes(3));
        var records = sim.Records().ToList();
        var clean = Path.Combine(_dir, "clean.lzr");
        var dirty = Path.Combine(_dir, "dirty.lzr");
        using (var a = Contracts.ReplayFiles.ReplayFileWriter.Create(clean))
        using (var b = Contracts.ReplayFiles.ReplayFileWriter.Create(dirty))
        {
            for (var i = 0; i < records.Count; i++)
            {
                a.Write(records[i]);
                b.Write(records[i]);
                if (i == records.Count / 2)
                {
                    // Garbage that does not decode, on the pulse topic.
                    b.Write(records[i] with { Value = [0xFF, 0xFF, 0xFF] });
                }
            }

            a.Finish();
            b.Finish();
        }

        var cleanOut = Path.Combine(_dir, "clean.lp");
        var dirtyOut = Path.Combine(_dir, "dirty.lp");
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", clean, "--out", cleanOut, "--quiet"]));
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", dirty, "--out", dirtyOut, "--quiet"]));
        Assert.Equal(await File.ReadAllTextAsync(cleanOut), await File.ReadAllTextAsync(dirtyOut));
        var summary = Commands.AnalyzeCommand.Run(dirty, dirtyOut, quiet: true, CancellationToken.None);
        Assert.Equal(1, summary.BadRecords);
        Assert.NotNull(summary.FirstBadRecord);
    }

    [Fact]
    public async Task Analyze_without_out_is_a_bad_arguments_exit()
    {
        Assert.Equal(ExitCodes.BadArguments, await LzdqmApp.RunAsync(["analyze", "x.lzr"]));
    }
}
