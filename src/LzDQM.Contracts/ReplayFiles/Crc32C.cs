using System.Runtime.Intrinsics.X86;

namespace LzDQM.Contracts.ReplayFiles;

/// <summary>CRC-32C (Castagnoli): SSE4.2 instruction where present, a table otherwise. Thread-safe.</summary>
public static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) =>
        Sse42.X64.IsSupported ? ComputeSse42(data) : ComputeScalar(data);

    /// <summary>Table-driven reference implementation; also the fallback.</summary>
    public static uint ComputeScalar(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint ComputeSse42(ReadOnlySpan<byte> data)
    {
        ulong crc = 0xFFFFFFFFu;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = Sse42.X64.Crc32(crc, BitConverter.ToUInt64(data.Slice(i, 8)));
        }

        var c = (uint)crc;
        for (; i < data.Length; i++)
        {
            c = Sse42.Crc32(c, data[i]);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
