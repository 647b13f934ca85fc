using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Fits;

/// <summary>
/// Finds the gate and cathode edges of a drift-time spectrum at half its plateau. A coarse pass
/// (10 µs bins, plateau = median of the bulk between the 10 % and 90 % quantiles) locates each
/// edge; the refinement is an integral: with ρ the plateau density just inside the edge (200 µs)
/// and N the events in a ±15 µs band around it (±30 µs on the first of three passes), edge = inner band limit ± N/ρ. For a step smeared
/// symmetrically this is the half-plateau crossing, with a Poisson error from N and ρ. Stateless.
/// </summary>
public static class DriftEdges
{
    private const double BandUs = 30;
    private const double PlateauUs = 100;
    private const double FineBandUs = 15;
    private const double FinePlateauUs = 200;
    private const int CoarseFine = 20; // fine bins per 10 µs coarse bin

    /// <summary>Finds the edges, or null when the spectrum has too few events or no clear plateau.</summary>
    public static DriftEdgeResult? Find(ReadOnlySpan<long> spectrum, long minEvents, double driftLengthMm)
    {
        var n = Histogram.Total(spectrum);
        if (n < Math.Max(minEvents, 10))
        {
            return null;
        }

        var coarseCount = spectrum.Length / CoarseFine;
        Span<long> coarse = stackalloc long[coarseCount];
        for (var i = 0; i < coarseCount * CoarseFine; i++)
        {
            coarse[i / CoarseFine] += spectrum[i];
        }

        var coarseUs = CoarseFine * DriftHistogram.BinUs;
        var q10 = Histogram.Quantile(spectrum, DriftHistogram.BinUs, 0.1);
        var q90 = Histogram.Quantile(spectrum, DriftHistogram.BinUs, 0.9);
        var bulk = new List<long>();
        for (var i = 0; i < coarseCount; i++)
        {
            var centre = (i + 0.5) * coarseUs;
            if (centre >= q10 && centre <= q90)
            {
                bulk.Add(coarse[i]);
            }
        }

        if (bulk.Count < 3)
        {
            return null;
        }

        bulk.Sort();
        double plateau = bulk[bulk.Count / 2];
        if (plateau <= 0)
        {
            return null;
        }

        var c0 = -1.0;
        for (var i = coarseCount - 1; i >= 0; i--)
        {
            if (coarse[i] >= plateau / 2)
            {
                c0 = (i + 0.5) * coarseUs;
                break;
            }
        }

        var g0 = -1.0;
        for (var i = 0; i < coarseCount; i++)
        {
            if (coarse[i] >= plateau / 2)
            {
                g0 = (i + 0.5) * coarseUs;
                break;
            }
        }

        if (c0 < 0 || g0 < 0 || c0 - g0 < 2 * (BandUs + PlateauUs))
        {
            return null;
        }

        // A wide band first (the coarse guess may be 10 µs off), then a narrow one for precision.
        var cathode = Cathode(spectrum, c0, BandUs, PlateauUs);
        cathode = Cathode(spectrum, cathode.Edge, FineBandUs, FinePlateauUs);
        cathode = Cathode(spectrum, cathode.Edge, FineBandUs, FinePlateauUs);
        var gate = Gate(spectrum, g0, BandUs, PlateauUs);
        gate = Gate(spectrum, Math.Max(gate.Edge, FineBandUs), FineBandUs, FinePlateauUs);
        if (!double.IsFinite(cathode.Edge) || !double.IsFinite(gate.Edge) || cathode.Edge <= gate.Edge)
        {
            return null;
        }

        var median = Histogram.Quantile(spectrum, DriftHistogram.BinUs, 0.5);
        return new DriftEdgeResult(cathode.Edge, cathode.Err, gate.Edge, gate.Err, driftLengthMm / (cathode.Edge - gate.Edge), median, n);
    }

    private static (double Edge, double Err) Cathode(ReadOnlySpan<long> h, double guess, double band, double plateau)
    {
        if (!double.IsFinite(guess))
        {
            return (double.NaN, double.NaN);
        }

        var inner = Bin(guess - band, h.Length);
        var outer = Bin(guess + band, h.Length);
        var plateauLo = Bin(guess - band - plateau, h.Length);
        return Edge(h, plateauLo, inner, inner, outer, +1);
    }

    private static (double Edge, double Err) Gate(ReadOnlySpan<long> h, double guess, double band, double plateau)
    {
        if (!double.IsFinite(guess))
        {
            return (double.NaN, double.NaN);
        }

        var inner = Bin(guess + band, h.Length);
        var outer = Bin(guess - band, h.Length);
        var plateauHi = Bin(guess + band + plateau, h.Length);
        return Edge(h, inner, plateauHi, outer, inner, -1);
    }

    // Plateau bins [pLo, pHi), band bins [bLo, bHi); the edge lies N/ρ beyond the band's inner limit.
    private static (double Edge, double Err) Edge(ReadOnlySpan<long> h, int pLo, int pHi, int bLo, int bHi, int direction)
    {
        var np = Histogram.Total(h[pLo..pHi]);
        var nb = Histogram.Total(h[bLo..bHi]);
        var widthUs = (pHi - pLo) * DriftHistogram.BinUs;
        if (np <= 0 || widthUs <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var rho = np / widthUs;
        var length = nb / rho;
        var innerUs = (direction > 0 ? bLo : bHi) * DriftHistogram.BinUs;
        var err = Math.Sqrt((nb / (rho * rho)) + (length * length / np));
        return (innerUs + (direction * length), err);
    }

    private static int Bin(double us, int bins) => Math.Clamp((int)Math.Round(us / DriftHistogram.BinUs), 0, bins);
}
