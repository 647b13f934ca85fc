using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;

namespace LzDQM.Contracts.Tests;

public class ChunkValidatorTests
{
    [Property(MaxTest = 300)]
    public Property Generated_valid_pulse_chunks_break_no_rule() =>
        Prop.ForAll(Arb.From(WireGenerators.ValidPulseChunk), chunk => ChunkValidator.Validate(chunk).Count == 0);

    [Property(MaxTest = 300)]
    public Property Generated_valid_trigger_chunks_break_no_rule() =>
        Prop.ForAll(Arb.From(WireGenerators.ValidTriggerChunk), chunk => ChunkValidator.Validate(chunk).Count == 0);

    public static TheoryData<string, ChunkRule> PulseBreakages => new()
    {
        { "run0", ChunkRule.MissingRun },
        { "short-area-column", ChunkRule.UnequalColumns },
        { "short-time-column", ChunkRule.UnequalColumns },
        { "pulse-count-too-high", ChunkRule.PulseCountMismatch },
        { "nan-area", ChunkRule.NonFiniteValue },
        { "infinite-start", ChunkRule.NonFiniteValue },
        { "negative-area", ChunkRule.NegativeArea },
        { "negative-width", ChunkRule.NegativeWidth },
        { "top-fraction-above-1", ChunkRule.TopFractionOutOfRange },
        { "events-repeat", ChunkRule.EventsNotIncreasing },
        { "time-backwards", ChunkRule.TimeGoesBackwards },
        { "unknown-class", ChunkRule.UnknownEnumValue },
        { "span-over-1s", ChunkRule.SpanTooLong },
    };

    [Theory]
    [MemberData(nameof(PulseBreakages))]
    public void Each_broken_pulse_rule_is_caught(string breakage, ChunkRule expected)
    {
        var chunk = WireGenerators.SmallPulseChunk();
        Break(chunk, breakage);
        var violations = ChunkValidator.Validate(chunk);
        Assert.Contains(violations, v => v.Rule == expected);
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Detail)));
    }

    [Fact]
    public void Every_rule_a_chunk_breaks_is_reported_not_just_the_first()
    {
        var chunk = WireGenerators.SmallPulseChunk();
        Break(chunk, "run0");
        Break(chunk, "nan-area");
        Break(chunk, "negative-width");
        Break(chunk, "time-backwards");
        var rules = ChunkValidator.Validate(chunk).Select(v => v.Rule).ToHashSet();
        Assert.Equal(
            new HashSet<ChunkRule> { ChunkRule.MissingRun, ChunkRule.NonFiniteValue, ChunkRule.NegativeWidth, ChunkRule.TimeGoesBackwards },
            rules);
    }

    [Fact]
    public void Too_many_events_in_one_chunk_is_caught()
    {
        var chunk = new TriggerChunk { Run = 3 };
        for (var i = 0; i < ChunkLimits.MaxEvents + 1; i++)
        {
            chunk.Event.Add((ulong)i);
            chunk.TriggerTimeNs.Add(i * 1000L);
            chunk.TriggerType.Add(TriggerType.S2);
            chunk.DeadtimeNs.Add(0);
        }

        Assert.Equal([ChunkRule.TooManyEvents], ChunkValidator.Validate(chunk).Select(v => v.Rule));
    }

    [Fact]
    public void Trigger_chunk_with_unequal_columns_and_unknown_type_is_caught()
    {
        var chunk = new TriggerChunk { Run = 3, Event = { 1, 2 }, TriggerTimeNs = { 10, 20 }, TriggerType = { TriggerType.S1, (TriggerType)9 }, DeadtimeNs = { 0 } };
        var rules = ChunkValidator.Validate(chunk).Select(v => v.Rule).ToList();
        Assert.Equal([ChunkRule.UnequalColumns, ChunkRule.UnknownEnumValue], rules);
    }

    [Fact]
    public void Run_control_needs_a_run_and_a_transition()
    {
        Assert.Empty(ChunkValidator.Validate(new RunControl { Run = 4, Transition = RunControl.Types.Transition.Start, Mode = RunMode.Kr83M }));
        var rules = ChunkValidator.Validate(new RunControl { Mode = (RunMode)42 }).Select(v => v.Rule).ToList();
        Assert.Equal([ChunkRule.MissingRun, ChunkRule.MissingTransition, ChunkRule.UnknownEnumValue], rules);
    }

    [Fact]
    public void Key_must_be_the_run_number_in_decimal_ascii()
    {
        Assert.Null(ChunkValidator.CheckKey("10042"u8, 10042));
        Assert.Equal(ChunkRule.KeyMismatch, ChunkValidator.CheckKey("0010042"u8, 10042)!.Rule);
        Assert.Equal(ChunkRule.KeyMismatch, ChunkValidator.CheckKey(""u8, 1)!.Rule);
    }

    private static void Break(PulseChunk c, string breakage)
    {
        switch (breakage)
        {
            case "run0": c.Run = 0; break;
            case "short-area-column": c.AreaPhd.RemoveAt(c.AreaPhd.Count - 1); break;
            case "short-time-column": c.TriggerTimeNs.RemoveAt(0); break;
            case "pulse-count-too-high": c.PulseCount[1] += 1; break;
            case "nan-area": c.AreaPhd[2] = float.NaN; break;
            case "infinite-start": c.StartUs[3] = float.PositiveInfinity; break;
            case "negative-area": c.AreaPhd[4] = -1f; break;
            case "negative-width": c.RmsWidthUs[0] = -0.5f; break;
            case "top-fraction-above-1": c.TopFraction[1] = 1.01f; break;
            case "events-repeat": c.Event[2] = c.Event[1]; break;
            case "time-backwards": c.TriggerTimeNs[2] = c.TriggerTimeNs[1] - 1; break;
            case "unknown-class": c.PulseClass[0] = (PulseClass)17; break;
            case "span-over-1s": c.TriggerTimeNs[2] = c.TriggerTimeNs[0] + 1_000_000_001; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage));
        }
    }
}
