using System.Text;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// Appends points to a file as line protocol, one point per line, formatted by
/// <see cref="LineProtocol"/> (the same text <c>lzdqm analyze</c> writes). Each batch is flushed to
/// the OS before it is acknowledged, and fsync'ed when <see cref="LineProtocolFileOptions.Fsync"/>
/// is set. A failed write is cut back off the file, so a retry never leaves a half line.
/// One call at a time.
/// </summary>
public sealed class LineProtocolFileSink : IMetricSink
{
    private readonly FileStream _stream;
    private readonly bool _fsync;
    private readonly StringBuilder _text = new(64 * 1024);

    /// <summary>Opens (or creates) the file for appending; throws <see cref="IOException"/> when it cannot.</summary>
    public LineProtocolFileSink(LineProtocolFileOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("LineProtocolFileOptions.Path is required");
        }

        var full = System.IO.Path.GetFullPath(options.Path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        _fsync = options.Fsync;
        Path = full;
        Description = $"line-protocol file {full}";
    }

    /// <summary>The absolute path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return;
        }

        _text.Clear();
        foreach (var point in points)
        {
            LineProtocol.Append(_text, point);
            _text.Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(_text.ToString());
        var start = _stream.Position;
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (_fsync)
            {
                // fsync has no async form; it runs on a pool thread once per batch, not per point.
                await Task.Run(() => _stream.Flush(flushToDisk: true), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TruncateTo(start);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            // Disk full or a vanished mount: worth retrying once the operator frees space.
            throw new SinkWriteException($"{Description}: {ex.Message}", SinkFailure.Unavailable, null, null, ex);
        }
    }

    /// <inheritdoc/>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_fsync)
        {
            await Task.Run(() => _stream.Flush(flushToDisk: true), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _stream.DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public override string ToString() => Description;

    private void TruncateTo(long length)
    {
        try
        {
            _stream.SetLength(length);
            _stream.Position = length;
        }
        catch (IOException)
        {
            // Nothing more to do: the write error is reported by the caller.
        }
    }
}
