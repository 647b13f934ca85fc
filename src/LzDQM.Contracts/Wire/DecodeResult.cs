namespace LzDQM.Contracts.Wire;

/// <summary>A decoded message, or why it did not decode. Never both.</summary>
/// <typeparam name="T">The protobuf message type.</typeparam>
/// <param name="Message">The message when decoding succeeded.</param>
/// <param name="Error">The violation when it did not.</param>
public readonly record struct DecodeResult<T>(T? Message, ChunkViolation? Error)
    where T : class
{
    /// <summary>True when <see cref="Message"/> is set.</summary>
    public bool Ok => Message is not null;
}
