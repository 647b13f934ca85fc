using System.Diagnostics;
using System.Text;

namespace LzDQM.Kafka.Tests.Support;

/// <summary>Runs the real kcat (Debian package <c>kcat</c>) as an independent Kafka client.</summary>
public static class Kcat
{
    public const string Path = "/usr/bin/kcat";

    public static void RequireInstalled()
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: apt-get install kcat");
        }
    }

    /// <summary>Runs kcat with <paramref name="args"/>, feeding <paramref name="stdin"/>; returns stdout bytes.</summary>
    public static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunAsync(IEnumerable<string> args, byte[]? stdin = null, TimeSpan? timeout = null)
    {
        RequireInstalled();
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kcat {string.Join(' ', start.ArgumentList)} did not finish: {await readErr}");
        }

        await copyOut;
        return (process.ExitCode, stdout.ToArray(), await readErr);
    }

    public static async Task<string> RunTextAsync(IEnumerable<string> args, byte[]? stdin = null)
    {
        var (code, stdout, stderr) = await RunAsync(args, stdin);
        if (code != 0)
        {
            throw new InvalidOperationException($"kcat exited {code}: {stderr}");
        }

        return Encoding.UTF8.GetString(stdout);
    }
}
