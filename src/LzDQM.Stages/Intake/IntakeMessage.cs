using Confluent.Kafka;
using LzDQM.Contracts.V1;

namespace LzDQM.Stages.Intake;

/// <summary>
/// One consumed Kafka message as it enters a partition's inbox, in offset order per
/// topic-partition. Every consumed offset produces exactly one, so the partition pipeline can
/// account for every offset before it is committed.
/// </summary>
/// <param name="Position">Topic, partition and offset it came from.</param>
public abstract record IntakeMessage(TopicPartitionOffset Position);

/// <summary>A valid, in-order trigger chunk.</summary>
public sealed record TriggerInput(TopicPartitionOffset Position, TriggerChunk Chunk) : IntakeMessage(Position);

/// <summary>A valid, in-order pulse chunk.</summary>
public sealed record PulseInput(TopicPartitionOffset Position, PulseChunk Chunk) : IntakeMessage(Position);

/// <summary>A valid run-control transition.</summary>
public sealed record RunInput(TopicPartitionOffset Position, RunControl Transition) : IntakeMessage(Position);

/// <summary>
/// A message that feeds no window: a dropped duplicate, or bad input whose dead-letter copy is
/// being written. Its offset may be released once <paramref name="Forwarded"/> completes.
/// </summary>
/// <param name="Position">Where it came from.</param>
/// <param name="Forwarded">Completes when the dead-letter copy is acknowledged (already complete for a duplicate).</param>
public sealed record SkippedInput(TopicPartitionOffset Position, Task Forwarded) : IntakeMessage(Position);
