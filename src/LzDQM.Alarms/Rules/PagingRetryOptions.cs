namespace LzDQM.Alarms.Rules;

/// <summary>
/// Retry of deliveries that failed with a connection error, a timeout, 429 or 5xx
/// (<c>LzDQM:Alarms:Retry</c>): exponential backoff, capped, with jitter (between half and all of the delay).
/// </summary>
public sealed class PagingRetryOptions
{
    /// <summary>First delay after a failure, ms. Default 500.</summary>
    public double InitialDelayMs { get; set; } = 500;

    /// <summary>Upper bound of the delay, ms. Default 60 000.</summary>
    public double MaxDelayMs { get; set; } = 60_000;

    /// <summary>Growth per failed attempt. Default 2.</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>Timeout of one HTTP request, ms. Default 10 000.</summary>
    public double RequestTimeoutMs { get; set; } = 10_000;

    /// <summary>Throws <see cref="AlarmConfigException"/> on nonsense values.</summary>
    public void Validate()
    {
        if (InitialDelayMs <= 0 || MaxDelayMs < InitialDelayMs || Multiplier < 1 || RequestTimeoutMs <= 0)
        {
            throw new AlarmConfigException($"{AlarmOptions.SectionName}:Retry: need initialDelayMs > 0, maxDelayMs ≥ initialDelayMs, multiplier ≥ 1, requestTimeoutMs > 0");
        }
    }

    /// <summary>The delay before attempt <paramref name="failures"/>+1: uniform in [d/2, d] with d = min(max, initial·multiplier^(failures−1)).</summary>
    public TimeSpan Backoff(int failures, double jitter01)
    {
        var d = Math.Min(MaxDelayMs, InitialDelayMs * Math.Pow(Multiplier, Math.Max(0, failures - 1)));
        return TimeSpan.FromMilliseconds(d * (0.5 + (0.5 * Math.Clamp(jitter01, 0, 1))));
    }
}
