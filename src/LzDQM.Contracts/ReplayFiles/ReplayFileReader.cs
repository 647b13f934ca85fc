using System.Buffers.Binary;
using LzDQM.Contracts.Wire;
using ZstdSharp;

namespace LzDQM.Contracts.ReplayFiles;

/// <summary>
/// Streams the records of a replay file one block at a time (layout in
/// <see cref="ReplayFileFormat"/>). Any corruption or truncation throws
/// <see cref="ReplayFormatException"/> naming the byte offset. Not thread-safe.
/// </summary>
public sealed class ReplayFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly string _name;
    private readonly Decompressor _decompressor = new();
    private long _offset;

    /// <summary>Opens a reader over a stream positioned at the file's start; reads and checks the header.</summary>
    public ReplayFileReader(Stream stream, string name, bool ownsStream = true)
    {
        _stream = stream;
        _name = name;
        _ownsStream = ownsStream;
        Span<byte> header = stackalloc byte[ReplayFileFormat.HeaderBytes];
        ReadExactly(header, "file header");
        if (!header[..8].SequenceEqual(ReplayFileFormat.Magic))
        {
            throw new ReplayFormatException(_name, 0, "not an LzDQM replay file (bad magic)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != ReplayFileFormat.Version)
        {
            throw new ReplayFormatException(_name, 8, $"unsupported version {version}");
        }
    }

    /// <summary>Opens a replay file by path.</summary>
    public static ReplayFileReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), path);

    /// <summary>Bytes consumed so far (for progress bars).</summary>
    public long Position => _offset;

    /// <summary>Total bytes of the file when the stream knows its length, else -1.</summary>
    public long Length => _stream.CanSeek ? _stream.Length : -1;

    /// <summary>Total records, as the end marker states; set once the end is reached.</summary>
    public long? TotalRecords { get; private set; }

    /// <summary>
    /// Reads every record in file order. Each block is decompressed and checked before any
    /// of its records is yielded, so a corrupt block yields none of its records.
    /// </summary>
    public IEnumerable<ReplayRecord> ReadAll()
    {
        var raw = Array.Empty<byte>();
        var compressed = Array.Empty<byte>();
        long seen = 0;
        var head = new byte[ReplayFileFormat.BlockHeaderBytes];
        while (true)
        {
            var blockStart = _offset;
            ReadExactly(head.AsSpan(0, 4), "block header");
            if (head.AsSpan(0, 4).SequenceEqual(ReplayFileFormat.EndMagic))
            {
                ReadEnd(blockStart, seen);
                yield break;
            }

            if (!head.AsSpan(0, 4).SequenceEqual(ReplayFileFormat.BlockMagic))
            {
                throw new ReplayFormatException(_name, blockStart, "expected a block or the end marker");
            }

            ReadExactly(head.AsSpan(4, ReplayFileFormat.BlockHeaderBytes - 4), "block header");
            var count = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4));
            var rawLength = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
            var compressedLength = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(12));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(16));
            if (count <= 0 || rawLength <= 0 || rawLength > ReplayFileFormat.MaxBlockBytes
                || compressedLength <= 0 || compressedLength > ReplayFileFormat.MaxBlockBytes)
            {
                throw new ReplayFormatException(_name, blockStart, "block header has impossible lengths");
            }

            if (compressed.Length < compressedLength)
            {
                compressed = new byte[compressedLength];
            }

            var payloadStart = _offset;
            ReadExactly(compressed.AsSpan(0, compressedLength), "block data");
            if (Crc32C.Compute(compressed.AsSpan(0, compressedLength)) != crc)
            {
                throw new ReplayFormatException(_name, payloadStart, "block checksum mismatch (corrupt data)");
            }

            if (raw.Length < rawLength)
            {
                raw = new byte[rawLength];
            }

            int got;
            try
            {
                got = _decompressor.Unwrap(compressed.AsSpan(0, compressedLength), raw.AsSpan(0, rawLength));
            }
            catch (ZstdException ex)
            {
                throw new ReplayFormatException(_name, payloadStart, "block does not decompress: " + ex.Message);
            }

            if (got != rawLength)
            {
                throw new ReplayFormatException(_name, payloadStart, "block decompresses to the wrong length");
            }

            var records = ParseBlock(raw.AsSpan(0, rawLength), count, payloadStart);
            seen += records.Count;
            foreach (var r in records)
            {
                yield return r;
            }
        }
    }

    /// <summary>Releases the stream if owned.</summary>
    public void Dispose()
    {
        _decompressor.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private List<ReplayRecord> ParseBlock(ReadOnlySpan<byte> raw, int count, long payloadStart)
    {
        var list = new List<ReplayRecord>(count);
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            if (raw.Length - pos < 10)
            {
                throw new ReplayFormatException(_name, payloadStart, $"block ends inside record {i}");
            }

            var topic = raw[pos];
            var encoding = raw[pos + 1];
            if (topic > (byte)ReplayTopic.Pulses || encoding > (byte)WireEncoding.Json)
            {
                throw new ReplayFormatException(_name, payloadStart, $"record {i} has an unknown topic or encoding");
            }

            var time = BinaryPrimitives.ReadInt64LittleEndian(raw[(pos + 2)..]);
            pos += 10;
            var key = ReadBytes(raw, ref pos, payloadStart, i);
            var value = ReadBytes(raw, ref pos, payloadStart, i);
            list.Add(new ReplayRecord((ReplayTopic)topic, time, key, value, (WireEncoding)encoding));
        }

        if (pos != raw.Length)
        {
            throw new ReplayFormatException(_name, payloadStart, "block has bytes after its last record");
        }

        return list;
    }

    private byte[] ReadBytes(ReadOnlySpan<byte> raw, ref int pos, long payloadStart, int index)
    {
        uint length = 0;
        var shift = 0;
        while (true)
        {
            if (pos >= raw.Length || shift > 28)
            {
                throw new ReplayFormatException(_name, payloadStart, $"record {index} has a bad length");
            }

            var b = raw[pos++];
            length |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
        }

        if (length > raw.Length - pos)
        {
            throw new ReplayFormatException(_name, payloadStart, $"record {index} runs past its block");
        }

        var bytes = raw.Slice(pos, (int)length).ToArray();
        pos += (int)length;
        return bytes;
    }

    private void ReadEnd(long endStart, long seen)
    {
        Span<byte> end = stackalloc byte[ReplayFileFormat.EndBytes - 4];
        ReadExactly(end, "end marker");
        if (BinaryPrimitives.ReadUInt32LittleEndian(end[24..]) != Crc32C.Compute(end[..24]))
        {
            throw new ReplayFormatException(_name, endStart, "end marker checksum mismatch");
        }

        var total = BinaryPrimitives.ReadInt64LittleEndian(end);
        if (total != seen)
        {
            throw new ReplayFormatException(_name, endStart, $"end marker counts {total} records but the blocks hold {seen}");
        }

        TotalRecords = total;
        Span<byte> probe = stackalloc byte[1];
        if (_stream.Read(probe) != 0)
        {
            throw new ReplayFormatException(_name, _offset, "bytes after the end marker");
        }
    }

    private void ReadExactly(Span<byte> buffer, string what)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = _stream.Read(buffer[done..]);
            if (n == 0)
            {
                throw new ReplayFormatException(_name, _offset + done, $"file is truncated inside the {what}");
            }

            done += n;
        }

        _offset += done;
    }
}
