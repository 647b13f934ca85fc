using System.Buffers.Binary;
using ZstdSharp;

namespace LzDQM.Contracts.ReplayFiles;

/// <summary>
/// Streams records into a replay file (layout in <see cref="ReplayFileFormat"/>), one
/// compressed block at a time: memory stays at about two blocks whatever the file's length.
/// Output is a pure function of the records written (no timestamps, no host data), so the
/// same records give the same bytes. Not thread-safe: one writer thread.
/// </summary>
public sealed class ReplayFileWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Compressor _compressor;
    private readonly MemoryStream _raw = new(ReplayFileFormat.TargetBlockBytes + (64 << 10));
    private byte[] _compressed = [];
    private int _blockRecords;
    private long _totalRecords;
    private long _firstTimeNs;
    private long _lastTimeNs;
    private bool _finished;

    /// <summary>Creates a writer over a stream positioned at its start and writes the file header.</summary>
    /// <param name="stream">Destination; written sequentially, never sought.</param>
    /// <param name="ownsStream">Dispose the stream with the writer.</param>
    /// <param name="compressionLevel">zstd level; 3 balances speed and size.</param>
    public ReplayFileWriter(Stream stream, bool ownsStream = true, int compressionLevel = 3)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _compressor = new Compressor(compressionLevel);
        Span<byte> header = stackalloc byte[ReplayFileFormat.HeaderBytes];
        header.Clear();
        ReplayFileFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], ReplayFileFormat.Version);
        _stream.Write(header);
    }

    /// <summary>Creates (or overwrites) a replay file at <paramref name="path"/>.</summary>
    public static ReplayFileWriter Create(string path, int compressionLevel = 3) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), true, compressionLevel);

    /// <summary>Records written so far.</summary>
    public long RecordCount => _totalRecords;

    /// <summary>Appends one record.</summary>
    public void Write(ReplayRecord record) =>
        Write(record.Topic, record.TimeNs, record.Key, record.Value, record.Encoding);

    /// <summary>Appends one record without allocating a <see cref="ReplayRecord"/>.</summary>
    public void Write(ReplayTopic topic, long timeNs, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, Wire.WireEncoding encoding)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        Span<byte> head = stackalloc byte[10 + 5 + 5];
        head[0] = (byte)topic;
        head[1] = (byte)encoding;
        BinaryPrimitives.WriteInt64LittleEndian(head[2..], timeNs);
        var n = 10 + WriteVarint(head[10..], (uint)key.Length);
        _raw.Write(head[..n]);
        _raw.Write(key);
        n = WriteVarint(head, (uint)value.Length);
        _raw.Write(head[..n]);
        _raw.Write(value);

        if (_totalRecords == 0)
        {
            _firstTimeNs = timeNs;
        }

        _lastTimeNs = timeNs;
        _totalRecords++;
        _blockRecords++;
        if (_raw.Length >= ReplayFileFormat.TargetBlockBytes)
        {
            FlushBlock();
        }
    }

    /// <summary>Writes the last block and the end marker. Called by <see cref="Dispose"/> too.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        FlushBlock();
        Span<byte> end = stackalloc byte[ReplayFileFormat.EndBytes];
        ReplayFileFormat.EndMagic.CopyTo(end);
        BinaryPrimitives.WriteInt64LittleEndian(end[4..], _totalRecords);
        BinaryPrimitives.WriteInt64LittleEndian(end[12..], _firstTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(end[20..], _lastTimeNs);
        BinaryPrimitives.WriteUInt32LittleEndian(end[28..], Crc32C.Compute(end[4..28]));
        _stream.Write(end);
        _stream.Flush();
        _finished = true;
    }

    /// <summary>Finishes the file and releases the stream if owned.</summary>
    public void Dispose()
    {
        Finish();
        _compressor.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private void FlushBlock()
    {
        if (_blockRecords == 0)
        {
            return;
        }

        var raw = _raw.GetBuffer().AsSpan(0, (int)_raw.Length);
        var bound = Compressor.GetCompressBound(raw.Length);
        if (_compressed.Length < bound)
        {
            _compressed = new byte[bound];
        }

        var written = _compressor.Wrap(raw, _compressed);
        var payload = _compressed.AsSpan(0, written);
        Span<byte> header = stackalloc byte[ReplayFileFormat.BlockHeaderBytes];
        ReplayFileFormat.BlockMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], _blockRecords);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], raw.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], written);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Crc32C.Compute(payload));
        _stream.Write(header);
        _stream.Write(payload);
        _raw.SetLength(0);
        _blockRecords = 0;
    }

    private static int WriteVarint(Span<byte> dest, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            dest[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        dest[i++] = (byte)value;
        return i;
    }
}
