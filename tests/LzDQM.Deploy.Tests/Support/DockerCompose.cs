namespace LzDQM.Deploy.Tests.Support;

/// <summary>
/// Debian's <c>docker-compose</c> (1.29) on the repository's docker-compose.yml. It resolves and
/// validates the file without a Docker engine: <c>config</c> is what these tests run.
/// </summary>
public static class DockerCompose
{
    /// <summary>Path of docker-compose; fails with what to install when it is missing.</summary>
    public static string Program => ProcessRun.OnPath("docker-compose")
        ?? throw new InvalidOperationException(
            "docker-compose is not installed: the deploy tests validate docker-compose.yml with it. "
            + "Run 'apt-get install -y docker-compose' (Debian's 1.29; .ci/run installs it).");

    /// <summary>Runs <c>docker-compose config</c> with <paramref name="env"/> as the site's .env file.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> ConfigAsync(SiteEnvFile env)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lzdqm-deploy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            var envFile = env.WriteTo(dir);
            return await ProcessRun.RunAsync(
                Program,
                ["--env-file", envFile, "--project-directory", Repository.Root, "-f", Repository.File("docker-compose.yml"), "config"],
                null,
                TimeSpan.FromSeconds(60),
                dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The resolved services for <paramref name="env"/>; fails with compose's message when it refuses.</summary>
    public static async Task<IReadOnlyDictionary<string, ComposeService>> ServicesAsync(SiteEnvFile env)
    {
        var (code, stdout, stderr) = await ConfigAsync(env);
        if (code != 0)
        {
            throw new InvalidOperationException($"docker-compose config refused the file (exit {code}): {stderr.Trim()}");
        }

        var services = Yaml.Parse(stdout).Map("services");
        return services.ToDictionary(kv => kv.Key.ToString()!, kv => new ComposeService(kv.Key.ToString()!, (Dictionary<object, object?>)kv.Value!));
    }
}
