namespace LzDQM.Contracts.Wire;

/// <summary>The rules of the wire contract (SPEC §2) a message can break.</summary>
public enum ChunkRule
{
    /// <summary>The bytes do not decode as the topic's message type.</summary>
    Undecodable,

    /// <summary>The <c>content-type</c> header names an encoding LzDQM does not read.</summary>
    UnknownContentType,

    /// <summary>Run number 0 (absent in proto3).</summary>
    MissingRun,

    /// <summary>The Kafka key is not the run number as decimal ASCII.</summary>
    KeyMismatch,

    /// <summary>Per-event or per-pulse columns of unequal length.</summary>
    UnequalColumns,

    /// <summary>The sum of <c>pulse_count</c> differs from the length of the pulse columns.</summary>
    PulseCountMismatch,

    /// <summary>NaN or infinity in a float column.</summary>
    NonFiniteValue,

    /// <summary>A negative pulse area.</summary>
    NegativeArea,

    /// <summary>A negative RMS width.</summary>
    NegativeWidth,

    /// <summary>A top fraction outside 0..1.</summary>
    TopFractionOutOfRange,

    /// <summary>Event numbers not strictly increasing.</summary>
    EventsNotIncreasing,

    /// <summary>Trigger times going backwards.</summary>
    TimeGoesBackwards,

    /// <summary>An enum value the contract does not define.</summary>
    UnknownEnumValue,

    /// <summary>More than <see cref="ChunkLimits.MaxEvents"/> events in one chunk.</summary>
    TooManyEvents,

    /// <summary>A chunk spanning more than <see cref="ChunkLimits.MaxSpanNs"/> of trigger time.</summary>
    SpanTooLong,

    /// <summary>A chunk number that skips ahead or goes back (other than an exact repeat).</summary>
    ChunkNumberJump,

    /// <summary>The same run and chunk number again: dropped and counted, not dead-lettered.</summary>
    DuplicateChunk,

    /// <summary>A run-control message without a transition.</summary>
    MissingTransition,
}
