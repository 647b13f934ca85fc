namespace LzDQM.Deploy.Tests.Support;

/// <summary>The real lzdqm program built beside the tests (lzdqm.dll of src/LzDQM.Cli).</summary>
public static class Lzdqm
{
    /// <summary>Runs <c>dotnet lzdqm.dll ARGS</c> with exactly <paramref name="environment"/> (plus PATH and HOME).</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lzdqm.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build tests/LzDQM.Deploy.Tests");
        }

        return ProcessRun.RunAsync("dotnet", [dll, .. args], environment, timeout ?? TimeSpan.FromSeconds(60));
    }
}
