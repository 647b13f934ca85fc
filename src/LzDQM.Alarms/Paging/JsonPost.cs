using System.Net;
using System.Net.Http.Headers;

namespace LzDQM.Alarms.Paging;

/// <summary>POSTs a JSON body and classifies the answer (2xx / transient / permanent). Stateless, thread-safe.</summary>
internal static class JsonPost
{
    public static async Task<DeliveryOutcome> SendAsync(HttpClient http, Uri url, byte[] body, string? idempotencyKey, TimeSpan timeout, string who, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome(DeliveryStatus.Delivered, null);
            }

            var text = await ReadSnippetAsync(response, cts.Token).ConfigureAwait(false);
            var error = $"{who} at {url} answered {code} {response.ReasonPhrase}{(text.Length > 0 ? $": {text}" : string.Empty)}";
            return code == (int)HttpStatusCode.TooManyRequests || code >= 500
                ? new DeliveryOutcome(DeliveryStatus.Retry, error)
                : new DeliveryOutcome(DeliveryStatus.Rejected, error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryStatus.Retry, $"{who} at {url} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryOutcome(DeliveryStatus.Retry, $"{who} at {url} unreachable: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var s = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            s = s.ReplaceLineEndings(" ").Trim();
            return s.Length > 200 ? s[..200] + "…" : s;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }
}
