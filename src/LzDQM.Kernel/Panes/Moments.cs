using System.Runtime.CompilerServices;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// Exact, mergeable sufficient statistics of (x, y) pairs for a straight-line fit: n, Σx, Σy,
/// Σx², Σxy, Σy², on fixed-point integers (x in 1/256 µs, y in 2⁻²⁰ units), so adding in any
/// order or merging in any grouping gives the same bits. Mutable struct; one writer.
/// </summary>
public struct Moments : IEquatable<Moments>
{
    /// <summary>Fixed-point scale of x (drift time, µs).</summary>
    public const double XScale = 256.0;

    /// <summary>Fixed-point scale of y.</summary>
    public const double YScale = 1048576.0;

    /// <summary>Count.</summary>
    public long N;

    /// <summary>Σx (fixed point).</summary>
    public long Sx;

    /// <summary>Σy (fixed point).</summary>
    public long Sy;

    /// <summary>Σx² (fixed point²).</summary>
    public Int128 Sxx;

    /// <summary>Σxy.</summary>
    public Int128 Sxy;

    /// <summary>Σy².</summary>
    public Int128 Syy;

    /// <summary>Quantises x (µs) to fixed point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long QuantizeX(double x) => (long)Math.Round(x * XScale);

    /// <summary>Quantises y to fixed point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long QuantizeY(double y) => (long)Math.Round(y * YScale);

    /// <summary>Adds one quantised pair. Hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long qx, long qy)
    {
        N++;
        Sx += qx;
        Sy += qy;
        if (((ulong)qx | (ulong)qy) <= uint.MaxValue && BitConverter.IsLittleEndian)
        {
            // Both in [0, 2³²) (drift times always; widths below 64 µs): every product fits in
            // 64 bits, so a plain multiply and a carry into the high half give the same bits.
            AddSmall(ref Sxx, (ulong)qx * (ulong)qx);
            AddSmall(ref Sxy, (ulong)qx * (ulong)qy);
            AddSmall(ref Syy, (ulong)qy * (ulong)qy);
            return;
        }

        if ((qx | qy) >= 0 && BitConverter.IsLittleEndian)
        {
            // Drift times and squared widths are never negative: unsigned 64×64→128 products
            // added with one carry, the same bits as the signed Int128 sums below.
            AddProduct(ref Sxx, (ulong)qx, (ulong)qx);
            AddProduct(ref Sxy, (ulong)qx, (ulong)qy);
            AddProduct(ref Syy, (ulong)qy, (ulong)qy);
            return;
        }

        Sxx += Product(qx, qx);
        Sxy += Product(qx, qy);
        Syy += Product(qy, qy);
    }

    // sum += p (mod 2¹²⁸) for an unsigned 64-bit p, on the two halves of a little-endian Int128.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSmall(ref Int128 sum, ulong p)
    {
        ref var sumLow = ref Unsafe.As<Int128, ulong>(ref sum);
        ref var sumHigh = ref Unsafe.Add(ref sumLow, 1);
        var newLow = sumLow + p;
        sumHigh += newLow < p ? 1UL : 0UL;
        sumLow = newLow;
    }

    // sum += a·b (mod 2¹²⁸) on the two halves of a little-endian Int128.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddProduct(ref Int128 sum, ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        ref var sumLow = ref Unsafe.As<Int128, ulong>(ref sum);
        ref var sumHigh = ref Unsafe.Add(ref sumLow, 1);
        var newLow = sumLow + low;
        sumHigh += high + (newLow < low ? 1UL : 0UL);
        sumLow = newLow;
    }

    // One 64×64→128 multiply instead of Int128's general 128×128 one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Int128 Product(long a, long b)
    {
        var high = Math.BigMul(a, b, out var low);
        return new Int128((ulong)high, (ulong)low);
    }

    /// <summary>Adds another set of moments.</summary>
    public void Merge(in Moments o)
    {
        N += o.N;
        Sx += o.Sx;
        Sy += o.Sy;
        Sxx += o.Sxx;
        Sxy += o.Sxy;
        Syy += o.Syy;
    }

    /// <summary>Mean x in µs.</summary>
    public readonly double MeanX => Sx / XScale / N;

    /// <summary>Mean y.</summary>
    public readonly double MeanY => Sy / YScale / N;

    /// <summary>Centred Σ(x−x̄)² in µs², computed exactly before the one rounding.</summary>
    public readonly double CentredXX => (double)((N * Sxx) - ((Int128)Sx * Sx)) / N / (XScale * XScale);

    /// <summary>Centred Σ(x−x̄)(y−ȳ).</summary>
    public readonly double CentredXY => (double)((N * Sxy) - ((Int128)Sx * Sy)) / N / (XScale * YScale);

    /// <summary>Centred Σ(y−ȳ)².</summary>
    public readonly double CentredYY => (double)((N * Syy) - ((Int128)Sy * Sy)) / N / (YScale * YScale);

    /// <summary>Writes the moments (little-endian, fixed 88 bytes).</summary>
    public readonly void Write(BinaryWriter w)
    {
        w.Write(N);
        w.Write(Sx);
        w.Write(Sy);
        WriteInt128(w, Sxx);
        WriteInt128(w, Sxy);
        WriteInt128(w, Syy);
    }

    /// <summary>Reads moments written by <see cref="Write"/>.</summary>
    public static Moments Read(BinaryReader r) => new()
    {
        N = r.ReadInt64(),
        Sx = r.ReadInt64(),
        Sy = r.ReadInt64(),
        Sxx = ReadInt128(r),
        Sxy = ReadInt128(r),
        Syy = ReadInt128(r),
    };

    /// <inheritdoc/>
    public readonly bool Equals(Moments other) =>
        N == other.N && Sx == other.Sx && Sy == other.Sy && Sxx == other.Sxx && Sxy == other.Sxy && Syy == other.Syy;

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is Moments m && Equals(m);

    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(N, Sx, Sy, Sxx, Sxy, Syy);

    /// <summary>Equality.</summary>
    public static bool operator ==(Moments left, Moments right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Moments left, Moments right) => !left.Equals(right);

    /// <summary>Writes an array of moments (empty ones cost one byte).</summary>
    public static void WriteBins(BinaryWriter w, Moments[] bins)
    {
        w.Write7BitEncodedInt(bins.Length);
        for (var i = 0; i < bins.Length; i++)
        {
            w.Write(bins[i].N != 0);
            if (bins[i].N != 0)
            {
                bins[i].Write(w);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteBins"/> wrote into an array of the same length.</summary>
    public static void ReadBins(BinaryReader r, Moments[] bins)
    {
        if (r.Read7BitEncodedInt() != bins.Length)
        {
            throw new InvalidDataException("pane state has a different drift binning");
        }

        for (var i = 0; i < bins.Length; i++)
        {
            bins[i] = r.ReadBoolean() ? Read(r) : default;
        }
    }

    private static void WriteInt128(BinaryWriter w, Int128 v)
    {
        w.Write((ulong)v);
        w.Write((long)(v >> 64));
    }

    private static Int128 ReadInt128(BinaryReader r)
    {
        var lo = r.ReadUInt64();
        var hi = r.ReadInt64();
        return ((Int128)hi << 64) | lo;
    }
}
