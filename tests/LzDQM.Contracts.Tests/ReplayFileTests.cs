using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.Wire;

namespace LzDQM.Contracts.Tests;

public class ReplayFileTests
{
    private static List<ReplayRecord> SampleRecords(int count, int valueBytes = 3000)
    {
        var rng = new Random(1234);
        var list = new List<ReplayRecord>();
        for (var i = 0; i < count; i++)
        {
            var value = new byte[rng.Next(1, valueBytes)];
            rng.NextBytes(value);
            var topic = (ReplayTopic)(i % 3);
            list.Add(ReplayRecord.ForRun(topic, (uint)(100 + (i / 50)), 1_000_000_000L * i, value, i % 7 == 0 ? WireEncoding.Json : WireEncoding.Protobuf));
        }

        return list;
    }

    private static byte[] Write(IEnumerable<ReplayRecord> records)
    {
        using var ms = new MemoryStream();
        using (var writer = new ReplayFileWriter(ms, ownsStream: false))
        {
            foreach (var r in records)
            {
                writer.Write(r);
            }
        }

        return ms.ToArray();
    }

    private static List<ReplayRecord> Read(byte[] bytes)
    {
        using var reader = new ReplayFileReader(new MemoryStream(bytes), "test.lzr");
        return reader.ReadAll().ToList();
    }

    private static void AssertSame(IReadOnlyList<ReplayRecord> expected, IReadOnlyList<ReplayRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Topic, actual[i].Topic);
            Assert.Equal(expected[i].TimeNs, actual[i].TimeNs);
            Assert.Equal(expected[i].Encoding, actual[i].Encoding);
            Assert.Equal(expected[i].Key, actual[i].Key);
            Assert.Equal(expected[i].Value, actual[i].Value);
        }
    }

    [Fact]
    public void Records_round_trip_across_many_blocks()
    {
        var records = SampleRecords(1500); // ~2.2 MB raw: at least three blocks
        var bytes = Write(records);
        AssertSame(records, Read(bytes));
    }

    [Fact]
    public void An_empty_file_has_a_header_and_an_end_marker_and_reads_as_no_records()
    {
        var bytes = Write([]);
        Assert.Equal(ReplayFileFormat.HeaderBytes + ReplayFileFormat.EndBytes, bytes.Length);
        Assert.Empty(Read(bytes));
    }

    [Fact]
    public void Same_records_give_the_same_bytes()
    {
        Assert.Equal(Write(SampleRecords(300)), Write(SampleRecords(300)));
    }

    [Fact]
    public void Reading_streams_one_block_at_a_time()
    {
        var bytes = Write(SampleRecords(1500));
        using var reader = new ReplayFileReader(new NonSeekableStream(bytes), "pipe");
        using var e = reader.ReadAll().GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(reader.Position < bytes.Length / 2, $"first record needed {reader.Position} of {bytes.Length} bytes");
        var n = 1;
        while (e.MoveNext())
        {
            n++;
        }

        Assert.Equal(1500, n);
        Assert.Equal(1500, reader.TotalRecords);
    }

    [Theory]
    [InlineData(5)]        // inside the file header
    [InlineData(16)]       // exactly after the header: no end marker
    [InlineData(30)]       // inside the first block header
    [InlineData(200)]      // inside the first block's data
    [InlineData(-10)]      // inside the end marker
    public void A_truncated_file_names_the_byte_offset_where_it_ends(int cut)
    {
        var bytes = Write(SampleRecords(40));
        var length = cut >= 0 ? cut : bytes.Length + cut;
        var ex = Assert.Throws<ReplayFormatException>(() => Read(bytes[..length]));
        Assert.Equal(length, ex.ByteOffset);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {length}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_flipped_byte_in_block_data_is_caught_by_its_checksum_at_the_block_offset()
    {
        var bytes = Write(SampleRecords(40));
        bytes[ReplayFileFormat.HeaderBytes + ReplayFileFormat.BlockHeaderBytes + 100] ^= 0x40;
        var ex = Assert.Throws<ReplayFormatException>(() => Read(bytes));
        Assert.Equal(ReplayFileFormat.HeaderBytes + ReplayFileFormat.BlockHeaderBytes, ex.ByteOffset);
        Assert.Contains("checksum", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_block_header_is_reported_at_its_offset()
    {
        var bytes = Write(SampleRecords(40));
        bytes[ReplayFileFormat.HeaderBytes + 1] = (byte)'X';
        var ex = Assert.Throws<ReplayFormatException>(() => Read(bytes));
        Assert.Equal(ReplayFileFormat.HeaderBytes, ex.ByteOffset);
    }

    [Fact]
    public void A_file_that_is_not_a_replay_file_says_so()
    {
        var ex = Assert.Throws<ReplayFormatException>(() => Read("this is a CSV,1,2,3\n and more text"u8.ToArray()));
        Assert.Equal(0, ex.ByteOffset);
        Assert.Contains("not an LzDQM replay file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_end_marker_are_reported()
    {
        var bytes = Write(SampleRecords(3));
        var longer = bytes.Concat(new byte[] { 1, 2, 3 }).ToArray();
        var ex = Assert.Throws<ReplayFormatException>(() => Read(longer));
        Assert.Equal(bytes.Length, ex.ByteOffset);
    }

    [Fact]
    public void Crc32c_hardware_path_equals_the_table_reference()
    {
        var rng = new Random(7);
        for (var n = 0; n < 300; n++)
        {
            var data = new byte[n];
            rng.NextBytes(data);
            Assert.Equal(Crc32C.ComputeScalar(data), Crc32C.Compute(data));
        }

        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8)); // the standard check value
    }

    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 4096));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
