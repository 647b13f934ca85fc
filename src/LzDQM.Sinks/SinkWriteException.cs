namespace LzDQM.Sinks;

/// <summary>A failed sink write, classified for retrying. The message never contains a secret.</summary>
public sealed class SinkWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SinkWriteException(string message, SinkFailure failure, int? httpStatus = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        HttpStatus = httpStatus;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an <see cref="SinkFailure.Unavailable"/> exception.</summary>
    public SinkWriteException()
        : this("sink write failed", SinkFailure.Unavailable)
    {
    }

    /// <summary>Creates an <see cref="SinkFailure.Unavailable"/> exception.</summary>
    public SinkWriteException(string message)
        : this(message, SinkFailure.Unavailable)
    {
    }

    /// <summary>Creates an <see cref="SinkFailure.Unavailable"/> exception.</summary>
    public SinkWriteException(string message, Exception innerException)
        : this(message, SinkFailure.Unavailable, null, null, innerException)
    {
    }

    /// <summary>Retry or drop.</summary>
    public SinkFailure Failure { get; }

    /// <summary>The HTTP status of the answer, when there was one.</summary>
    public int? HttpStatus { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Classifies an HTTP status of a failed write: 400, 413 and 422 reject the data,
    /// everything else (5xx, 429, 408, 401, 403, 404, 0 = no answer) is worth retrying.
    /// </summary>
    public static SinkFailure Classify(int httpStatus) => httpStatus switch
    {
        400 or 413 or 422 => SinkFailure.Rejected,
        _ => SinkFailure.Unavailable,
    };
}
