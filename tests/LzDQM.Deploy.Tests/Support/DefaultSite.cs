namespace LzDQM.Deploy.Tests.Support;

/// <summary>
/// The site most tests look at: <c>.env.example</c> with generated secrets, resolved once by
/// docker-compose (each run of it costs a second or more of Python start-up).
/// </summary>
public static class DefaultSite
{
    private static readonly SiteEnvFile SiteEnv = SiteEnvFile.ExampleWithSecrets();

    private static readonly Lazy<Task<IReadOnlyDictionary<string, ComposeService>>> Resolved = new(() => DockerCompose.ServicesAsync(SiteEnv));

    /// <summary>The .env: the example's settings, fresh random secrets.</summary>
    public static SiteEnvFile Env => SiteEnv;

    /// <summary>The services docker-compose config resolves for <see cref="Env"/>.</summary>
    public static Task<IReadOnlyDictionary<string, ComposeService>> ServicesAsync() => Resolved.Value;
}
