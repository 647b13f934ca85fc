using System.Text.RegularExpressions;
using LzDQM.Deploy.Tests.Support;

namespace LzDQM.Deploy.Tests;

/// <summary>README's "Deploying at a site" against what docker-compose config says the stack runs.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Section = DeploySection();

    [Fact]
    public async Task Readme_lists_every_service_with_the_image_compose_runs()
    {
        var services = await DefaultSite.ServicesAsync();
        var table = TableRow().Matches(Section).ToDictionary(m => m.Groups["service"].Value, m => m.Groups["image"].Value);

        Assert.Equal(services.Keys.Order(), table.Keys.Order());
        foreach (var service in services.Values)
        {
            Assert.True(table[service.Name] == service.Image, $"README says {service.Name} runs {table[service.Name]}, compose runs {service.Image}");
        }
    }

    [Fact]
    public async Task Readme_shows_every_service_command_as_compose_runs_it()
    {
        var services = await DefaultSite.ServicesAsync();
        var documented = DocumentedCommands();

        var overridden = services.Values.Where(s => s.IsBuilt || s.Entrypoint.Count > 0 || s.Command.Count > 0).ToList();
        Assert.Equal(overridden.Select(s => s.Name).Order(), documented.Keys.Order());
        foreach (var service in overridden)
        {
            // The lzdqm image's entrypoint is the lzdqm program.
            var runs = service.IsBuilt ? ["lzdqm", .. service.Command] : service.Entrypoint.Concat(service.Command).ToList();
            Assert.Equal(string.Join(' ', runs), documented[service.Name]);
        }
    }

    [Fact]
    public void Readme_links_the_operator_docs_and_names_every_secret()
    {
        Assert.Contains("(dashboards/README.md)", Section, StringComparison.Ordinal);
        Assert.Contains("(docs/alarms.md)", Section, StringComparison.Ordinal);
        foreach (var secret in SiteEnvFile.Example().RequiredSecretNames)
        {
            Assert.Contains($"s/^{secret}=.*/{secret}=$(openssl rand -hex", Section, StringComparison.Ordinal);
        }
    }

    // "service: command" lines of the ```text block; a line ending in '\' continues on the next.
    private static Dictionary<string, string> DocumentedCommands()
    {
        var block = TextBlock().Match(Section);
        Assert.True(block.Success, "no ```text block of service commands in README's deploy section");
        var joined = ContinuedLine().Replace(block.Groups["body"].Value, " ");
        return joined.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => CommandLine().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["service"].Value, m => string.Join(' ', m.Groups["command"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static string DeploySection()
    {
        var readme = Repository.Read("README.md");
        var start = readme.IndexOf("## Deploying at a site", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Deploying at a site' section");
        var end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    [GeneratedRegex(@"^\| `(?<service>[a-z0-9-]+)` \| `(?<image>[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("```text\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex TextBlock();

    [GeneratedRegex(@"\s*\\\n\s*")]
    private static partial Regex ContinuedLine();

    [GeneratedRegex(@"^(?<service>[a-z0-9-]+):\s+(?<command>.+)$")]
    private static partial Regex CommandLine();
}
