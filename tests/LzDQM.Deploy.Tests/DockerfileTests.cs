using System.Text.RegularExpressions;
using System.Xml.Linq;
using LzDQM.Deploy.Tests.Support;

namespace LzDQM.Deploy.Tests;

/// <summary>
/// The Dockerfile and its build context, read statically: no Docker engine runs here, so the image
/// is not built (see README). What is checked is what a build depends on.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = Repository.Read("Dockerfile");

    [Fact]
    public void Base_images_are_pinned_official_dotnet_images()
    {
        var froms = FromLine().Matches(Dockerfile).Select(m => m.Groups["image"].Value).ToList();

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0-noble", "mcr.microsoft.com/dotnet/runtime:10.0-noble"], froms);
    }

    [Fact]
    public void The_image_runs_the_published_lzdqm_as_an_unprivileged_user()
    {
        var publish = PublishLine().Match(Dockerfile);
        Assert.True(publish.Success, "no 'dotnet publish <project> ... -o <dir>' in the Dockerfile");
        var project = Repository.File(publish.Groups["project"].Value);
        Assert.True(File.Exists(project), $"the Dockerfile publishes {project}, which does not exist");
        var assembly = XDocument.Load(project).Descendants("AssemblyName").Single().Value;
        var output = publish.Groups["out"].Value;

        Assert.Contains($"ENTRYPOINT [\"{output}/{assembly}\"]", Dockerfile, StringComparison.Ordinal);
        Assert.Equal("lzdqm", assembly);
        var user = UserLine().Matches(Dockerfile).Select(m => m.Groups["user"].Value).Last();
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });

        // The program writes only in its working directory, which that user owns.
        var workdir = WorkdirLine().Matches(Dockerfile).Select(m => m.Groups["dir"].Value).Last();
        Assert.Matches($@"chown ""?{Regex.Escape(user)}""? {Regex.Escape(workdir)}\n", Dockerfile);
        Assert.Contains("--no-self-contained", publish.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_holds_everything_the_publish_reads_and_nothing_secret()
    {
        var ignore = new DockerIgnore(Repository.Read(".dockerignore"));

        // What COPY names, and every source file of the projects the CLI is built from.
        foreach (var source in CopySources())
        {
            Assert.True(File.Exists(Repository.File(source)) || Directory.Exists(Repository.File(source)), $"COPY {source}: missing");
            Assert.True(ignore.IsInContext(source), $"COPY {source}, but .dockerignore leaves it out of the context");
        }

        foreach (var project in ProjectClosure(Repository.File("src/LzDQM.Cli/LzDQM.Cli.csproj")))
        {
            var relative = Path.GetRelativePath(Repository.Root, project).Replace('\\', '/');
            Assert.StartsWith("src/", relative, StringComparison.Ordinal);
            var dir = Path.GetDirectoryName(project)!;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                         .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
                         .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
            {
                Assert.True(ignore.IsInContext(file), $"{file} is needed by the publish but left out of the context");
            }
        }

        foreach (var outside in new[] { ".env", ".git/config", "tests/LzDQM.Deploy.Tests/DockerfileTests.cs", "replay-data/science.lzr",
                     "src/LzDQM.Cli/bin/Release/net10.0/lzdqm.dll", "src/LzDQM.Kernel/obj/project.assets.json", "TestResults/x.trx" })
        {
            Assert.False(ignore.IsInContext(outside), $"{outside} would be sent to the image build");
        }
    }

    private static IEnumerable<string> CopySources() =>
        CopyLine().Matches(Dockerfile).SelectMany(m => m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));

    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var todo = new Stack<string>([Path.GetFullPath(project)]);
        while (todo.TryPop(out var p))
        {
            if (!seen.Add(p))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(p).Descendants("ProjectReference"))
            {
                todo.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!, reference.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^FROM\s+(--platform=\S+\s+)?(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)[^\n]*?-o (?<out>/\S+)")]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"^WORKDIR\s+(?<dir>\S+)", RegexOptions.Multiline)]
    private static partial Regex WorkdirLine();

    [GeneratedRegex(@"^USER\s+(?<user>\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    // COPY without --from: sources from the build context.
    [GeneratedRegex(@"^COPY\s+(?!--from)(?<args>[^\n]+)", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
