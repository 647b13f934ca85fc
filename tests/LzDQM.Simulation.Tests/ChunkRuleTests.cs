using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Tests;

/// <summary>Every generated record obeys SPEC §2's chunk rules (checked here directly, rule by rule).</summary>
public class ChunkRuleTests
{
    public static TheoryData<string> ScenarioNames => [.. ScenarioCatalog.Names];

    // Full length for the anomaly scenarios (they are cached for the anomaly tests too), 10 min for the clean ones.
    private static SimulatedRun RunOf(string name) =>
        SimulatedRun.Of(name, ScenarioCatalog.Get(name).Anomalies.Count > 0 ? ScenarioCatalog.Get(name).DefaultDuration.TotalSeconds : 600);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Every_chunk_obeys_the_wire_contract(string name)
    {
        var run = RunOf(name);
        var scenario = ScenarioCatalog.Get(name);
        var key = scenario.Run.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(run.Records, r => Assert.Equal(key, System.Text.Encoding.ASCII.GetString(r.Key)));

        // START first, STOP last, nothing else on the run-control topic.
        Assert.Equal(ReplayTopic.Runs, run.Records[0].Topic);
        Assert.Equal(ReplayTopic.Runs, run.Records[^1].Topic);
        Assert.Equal(2, run.RunControls.Count);
        Assert.Equal(RunControl.Types.Transition.Start, run.RunControls[0].Transition);
        Assert.Equal(RunControl.Types.Transition.Stop, run.RunControls[1].Transition);
        Assert.All(run.RunControls, rc => Assert.Equal(scenario.RunMode, rc.Mode));
        Assert.All(run.RunControls, rc => Assert.Equal(scenario.Run, rc.Run));
        Assert.Equal(run.Truth.StartTimeNs, run.RunControls[0].TimeNs);
        Assert.Equal(run.Truth.EndTimeNs, run.RunControls[1].TimeNs);

        // Records in non-decreasing time; trigger and pulse chunks pair up.
        for (var i = 1; i < run.Records.Count; i++)
        {
            Assert.True(run.Records[i].TimeNs >= run.Records[i - 1].TimeNs, $"record {i} goes back in time");
        }

        var triggers = run.Triggers;
        var pulseChunks = run.PulseChunks;
        Assert.Equal(triggers.Count, pulseChunks.Count);
        Assert.NotEmpty(triggers);
        ulong lastEvent = 0;
        long lastTime = long.MinValue;
        var chunkRecords = run.Records.Where(r => r.Topic != ReplayTopic.Runs).ToList();
        for (var c = 0; c < triggers.Count; c++)
        {
            var t = triggers[c];
            var p = pulseChunks[c];
            Assert.Equal(scenario.Run, t.Run);
            Assert.Equal(scenario.Run, p.Run);
            Assert.Equal((ulong)c, t.Chunk);
            Assert.Equal((ulong)c, p.Chunk);
            Assert.Equal(ReplayTopic.Triggers, chunkRecords[2 * c].Topic);
            Assert.Equal(ReplayTopic.Pulses, chunkRecords[(2 * c) + 1].Topic);

            // Columns of equal length, 1..2000 events, spanning less than 1 s.
            var n = t.Event.Count;
            Assert.InRange(n, 1, 2000);
            Assert.Equal(n, t.TriggerTimeNs.Count);
            Assert.Equal(n, t.TriggerType.Count);
            Assert.Equal(n, t.DeadtimeNs.Count);
            Assert.Equal(t.Event, p.Event);
            Assert.Equal(t.TriggerTimeNs, p.TriggerTimeNs);
            Assert.Equal(n, p.PulseCount.Count);
            Assert.True(t.TriggerTimeNs[n - 1] - t.TriggerTimeNs[0] < 1_000_000_000, $"chunk {c} spans ≥ 1 s");
            Assert.Equal(t.TriggerTimeNs[0], chunkRecords[2 * c].TimeNs);
            Assert.Equal(t.TriggerTimeNs[0], chunkRecords[(2 * c) + 1].TimeNs);

            // Events strictly increasing and times non-decreasing across the whole run.
            for (var i = 0; i < n; i++)
            {
                Assert.True(t.Event[i] > lastEvent, $"chunk {c} event {t.Event[i]} does not increase");
                Assert.True(t.TriggerTimeNs[i] >= lastTime, $"chunk {c} time goes back");
                Assert.NotEqual(TriggerType.Unspecified, t.TriggerType[i]);
                lastEvent = t.Event[i];
                lastTime = t.TriggerTimeNs[i];
            }

            // Pulse columns: as long as the pulse counts add up to; finite, non-negative, fractions in [0, 1].
            var pulses = (int)p.PulseCount.Sum(x => (long)x);
            Assert.Equal(pulses, p.PulseClass.Count);
            Assert.Equal(pulses, p.AreaPhd.Count);
            Assert.Equal(pulses, p.StartUs.Count);
            Assert.Equal(pulses, p.RmsWidthUs.Count);
            Assert.Equal(pulses, p.TopFraction.Count);
            Assert.Equal(pulses, p.Coincidence.Count);
            Assert.All(p.AreaPhd, a => Assert.True(float.IsFinite(a) && a >= 0));
            Assert.All(p.StartUs, s => Assert.True(float.IsFinite(s) && s >= -2000 && s <= 2500));
            Assert.All(p.RmsWidthUs, w => Assert.True(float.IsFinite(w) && w > 0));
            Assert.All(p.TopFraction, f => Assert.True(f is >= 0 and <= 1));
            Assert.All(p.Coincidence, k => Assert.InRange(k, 1u, 494u));
            Assert.All(p.PulseClass, k => Assert.NotEqual(PulseClass.Unspecified, k));
        }

        Assert.True(lastTime < run.Truth.EndTimeNs);
    }

    [Fact]
    public void The_direct_encoder_writes_what_the_generated_serialiser_writes()
    {
        // Re-serialising the parsed messages with Google.Protobuf must reproduce the bytes exactly.
        var run = RunOf("rate-spike");
        foreach (var r in run.Records.Take(200))
        {
            var again = r.Topic switch
            {
                ReplayTopic.Triggers => Google.Protobuf.MessageExtensions.ToByteArray(TriggerChunk.Parser.ParseFrom(r.Value)),
                ReplayTopic.Pulses => Google.Protobuf.MessageExtensions.ToByteArray(PulseChunk.Parser.ParseFrom(r.Value)),
                _ => Google.Protobuf.MessageExtensions.ToByteArray(RunControl.Parser.ParseFrom(r.Value)),
            };
            Assert.Equal(r.Value, again);
        }
    }

    [Fact]
    public void Chunks_close_at_two_thousand_events_when_the_rate_is_high()
    {
        // 2000 events within 1 s needs > 2 kHz: a scenario file can ask for it.
        var scenario = new Scenario("burst", "", 9, RunMode.Commissioning, DateTimeOffset.UnixEpoch.AddYears(56), TimeSpan.FromSeconds(10),
            new Dictionary<string, PiecewiseLinear> { [ScenarioParameter.RandomTriggerHz] = PiecewiseLinear.Constant(5000) });
        var sim = new DetectorSimulator(scenario, 1);
        var sizes = new List<int>();
        sim.ForEachChunk(c => sizes.Add(c.EventCount));
        Assert.Contains(2000, sizes);
        Assert.All(sizes, s => Assert.InRange(s, 1, 2000));
    }
}
