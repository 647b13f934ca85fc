namespace LzDQM.Alarms.Paging;

/// <summary>How one delivery attempt ended.</summary>
public enum DeliveryStatus
{
    /// <summary>The receiver acknowledged (2xx).</summary>
    Delivered = 0,

    /// <summary>Transient: connection refused, timeout, 429 or 5xx; retried with backoff.</summary>
    Retry = 1,

    /// <summary>Permanent: a 4xx other than 429 (bad URL, bad configuration); logged and dropped.</summary>
    Rejected = 2,
}
