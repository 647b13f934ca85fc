namespace LzDQM.Sinks;

/// <summary>Why a sink write failed, which decides what <see cref="PointDelivery"/> does next.</summary>
public enum SinkFailure
{
    /// <summary>
    /// The destination is down, overloaded (5xx, 429, 408), unreachable, timed out, or refuses
    /// our credentials or database (401, 403, 404: a configuration the operator fixes while we
    /// wait, not a fault of the points). Retried with backoff, never dropped.
    /// </summary>
    Unavailable = 0,

    /// <summary>
    /// The destination refused the data itself (400, 413, 422: unparsable point, field type
    /// conflict). Retrying the same bytes cannot succeed: the bad points are counted and dropped.
    /// </summary>
    Rejected = 1,
}
