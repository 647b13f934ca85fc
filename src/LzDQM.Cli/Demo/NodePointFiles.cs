using LzDQM.Contracts.Metrics;

namespace LzDQM.Cli.Demo;

/// <summary>Merges the nodes' line-protocol files into one, as InfluxDB would store them: the last write per series and timestamp.</summary>
internal static class NodePointFiles
{
    /// <summary>Reads every file, upserts, writes <paramref name="outPath"/> sorted; returns the merged points.</summary>
    public static List<MetricPoint> Merge(IEnumerable<string> nodeFiles, string outPath)
    {
        var all = new List<MetricPoint>();
        foreach (var file in nodeFiles.Where(File.Exists))
        {
            all.AddRange(LineProtocolReader.ReadFile(file));
        }

        var points = MetricPointUpsert.LastWrites(all);
        var temp = outPath + ".partial";
        File.WriteAllText(temp, LineProtocol.FormatSorted(points));
        File.Move(temp, outPath, overwrite: true);
        return points;
    }

    /// <summary>Lines in a file (0 when it does not exist).</summary>
    public static long Lines(string path) => File.Exists(path) ? File.ReadLines(path).LongCount(l => l.Length > 0) : 0;
}
