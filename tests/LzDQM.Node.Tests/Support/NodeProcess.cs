using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LzDQM.Node.Tests.Support;

/// <summary>One real <c>lzdqm node</c> (or other lzdqm command) child process, its stderr collected line by line.</summary>
public sealed partial class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task _stderrPump;
    private readonly Task<string> _stdout;

    private NodeProcess(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        Name = name;
        var dll = LzdqmDll();

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderrPump = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        });
    }

    public string Name { get; }

    /// <summary>
    /// lzdqm.dll in the Cli's own build output, whose directory holds every assembly it needs: the
    /// copy beside the tests lacks the Microsoft.Extensions assemblies that this test project takes
    /// from the ASP.NET Core shared framework (the alert receiver's Kestrel), which lzdqm does not load.
    /// </summary>
    private static string LzdqmDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent?.Name ?? "Release";
        for (var d = here; d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "src", "LzDQM.Cli", "bin", configuration, framework, "lzdqm.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "lzdqm.dll");
        return File.Exists(beside)
            ? beside
            : throw new InvalidOperationException($"lzdqm.dll is missing: build tests/LzDQM.Node.Tests (it builds src/LzDQM.Cli)");
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>The partitions this node said it owns last (from its "owns partitions [..]" log line).</summary>
    public int[] OwnedPartitions
    {
        get
        {
            lock (_lines)
            {
                for (var i = _lines.Count - 1; i >= 0; i--)
                {
                    if (OwnsLine().Match(_lines[i]) is { Success: true } m)
                    {
                        return [.. m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
                    }
                }
            }

            return [];
        }
    }

    /// <summary>Checkpoints this node logged for <paramref name="partition"/> (its latest count).</summary>
    public int CheckpointsOf(int partition)
    {
        lock (_lines)
        {
            return _lines.Select(l => CheckpointLine().Match(l)).Where(m => m.Success && int.Parse(m.Groups[1].Value) == partition)
                .Select(m => int.Parse(m.Groups[2].Value)).DefaultIfEmpty(0).Max();
        }
    }

    public bool Logged(string text)
    {
        lock (_lines)
        {
            return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public static NodeProcess Start(string name, params IEnumerable<string> args) => new(name, args, null);

    /// <summary>Starts with extra environment variables (the <c>LZDQM__...</c> configuration layer).</summary>
    public static NodeProcess Start(string name, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args) => new(name, args, environment);

    /// <summary>Waits for exit; kills and throws after <paramref name="timeout"/>.</summary>
    public async Task<(int ExitCode, string Stdout)> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not exit within {timeout}; stderr:\n{Stderr}");
        }

        await _stderrPump;
        return (_process.ExitCode, await _stdout);
    }

    /// <summary>SIGTERM: the operator's graceful stop.</summary>
    public void Terminate() => _ = Kill(_process.Id, 15);

    /// <summary>SIGKILL: no graceful path at all.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"owns partitions \[([0-9,]*)\]")]
    private static partial Regex OwnsLine();

    [GeneratedRegex(@"checkpointed partition (\d+) \((\d+) checkpoints")]
    private static partial Regex CheckpointLine();
}
