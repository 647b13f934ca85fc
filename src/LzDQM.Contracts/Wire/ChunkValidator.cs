using System.Globalization;
using Google.Protobuf.Collections;
using LzDQM.Contracts.V1;

namespace LzDQM.Contracts.Wire;

/// <summary>
/// Checks one message against the per-message rules of SPEC §2 and returns every rule it
/// breaks, not just the first, each once with its first offending index. Rules that need
/// the previous chunk of the run (chunk numbering, events and times across chunks) are
/// <see cref="RunChunkSequence"/>'s. Stateless and thread-safe.
/// </summary>
public static class ChunkValidator
{
    /// <summary>Validates a trigger chunk.</summary>
    public static IReadOnlyList<ChunkViolation> Validate(TriggerChunk chunk)
    {
        var found = new List<ChunkViolation>();
        CheckRun(chunk.Run, found);
        var n = chunk.Event.Count;
        CheckEqual(found, "event", n,
            ("trigger_time_ns", chunk.TriggerTimeNs.Count),
            ("trigger_type", chunk.TriggerType.Count),
            ("deadtime_ns", chunk.DeadtimeNs.Count));
        CheckEvents(chunk.Event, chunk.TriggerTimeNs, found);
        for (var i = 0; i < chunk.TriggerType.Count; i++)
        {
            var t = (int)chunk.TriggerType[i];
            if (t < 0 || t > (int)TriggerType.Led)
            {
                found.Add(new ChunkViolation(ChunkRule.UnknownEnumValue, $"trigger_type[{i}] = {t}"));
                break;
            }
        }

        return found;
    }

    /// <summary>Validates a pulse chunk.</summary>
    public static IReadOnlyList<ChunkViolation> Validate(PulseChunk chunk)
    {
        var found = new List<ChunkViolation>();
        CheckRun(chunk.Run, found);
        var n = chunk.Event.Count;
        CheckEqual(found, "event", n,
            ("trigger_time_ns", chunk.TriggerTimeNs.Count),
            ("pulse_count", chunk.PulseCount.Count));
        var pulses = chunk.PulseClass.Count;
        CheckEqual(found, "pulse_class", pulses,
            ("area_phd", chunk.AreaPhd.Count),
            ("start_us", chunk.StartUs.Count),
            ("rms_width_us", chunk.RmsWidthUs.Count),
            ("top_fraction", chunk.TopFraction.Count),
            ("coincidence", chunk.Coincidence.Count));

        long sum = 0;
        foreach (var c in chunk.PulseCount)
        {
            sum += c;
        }

        if (sum != pulses)
        {
            found.Add(new ChunkViolation(ChunkRule.PulseCountMismatch, $"pulse_count sums to {sum} but pulse_class has {pulses}"));
        }

        CheckEvents(chunk.Event, chunk.TriggerTimeNs, found);
        for (var i = 0; i < chunk.PulseClass.Count; i++)
        {
            var c = (int)chunk.PulseClass[i];
            if (c < 0 || c > (int)PulseClass.Other)
            {
                found.Add(new ChunkViolation(ChunkRule.UnknownEnumValue, $"pulse_class[{i}] = {c}"));
                break;
            }
        }

        CheckFloats(found, "area_phd", chunk.AreaPhd, 0f, float.PositiveInfinity, ChunkRule.NegativeArea);
        CheckFloats(found, "start_us", chunk.StartUs, float.NegativeInfinity, float.PositiveInfinity, ChunkRule.NonFiniteValue);
        CheckFloats(found, "rms_width_us", chunk.RmsWidthUs, 0f, float.PositiveInfinity, ChunkRule.NegativeWidth);
        CheckFloats(found, "top_fraction", chunk.TopFraction, 0f, 1f, ChunkRule.TopFractionOutOfRange);
        return found;
    }

