using LzDQM.Contracts.Metrics;

namespace LzDQM.Cli.Demo;

/// <summary>
/// Follows one node's line-protocol file and hands out the <c>dqm_alarm</c> points appended since
/// the last call (the alarm engine writes them through the node that hosts the singleton). Reads
/// complete lines only, so a line the writer is still appending waits for the next call. One caller.
/// </summary>
internal sealed class AlarmLineTail
{
    private readonly string _path;
    private long _offset;

    /// <param name="path">The node's points file.</param>
    public AlarmLineTail(string path) => _path = path;

    /// <summary>The alarm points appended since the last call, in file order.</summary>
    public List<MetricPoint> ReadNew()
    {
        var found = new List<MetricPoint>();
        if (!File.Exists(_path))
        {
            return found;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= _offset)
        {
            return found;
        }

        stream.Position = _offset;
        var bytes = new byte[stream.Length - _offset];
        stream.ReadExactly(bytes);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        _offset += complete;
        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, complete);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dqm_alarm,", StringComparison.Ordinal) && LineProtocolReader.ParseLine(line) is { } point)
            {
                found.Add(point);
            }
        }

        return found;
    }
}
