using FsCheck.Xunit;
using LzDQM.Contracts.V1;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Panes;
using LzDQM.Kernel.Windows;

namespace LzDQM.Kernel.Tests;

/// <summary>The optimised fold (SIMD selection, log-free binning, one-pane triggers) equals the plain per-event reference bit for bit.</summary>
public class OptimisedFoldTests
{
    private static readonly KernelOptions Options = new();
    private static readonly long Epoch = new DateTimeOffset(2026, 3, 20, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    // Random chunks shaped like detector data but with the corners made common: events of 0–30
    // pulses, areas at the S1 threshold, dominance ties, equal starts, drifts outside every range,
    // zero areas, widths whose fixed-point σ² passes 2³² or saturates, chunks straddling panes and dead times reaching into earlier panes.
    private static (List<TriggerChunk> Triggers, List<PulseChunk> Pulses) RandomRun(int seed)
    {
        var rng = new Random(seed);
        var triggers = new List<TriggerChunk>();
        var pulses = new List<PulseChunk>();
        var t = Epoch + rng.NextInt64(0, 60_000_000_000);
        ulong ev = 0;
        for (ulong chunk = 0; chunk < 24; chunk++)
        {
            var tc = new TriggerChunk { Run = 9, Chunk = chunk };
            var pc = new PulseChunk { Run = 9, Chunk = chunk };
            var events = rng.Next(0, 300);
            var gapNs = rng.Next(3) == 0 ? 200_000_000L : 3_000_000L;
            for (var e = 0; e < events; e++)
            {
                t += rng.NextInt64(0, gapNs);
                tc.Event.Add(ev);
                tc.TriggerTimeNs.Add(t);
                tc.TriggerType.Add((TriggerType)rng.Next(6));
                tc.DeadtimeNs.Add(rng.Next(4) switch { 0 => 0u, 1 => (uint)rng.Next(0, 100_000), 2 => (uint)rng.Next(0, 2_000_000_000), _ => (uint)rng.Next(0, 20_000) });
                pc.Event.Add(ev++);
                pc.TriggerTimeNs.Add(t);
                var k = rng.Next(4) == 0 ? rng.Next(0, 31) : rng.Next(0, 9);
                pc.PulseCount.Add((uint)k);
                for (var i = 0; i < k; i++)
                {
                    pc.PulseClass.Add((PulseClass)(rng.Next(3) switch { 0 => 1, 1 => 2, _ => rng.Next(6) }));
                    pc.AreaPhd.Add(rng.Next(5) switch
                    {
                        0 => rng.Next(0, 7),
                        1 => 100 * rng.Next(0, 6),
                        2 => (float)Math.Exp(rng.NextDouble() * 18),
                        _ => (float)(rng.NextDouble() * 2e5),
                    });
                    pc.StartUs.Add(rng.Next(3) == 0 ? rng.Next(-3, 3) * 10f : (float)((rng.NextDouble() * 1300) - 100));
                    pc.RmsWidthUs.Add(rng.Next(6) == 0 ? rng.Next(0, 6) switch { 3 => 100f, 4 => 1e7f, 5 => 3e18f, var j => j * 15f } : (float)(rng.NextDouble() * 3));
                    pc.TopFraction.Add(0.5f);
                    pc.Coincidence.Add(10);
                }
            }

            triggers.Add(tc);
            pulses.Add(pc);
        }

        return (triggers, pulses);
    }

    [Property(MaxTest = 60)]
    public void Optimised_fold_gives_the_reference_state_on_random_chunks(int seed, bool kr83mMode)
    {
        var (triggers, pulses) = RandomRun(seed);
        var fast = new RunAnalysis(9, Options);
        var reference = new RunAnalysis(9, Options);
        var mode = kr83mMode ? RunMode.Kr83M : RunMode.Science;
        fast.Start(triggers[0].TriggerTimeNs.FirstOrDefault(Epoch), mode);
        reference.Start(triggers[0].TriggerTimeNs.FirstOrDefault(Epoch), mode);
        var tc = new TriggerColumns();
        var pc = new PulseColumns();
        foreach (var (t, p) in triggers.Zip(pulses))
        {
            tc.CopyFrom(t);
            fast.AddTriggers(tc);
            reference.AddTriggersReference(tc);
            pc.CopyFrom(p);
            fast.AddPulses(pc);
            reference.AddPulsesReference(pc);
        }

        Assert.True(fast.SingleScatterCount > 0 || pulses.Sum(p => p.Event.Count) < 50, "the random run should hold single scatters");
        Assert.Equal(reference.ToBytes(), fast.ToBytes());
    }

    [Property(MaxTest = 500)]
    public void Short_SIMD_selection_equals_the_reference_whatever_follows_the_event(int seed, byte length, bool oddDominance)
    {
        Assert.True(SingleScatterSelection.ShortPathSupported, "this machine has no AVX2, so the SIMD selection the kernel uses elsewhere cannot be checked here");
        var rng = new Random(seed);
        var k = 1 + (length % SingleScatterSelection.ShortLanes);
        var classes = new byte[SingleScatterSelection.ShortLanes];
        var areas = new float[SingleScatterSelection.ShortLanes];
        var starts = new float[SingleScatterSelection.ShortLanes];
        for (var i = 0; i < classes.Length; i++)
        {
            // Lanes past the event hold anything: big S2s, S1s, NaN, -∞.
            classes[i] = (byte)(rng.Next(4) switch { 0 => 1, 1 => 2, 2 => 2, _ => rng.Next(6) });
            areas[i] = rng.Next(6) switch
            {
                0 => rng.Next(0, 7),
                1 => 100 * rng.Next(0, 6),
                2 when i >= k => rng.Next(2) == 0 ? float.NaN : float.NegativeInfinity,
                3 => rng.Next(2) == 0 ? 0f : -0f,
                _ => (float)(rng.NextDouble() * 1e4),
            };
            starts[i] = rng.Next(3) == 0 && i >= k ? float.NaN : rng.Next(-5, 5) * 10f;
        }

        // Any positive dominance ratio, including 1 (ties pass) and values whose products round.
        var dominance = oddDominance ? (float)(0.1 + (rng.NextDouble() * 10)) : 5f;
        if (oddDominance && rng.Next(4) == 0)
        {
            dominance = 1f;
        }

        var a = SingleScatterSelection.IsSingleScatterReference(classes.AsSpan(0, k), areas.AsSpan(0, k), starts.AsSpan(0, k), 3, dominance, out var s1a, out var s2a);
        var b = SingleScatterSelection.IsSingleScatterShort(classes, areas, starts, k, 3, dominance, out var s1b, out var s2b);
        Assert.Equal(a, b);
        if (a)
        {
            Assert.Equal((s1a, s2a), (s1b, s2b));
        }
    }

    [Property(MaxTest = 1000)]
    public void Lone_pulse_shortcut_selection_equals_the_reference_for_any_class_mix(int seed, byte length, bool oddDominance)
    {
        Assert.True(SingleScatterSelection.ShortPathSupported, "this machine has no AVX2, so the SIMD selection the kernel uses elsewhere cannot be checked here");
        var rng = new Random(seed);
        var k = 1 + (length % SingleScatterSelection.ShortLanes);
        var classes = new byte[SingleScatterSelection.ShortLanes];
        var areas = new float[SingleScatterSelection.ShortLanes];
        var starts = new float[SingleScatterSelection.ShortLanes];

        // Mostly at most one S1 and one S2 in the event (the shortcut), sometimes more (the SIMD
        // path); other classes, and anything past the event, around them. Areas include NaN, ±∞,
        // ±0 and values at the threshold inside the event too.
        var s1Lane = rng.Next(-1, k);
        var s2Lane = rng.Next(-1, k);
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = i >= k || rng.Next(5) == 0
                ? (byte)rng.Next(6)
                : i == s2Lane ? (byte)PulseClass.S2 : i == s1Lane ? (byte)PulseClass.S1 : (byte)(rng.Next(2) == 0 ? 0 : 3 + rng.Next(3));
            areas[i] = rng.Next(8) switch
            {
                0 => rng.Next(0, 7),
                1 => 100 * rng.Next(0, 6),
                2 => rng.Next(3) switch { 0 => float.NaN, 1 => float.NegativeInfinity, _ => float.PositiveInfinity },
                3 => rng.Next(2) == 0 ? 0f : -0f,
                4 => -(float)(rng.NextDouble() * 1e3),
                _ => (float)(rng.NextDouble() * 1e4),
            };
            starts[i] = rng.Next(3) == 0 && i >= k ? float.NaN : rng.Next(-5, 5) * 10f;
        }

        var dominance = oddDominance ? (float)(0.1 + (rng.NextDouble() * 10)) : 5f;
        var a = SingleScatterSelection.IsSingleScatterReference(classes.AsSpan(0, k), areas.AsSpan(0, k), starts.AsSpan(0, k), 3, dominance, out var s1a, out var s2a);
        var b = SingleScatterSelection.IsSingleScatterEight(classes, areas, starts, k, 3, dominance, out var s1b, out var s2b);
        Assert.Equal(a, b);
        Assert.InRange(s1b, 0, SingleScatterSelection.ShortLanes - 1);
        Assert.InRange(s2b, 0, SingleScatterSelection.ShortLanes - 1);
        if (a)
        {
            Assert.Equal((s1a, s2a), (s1b, s2b));
        }
    }

