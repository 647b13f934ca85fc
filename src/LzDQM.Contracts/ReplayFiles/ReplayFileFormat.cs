namespace LzDQM.Contracts.ReplayFiles;

/// <summary>
/// Layout of an LzDQM replay file (<c>.lzr</c>), little-endian throughout:
/// <code>
/// header   "LZDQMRPL" (8 bytes) | version u16 = 1 | flags u16 = 0 | reserved u32 = 0
/// block*   "BLK1" | record_count u32 | raw_length u32 | compressed_length u32 | crc32c u32 (of the compressed bytes)
///          | compressed_length bytes: one zstd frame of raw_length bytes of records
/// end      "END1" | total_records u64 | first_time_ns i64 | last_time_ns i64 | crc32c u32 (of the 24 bytes before it)
/// record   topic u8 | encoding u8 | time_ns i64 | key_length varint | key | value_length varint | value
/// </code>
/// Blocks hold about <see cref="TargetBlockBytes"/> of records, so a reader or writer needs
/// memory for one block whatever the file's length. A file without its end marker is truncated.
/// </summary>
public static class ReplayFileFormat
{
    /// <summary>File magic.</summary>
    public static ReadOnlySpan<byte> Magic => "LZDQMRPL"u8;

    /// <summary>Block magic.</summary>
    public static ReadOnlySpan<byte> BlockMagic => "BLK1"u8;

    /// <summary>End-marker magic.</summary>
    public static ReadOnlySpan<byte> EndMagic => "END1"u8;

    /// <summary>The only version written and read.</summary>
    public const ushort Version = 1;

    /// <summary>Bytes of the file header.</summary>
    public const int HeaderBytes = 16;

    /// <summary>Bytes of a block header.</summary>
    public const int BlockHeaderBytes = 20;

    /// <summary>Bytes of the end marker.</summary>
    public const int EndBytes = 32;

    /// <summary>Raw bytes of records after which the writer closes a block.</summary>
    public const int TargetBlockBytes = 1 << 20;

    /// <summary>Largest raw block a reader accepts; guards against a corrupt length.</summary>
    public const int MaxBlockBytes = 64 << 20;

    /// <summary>Conventional file extension.</summary>
    public const string Extension = ".lzr";
}
