namespace LzDQM.TestServers;

/// <summary>Finds a server executable installed by a Debian package, or fails saying which package to install.</summary>
public static class ServerBinary
{
    private static readonly string[] StandardDirectories = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

    /// <summary>
    /// The full path of <paramref name="executable"/>: the path in environment variable
    /// <paramref name="environmentVariable"/> when set, else the first match on PATH or in the
    /// standard directories. Throws <see cref="FileNotFoundException"/> naming the apt package otherwise.
    /// </summary>
    public static string Find(string executable, string environmentVariable, string aptPackage)
    {
        var overridden = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(overridden)
                ? overridden
                : throw new FileNotFoundException($"{environmentVariable}={overridden} does not exist; unset it or point it at {executable}", overridden);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(StandardDirectories))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{executable} is not installed (looked at ${environmentVariable}, PATH and /usr/bin, /usr/sbin): install the Debian package with `apt-get install -y {aptPackage}` (.ci/run does this)",
            executable);
    }
}
