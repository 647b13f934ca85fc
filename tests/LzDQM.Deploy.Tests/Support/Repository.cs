namespace LzDQM.Deploy.Tests.Support;

/// <summary>Paths in the repository checkout the tests run from.</summary>
public static class Repository
{
    /// <summary>The checkout's root: the first folder above the test binaries holding LzDQM.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the root, from '/'-separated parts.</summary>
    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The text of a file under the root.</summary>
    public static string Read(string relative) => System.IO.File.ReadAllText(File(relative));

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(d.FullName, "LzDQM.sln")) && System.IO.File.Exists(Path.Combine(d.FullName, "docker-compose.yml")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("no folder with LzDQM.sln and docker-compose.yml above " + AppContext.BaseDirectory);
    }
}
