using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka;
using LzDQM.Stages.Checkpoints;

namespace LzDQM.Stages.Tests;

public sealed class CheckpointStoreTests
{
    private static PartitionCheckpoint Checkpoint(int partition, long offset, byte tag) =>
        new(partition, [new TopicPartitionOffset(Topics.Pulses, partition, offset)], [[tag, 1, 2, 3]]);

    [Fact]
    public async Task The_latest_checkpoint_of_a_partition_is_read_back_and_groups_never_see_each_others()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 2 });
        using var live = new CheckpointStore(broker.BootstrapServers, "live");
        using var replay = new CheckpointStore(broker.BootstrapServers, "replay");
        Assert.Null(live.ReadLatest(1, TimeSpan.FromSeconds(10)));

        await live.WriteAsync(Checkpoint(1, 100, 7), CancellationToken.None);
        await live.WriteAsync(Checkpoint(1, 250, 8), CancellationToken.None);
        await replay.WriteAsync(Checkpoint(1, 9, 9), CancellationToken.None); // newest message, other group
        await live.WriteAsync(Checkpoint(0, 42, 1), CancellationToken.None);

        var latest = live.ReadLatest(1, TimeSpan.FromSeconds(10))!;
        Assert.Equal(250, latest.NextOffsets.Single().Offset.Value);
        Assert.Equal([8, 1, 2, 3], latest.Runs.Single());
        Assert.Equal(9, replay.ReadLatest(1, TimeSpan.FromSeconds(10))!.NextOffsets.Single().Offset.Value);
        Assert.Equal(42, live.ReadLatest(0, TimeSpan.FromSeconds(10))!.NextOffsets.Single().Offset.Value);
        Assert.Null(replay.ReadLatest(0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_checkpoint_round_trips_and_garbage_is_refused()
    {
        var c = Checkpoint(3, 77, 5);
        var back = PartitionCheckpoint.FromBytes(c.ToBytes());
        Assert.Equal(c.Partition, back.Partition);
        Assert.Equal(c.NextOffsets, back.NextOffsets);
        Assert.Equal(c.Runs.Single(), back.Runs.Single());
        Assert.Throws<InvalidDataException>(() => PartitionCheckpoint.FromBytes([1, 2, 3, 4, 5, 6]));
        Assert.Throws<InvalidDataException>(() => PartitionCheckpoint.FromBytes(c.ToBytes()[..12]));
    }
}
