using System.Diagnostics;

namespace LzDQM.Cli.Tests;

/// <summary>Runs the real <c>lzdqm</c> program (lzdqm.dll beside the tests) as a child process.</summary>
public static class LzdqmRun
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "lzdqm.dll");

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        Assert.True(File.Exists(DllPath), $"lzdqm.dll not found at {DllPath}: build tests/LzDQM.Cli.Tests");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"lzdqm {string.Join(' ', args)} did not finish within 120 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