    /// <summary>Validates a run-control message.</summary>
    public static IReadOnlyList<ChunkViolation> Validate(RunControl message)
    {
        var found = new List<ChunkViolation>();
        CheckRun(message.Run, found);
        var transition = (int)message.Transition;
        if (transition == 0)
        {
            found.Add(new ChunkViolation(ChunkRule.MissingTransition, "transition is unspecified"));
        }
        else if (transition > (int)RunControl.Types.Transition.Stop)
        {
            found.Add(new ChunkViolation(ChunkRule.UnknownEnumValue, $"transition = {transition}"));
        }

        var mode = (int)message.Mode;
        if (mode < 0 || mode > (int)RunMode.Commissioning)
        {
            found.Add(new ChunkViolation(ChunkRule.UnknownEnumValue, $"mode = {mode}"));
        }

        return found;
    }

    /// <summary>Checks that a Kafka key is the run number as decimal ASCII.</summary>
    public static ChunkViolation? CheckKey(ReadOnlySpan<byte> key, uint run)
    {
        Span<byte> expected = stackalloc byte[10];
        run.TryFormat(expected, out var written, default, CultureInfo.InvariantCulture);
        return key.SequenceEqual(expected[..written])
            ? null
            : new ChunkViolation(ChunkRule.KeyMismatch, $"key '{System.Text.Encoding.ASCII.GetString(key)}' is not run {run}");
    }

    private static void CheckRun(uint run, List<ChunkViolation> found)
    {
        if (run == 0)
        {
            found.Add(new ChunkViolation(ChunkRule.MissingRun, "run is 0 (absent)"));
        }
    }

    private static void CheckEqual(List<ChunkViolation> found, string firstName, int first, params (string Name, int Count)[] others)
    {
        foreach (var (name, count) in others)
        {
            if (count != first)
            {
                found.Add(new ChunkViolation(ChunkRule.UnequalColumns, $"{firstName} has {first} values but {name} has {count}"));
            }
        }
    }

    private static void CheckEvents(RepeatedField<ulong> events, RepeatedField<long> times, List<ChunkViolation> found)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i] <= events[i - 1])
            {
                found.Add(new ChunkViolation(ChunkRule.EventsNotIncreasing, $"event[{i}] = {events[i]} after {events[i - 1]}"));
                break;
            }
        }

        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] < times[i - 1])
            {
                found.Add(new ChunkViolation(ChunkRule.TimeGoesBackwards, $"trigger_time_ns[{i}] goes back by {times[i - 1] - times[i]} ns"));
                break;
            }
        }

        if (events.Count > ChunkLimits.MaxEvents)
        {
            found.Add(new ChunkViolation(ChunkRule.TooManyEvents, $"{events.Count} events (at most {ChunkLimits.MaxEvents})"));
        }

        if (times.Count > 1 && times[^1] - times[0] > ChunkLimits.MaxSpanNs)
        {
            found.Add(new ChunkViolation(ChunkRule.SpanTooLong, $"spans {(times[^1] - times[0]) / 1e9:F3} s of trigger time (at most 1 s)"));
        }
    }

    private static void CheckFloats(List<ChunkViolation> found, string name, RepeatedField<float> column, float min, float max, ChunkRule rangeRule)
    {
        var nonFinite = -1;
        var outOfRange = -1;
        for (var i = 0; i < column.Count; i++)
        {
            var v = column[i];
            if (!float.IsFinite(v))
            {
                nonFinite = nonFinite < 0 ? i : nonFinite;
            }
            else if (v < min || v > max)
            {
                outOfRange = outOfRange < 0 ? i : outOfRange;
            }
        }

        if (nonFinite >= 0)
        {
            found.Add(new ChunkViolation(ChunkRule.NonFiniteValue, $"{name}[{nonFinite}] = {column[nonFinite]}"));
        }

        if (outOfRange >= 0)
        {
            found.Add(new ChunkViolation(rangeRule, $"{name}[{outOfRange}] = {column[outOfRange].ToString(CultureInfo.InvariantCulture)}"));
        }
    }
}
