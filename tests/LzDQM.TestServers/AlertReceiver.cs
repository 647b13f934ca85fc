using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LzDQM.TestServers;

/// <summary>
/// A real HTTP receiver standing in for Alertmanager or a webhook: Kestrel on 127.0.0.1 on a free
/// port; records every request (path, body, idempotency key, time, status answered) and answers 200,
/// or a failure status while told to (<see cref="FailNext"/>, <see cref="FailFor"/>, <see cref="FailUntilRecovered"/>).
/// Thread-safe.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];
    private int _failNext;
    private DateTimeOffset _failUntil = DateTimeOffset.MinValue;
    private bool _failing;
    private int _failStatus = 503;

    private AlertReceiver(WebApplication app) => _app = app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a receiver on a free loopback port.</summary>
    public static async Task<AlertReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new AlertReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return receiver;
    }

    /// <summary>Answers <paramref name="status"/> to the next <paramref name="count"/> requests.</summary>
    public void FailNext(int count, int status = 503)
    {
        lock (_gate)
        {
            _failNext = count;
            _failStatus = status;
        }
    }

    /// <summary>Answers <paramref name="status"/> to every request for <paramref name="duration"/> from now.</summary>
    public void FailFor(TimeSpan duration, int status = 503)
    {
        lock (_gate)
        {
            _failUntil = DateTimeOffset.UtcNow + duration;
            _failStatus = status;
        }
    }

    /// <summary>Answers <paramref name="status"/> to every request until <see cref="Recover"/>.</summary>
    public void FailUntilRecovered(int status = 503)
    {
        lock (_gate)
        {
            _failing = true;
            _failStatus = status;
        }
    }

    /// <summary>Answers 200 again.</summary>
    public void Recover()
    {
        lock (_gate)
        {
            _failing = false;
            _failNext = 0;
            _failUntil = DateTimeOffset.MinValue;
        }
    }

    /// <summary>Waits until the recorded requests satisfy <paramref name="condition"/>; throws <see cref="TimeoutException"/> describing what arrived.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var now = Requests;
            if (condition(now))
            {
                return now;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"alert receiver: no {what} within {timeout.TotalSeconds:0.#} s; got {now.Count} requests: {string.Join(" | ", now.Select(r => $"{r.Status} {r.Path} {r.Body}"))}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        int status;
        lock (_gate)
        {
            status = 200;
            if (_failing || DateTimeOffset.UtcNow < _failUntil)
            {
                status = _failStatus;
            }
            else if (_failNext > 0)
            {
                _failNext--;
                status = _failStatus;
            }

            _requests.Add(new ReceivedRequest(context.Request.Path.Value ?? string.Empty, body,
                context.Request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null, DateTimeOffset.UtcNow, status));
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status == 200 ? string.Empty : "receiver told to fail", context.RequestAborted).ConfigureAwait(false);
    }
}