    [Property(MaxTest = 300)]
    public void Vector_drift_times_and_bins_equal_the_scalar_formula(int seed, byte count)
    {
        var rng = new Random(seed);
        var n = count % 40;
        var s1 = new float[n];
        var s2 = new float[n];
        for (var i = 0; i < n; i++)
        {
            // Drifts around both spectrum edges and bin edges, far outside, NaN and ±∞ included.
            s1[i] = rng.Next(4) == 0 ? rng.Next(-2, 3) * 0.25f : (float)((rng.NextDouble() * 1400) - 100);
            s2[i] = rng.Next(10) switch
            {
                0 => float.NaN,
                1 => rng.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity,
                2 => s1[i] + (float)DriftHistogram.RangeUs + (rng.Next(-2, 3) * 0.25f),
                3 => s1[i] + (rng.Next(-2, 3) * 0.25f),
                4 => 3e9f,
                _ => s1[i] + (float)((rng.NextDouble() * 1300) - 100),
            };
        }

        var drift = new double[n];
        var bins = new int[n];
        DriftTimes.Compute(s1, s2, drift, bins);
        for (var i = 0; i < n; i++)
        {
            var expected = (double)s2[i] - s1[i];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(drift[i]));
            Assert.Equal(DriftHistogram.Bin(expected), bins[i]);
        }
    }

    [Theory]
    [InlineData(4.0, 0.05, 240)]
    [InlineData(8.5, 0.02, 173)]
    [InlineData(-3.0, 0.3, 70)]
    [InlineData(0.0, 7.5, 3)]
    [InlineData(4.0, 0.0001, 200)]
    public void Log_free_S2_binning_equals_the_log_formula_around_every_edge(double lnMin, double lnBin, int bins)
    {
        var binning = new LnAreaBinning(lnMin, lnBin, bins);
        var rng = new Random(1);
        var checkedFloats = 0;
        for (var y = 0; y <= bins; y++)
        {
            // Every float within ±2000 ulps of the exact edge of bin y.
            var edge = Math.Exp(lnMin + (y * lnBin));
            var centre = BitConverter.SingleToInt32Bits((float)edge);
            for (var bits = centre - 2000; bits <= centre + 2000; bits++)
            {
                Check(BitConverter.Int32BitsToSingle(bits));
                checkedFloats++;
            }
        }

        for (var i = 0; i < 200_000; i++)
        {
            Check(BitConverter.Int32BitsToSingle(rng.Next(1, 0x7F800000)));
        }

        Check(0f);
        Check(-0f);
        Check(-250f);
        Check(float.NaN);
        Check(float.PositiveInfinity);
        Check(float.Epsilon);
        Check(float.MaxValue);
        Assert.True(checkedFloats > 4000 * bins);

        void Check(float area)
        {
            var r = area > 0 ? binning.ReferenceBin(area) : double.NaN;
            var expected = r >= 0 && r < bins ? (int)r : -1;
            Assert.True(expected == binning.Bin(area), $"area {area:R}: bin {binning.Bin(area)}, log formula {expected}");
        }
    }

    [Fact]
    public void Lifetime_histogram_area_lookup_fills_the_cell_of_the_log_formula()
    {
        var pane = new LifetimePane(Options);
        var viaLog = new LifetimePane(Options);
        var rng = new Random(3);
        for (var i = 0; i < 100_000; i++)
        {
            var drift = (rng.NextDouble() * 1000) - 50;
            var s2 = (float)Math.Exp(rng.NextDouble() * 18);
            foreach (var (h, l) in new[] { (pane.SingleScatter, viaLog.SingleScatter), (pane.Kr83m, viaLog.Kr83m) })
            {
                Assert.Equal(l.Add(drift, Math.Log(s2)), h.AddArea(h.DriftBin(drift), s2));
            }
        }

        Assert.True(pane.SameState(viaLog));
        Assert.True(pane.SingleScatter.Counts.Sum() > 10_000 && pane.Kr83m.Counts.Sum() > 1_000);
    }

    [Property(MaxTest = 300)]
    public void Moment_sums_equal_plain_Int128_arithmetic_for_any_sign_and_size(long[] xs, long[] ys, bool small)
    {
        var m = default(Moments);
        Int128 n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            // Realistic fixed-point sizes, or anything up to the long limits (the sums wrap mod 2¹²⁸).
            var x = small ? Math.Abs(xs[i] % 300_000) : xs[i] * 7919;
            var y = small ? Math.Abs(ys[i] % 50_000_000) : ys[i] * 104_729;
            m.Add(x, y);
            n++;
            sx += x;
            sy += y;
            sxx += (Int128)x * x;
            sxy += (Int128)x * y;
            syy += (Int128)y * y;
        }

        Assert.Equal((long)n, m.N);
        Assert.Equal((long)sx, m.Sx);
        Assert.Equal((long)sy, m.Sy);
        Assert.Equal((sxx, sxy, syy), (m.Sxx, m.Sxy, m.Syy));
    }
}
