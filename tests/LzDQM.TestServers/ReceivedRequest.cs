namespace LzDQM.TestServers;

/// <summary>One HTTP request an <see cref="AlertReceiver"/> got, and what it answered.</summary>
/// <param name="Path">Request path, e.g. <c>/api/v2/alerts</c>.</param>
/// <param name="Body">The body as UTF-8 text.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, or null.</param>
/// <param name="ReceivedAt">Wall-clock time it arrived.</param>
/// <param name="Status">The status code answered.</param>
public sealed record ReceivedRequest(string Path, string Body, string? IdempotencyKey, DateTimeOffset ReceivedAt, int Status)
{
    /// <summary>Whether the receiver accepted it (2xx).</summary>
    public bool Accepted => Status is >= 200 and < 300;
}
