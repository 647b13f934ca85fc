namespace LzDQM.Kernel.Panes;

/// <summary>
/// Fixed-binning integer histogram helpers (drift time 0–1100 µs in 0.5 µs bins; S2 width
/// 0–20 µs in 0.01 µs bins): merge, sparse serialisation, quantiles. Stateless.
/// </summary>
public static class Histogram
{
    /// <summary>Adds one histogram into another.</summary>
    public static void Merge(long[] into, long[] from)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] += from[i];
        }
    }

    /// <summary>Writes non-empty bins as (gap, count) varint pairs.</summary>
    public static void Write(BinaryWriter w, long[] h)
    {
        var nonEmpty = 0;
        foreach (var c in h)
        {
            nonEmpty += c != 0 ? 1 : 0;
        }

        w.Write7BitEncodedInt(nonEmpty);
        var last = -1;
        for (var i = 0; i < h.Length; i++)
        {
            if (h[i] != 0)
            {
                w.Write7BitEncodedInt(i - last);
                w.Write7BitEncodedInt64(h[i]);
                last = i;
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static void Read(BinaryReader r, long[] h)
    {
        Array.Clear(h);
        var n = r.Read7BitEncodedInt();
        var i = -1;
        for (var k = 0; k < n; k++)
        {
            i += r.Read7BitEncodedInt();
            if ((uint)i >= (uint)h.Length)
            {
                throw new InvalidDataException("histogram bin out of range");
            }

            h[i] = r.Read7BitEncodedInt64();
        }
    }

    /// <summary>Total count.</summary>
    public static long Total(ReadOnlySpan<long> h)
    {
        long n = 0;
        foreach (var c in h)
        {
            n += c;
        }

        return n;
    }

    /// <summary>The q-quantile with linear interpolation inside the bin, or NaN when empty.</summary>
    public static double Quantile(ReadOnlySpan<long> h, double binWidth, double q)
    {
        var total = Total(h);
        if (total == 0)
        {
            return double.NaN;
        }

        var target = q * total;
        double cum = 0;
        for (var i = 0; i < h.Length; i++)
        {
            if (h[i] == 0)
            {
                continue;
            }

            if (cum + h[i] >= target)
            {
                return (i + ((target - cum) / h[i])) * binWidth;
            }

            cum += h[i];
        }

        return h.Length * binWidth;
    }
}
