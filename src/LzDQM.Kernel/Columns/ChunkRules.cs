using System.Runtime.Intrinsics;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// The SPEC §2 content rules the kernel relies on, checked before a chunk touches any window:
/// trigger times non-decreasing, pulse areas finite and non-negative, pulse starts and widths
/// finite. A violation throws <see cref="InvalidDataException"/> naming the rule (the caller
/// counts and dead-letters the chunk). Column lengths are already checked by the readers.
/// Stateless; the float scans are vectorised.
/// </summary>
public static class ChunkRules
{
    /// <summary>Checks a pulse chunk.</summary>
    public static void Check(PulseColumns c)
    {
        CheckTimes(c.TriggerTimeNs);
        if (!AllFinite(c.AreaPhd) || !AllFinite(c.StartUs) || !AllFinite(c.RmsWidthUs))
        {
            throw new InvalidDataException("pulse chunk holds NaN or infinite values");
        }

        if (!NoneNegative(c.AreaPhd))
        {
            throw new InvalidDataException("pulse chunk holds negative areas");
        }
    }

    /// <summary>Checks a trigger chunk.</summary>
    public static void Check(TriggerColumns c) => CheckTimes(c.TriggerTimeNs);

    private static void CheckTimes(ReadOnlySpan<long> times)
    {
        for (var i = 1; i < times.Length; i++)
        {
            if (times[i] < times[i - 1])
            {
                throw new InvalidDataException($"trigger times go backwards at event {i} of the chunk");
            }
        }
    }

    /// <summary>True when no value is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(float.MaxValue);
            for (; i + 8 <= values.Length; i += 8)
            {
                // |v| ≤ MaxValue is false for NaN and ±∞.
                var v = Vector256.Abs(Vector256.Create(values.Slice(i, 8)));
                if (!Vector256.LessThanOrEqualAll(v, limit))
                {
                    return false;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NoneNegative(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (v < 0)
            {
                return false;
            }
        }

        return true;
    }
}
