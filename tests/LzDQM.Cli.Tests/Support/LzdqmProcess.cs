using System.Diagnostics;
using System.Text;

namespace LzDQM.Cli.Tests.Support;

/// <summary>Runs the real <c>lzdqm</c> program (the Cli build output copied beside the tests) as a process.</summary>
public sealed class LzdqmProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private LzdqmProcess(IEnumerable<string> args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lzdqm.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build tests/LzDQM.Cli.Tests");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        _stderrPump = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            }
        });
    }

    public int Id => _process.Id;

    public StreamReader Stdout => _process.StandardOutput;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static LzdqmProcess Start(params string[] args) => new(args);

    /// <summary>Runs to completion (at most two minutes); returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var (code, stdout, stderr, _) = RunAsync(TimeSpan.FromMinutes(2), args).GetAwaiter().GetResult();
        return (code, stdout, stderr);
    }

    /// <summary>Runs to completion; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)> RunAsync(TimeSpan timeout, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var p = Start(args);
        var stdout = p.Stdout.ReadToEndAsync();
        var code = await p.WaitAsync(timeout);
        return (code, await stdout, p.Stderr, clock.Elapsed);
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lzdqm did not exit within {timeout}; stderr: {Stderr}");
        }

        await _stderrPump;
        return _process.ExitCode;
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
