using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LzDQM.TestServers;

/// <summary>
/// A real server process a test starts from its own temp directory on a free loopback port, and
/// can stop (SIGTERM), kill (SIGKILL) and start again on the same port and data. Disposing kills
/// it and deletes the directory. Processes still running when the test host exits are killed.
/// </summary>
/// <remarks>Threading: start, stop and kill are meant to be called from one test at a time.</remarks>
public abstract class LocalServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<LocalServer, byte> Running = new();
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private Socket? _portHold;
    private bool _deleteOnDispose = true;

    static LocalServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in Running.Keys)
        {
            server.KillNow();
        }
    };

    /// <summary>Prepares (does not start) a server of <paramref name="executable"/> in a new temp directory.</summary>
    protected LocalServer(string name, string executable)
    {
        Name = name;
        Executable = executable;
        RootDirectory = Directory.CreateTempSubdirectory($"lzdqm-{name}-").FullName;
        Port = FreeTcpPort.Next();
        Http = new HttpClient { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Short name used in messages, e.g. <c>influxd</c>.</summary>
    public string Name { get; }

    /// <summary>Full path of the binary.</summary>
    public string Executable { get; }

    /// <summary>The temp directory holding config, data and logs.</summary>
    public string RootDirectory { get; }

    /// <summary>HTTP port on 127.0.0.1; kept across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A client with <see cref="Url"/> as base address, for queries.</summary>
    public HttpClient Http { get; private set; }

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the server printed (stdout and stderr), for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Keeps the directory after dispose (to look at a failure); the default deletes it.</summary>
    public void KeepDirectory() => _deleteOnDispose = false;

    /// <summary>
    /// Starts the process (again, on the same port and data after a stop) and returns once it
    /// answers its readiness probe. Throws <see cref="InvalidOperationException"/> with its output
    /// if it exits or is not ready within 30 s.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} on port {Port} is already running");
        }

        PrepareStart();
        ReleasePort();
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = RootDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments())
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = RootDirectory;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{Name}: {Executable} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Running[this] = 0;

        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                Running.TryRemove(this, out _);
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} while starting on port {Port}:\n{RecentOutput}");
            }

            if (await ProbeAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (clock.Elapsed > ReadyTimeout)
            {
                KillNow();
                throw new InvalidOperationException($"{Name} was not ready on port {Port} within {ReadyTimeout.TotalSeconds} s:\n{RecentOutput}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Graceful stop: SIGTERM, then SIGKILL if it has not exited after <paramref name="grace"/> (default 10 s).</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process is not { } process || process.HasExited)
        {
            return;
        }

        PosixSignal.Terminate(process.Id);
        using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        Running.TryRemove(this, out _);
        HoldPort();
    }

    /// <summary>Hard stop (SIGKILL): the server gets no chance to flush anything.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process || process.HasExited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().ConfigureAwait(false);
        Running.TryRemove(this, out _);
        HoldPort();
    }

    /// <summary>Kills the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Kills the process, then deletes the directory unless kept.</summary>
    protected virtual async ValueTask DisposeCoreAsync()
    {
        await KillAsync().ConfigureAwait(false);
        ReleasePort();
        _process?.Dispose();
        Http.Dispose();
        if (_deleteOnDispose)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a dying process: the temp dir is cleaned by the OS eventually.
            }
        }
    }

    /// <summary>Chooses a new port before the first start (used when the chosen one was taken meanwhile).</summary>
    protected void ChangePort()
    {
        Port = FreeTcpPort.Next();
        Http.Dispose();
        Http = new HttpClient { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Command-line arguments of the server process.</summary>
    protected abstract IEnumerable<string> Arguments();

    /// <summary>Writes config files etc. before each start.</summary>
    protected virtual void PrepareStart()
    {
    }

    /// <summary>True once the server answers requests.</summary>
    protected abstract Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken);

    /// <summary>Starts on a fresh free port, trying again with another port if the first one was taken meanwhile.</summary>
    protected async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                ChangePort();
            }
        }
    }

    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quick.CancelAfter(TimeSpan.FromSeconds(2));
            return await IsReadyAsync(Http, quick.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // While stopped, the port stays bound (never listening): clients are refused as by a dead
    // server, and no server of a parallel test is given this port before the restart.
    private void HoldPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            _portHold = socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
        }
    }

    private void ReleasePort()
    {
        _portHold?.Dispose();
        _portHold = null;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    private void KillNow()
    {
        try
        {
            if (_process is { HasExited: false } p)
            {
                p.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
