using System.Reflection;
using System.Runtime.InteropServices;

namespace LzDQM.Kafka.Native;

/// <summary>
/// Finds and loads the one librdkafka this process uses, for both Confluent.Kafka's clients and the
/// mock-cluster P/Invokes of <see cref="EmbeddedKafkaBroker"/>. On glibc Linux the plain
/// <c>librdkafka.so</c> of librdkafka.redist links libsasl2.so.3, which Debian 12 lacks, so the
/// self-contained <c>centos8-librdkafka.so</c> of the same package is preferred (SPEC §7).
/// Search order: <c>LZDQM_LIBRDKAFKA</c> (a file), the app's <c>runtimes/RID/native</c>, the native
/// search directories from deps.json, the NuGet package folder. Thread-safe; loads once.
/// </summary>
public static class LibrdkafkaLibrary
{
    /// <summary>Environment variable that names the librdkafka file explicitly.</summary>
    public const string PathVariable = "LZDQM_LIBRDKAFKA";

    /// <summary>Library name the P/Invokes of this assembly use.</summary>
    internal const string ImportName = "librdkafka";

    private static readonly Lock Gate = new();
    private static string? _path;
    private static IntPtr _handle;

    /// <summary>The loaded file; loads it first if needed.</summary>
    public static string Path
    {
        get
        {
            EnsureLoaded();
            return _path!;
        }
    }

    /// <summary>
    /// Loads librdkafka and makes Confluent.Kafka bind to the same image. Call before the first
    /// Confluent.Kafka client is built; <see cref="EmbeddedKafkaBroker"/> and
    /// <see cref="ReplayPublisher"/> call it themselves. Throws <see cref="DllNotFoundException"/>
    /// with every place searched when no usable file exists.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
            {
                return;
            }

            var tried = new List<string>();
            foreach (var candidate in Candidates())
            {
                tried.Add(candidate);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                {
                    _handle = handle;
                    _path = candidate;
                    break;
                }
            }

            if (_handle == IntPtr.Zero)
            {
                throw new DllNotFoundException(
                    "librdkafka not found or not loadable; set " + PathVariable + " to centos8-librdkafka.so. Tried: "
                    + string.Join(", ", tried));
            }

            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaLibrary).Assembly, Resolve);
            // Confluent.Kafka binds its P/Invokes by name (librdkafka, centos8-librdkafka, ...) at its
            // first client; resolving those names to the same handle makes the process hold one
            // librdkafka. (Confluent.Kafka.Library.Load(path) would need libdl.so, which glibc 2.34+
            // systems without dev packages lack.)
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Someone set a resolver already; Confluent.Kafka then finds its library itself.
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name.EndsWith(ImportName, StringComparison.Ordinal) ? _handle : IntPtr.Zero;

    private static IEnumerable<string> Candidates()
    {
        var fromEnv = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            yield return fromEnv;
        }

        var names = FileNames();
        var rid = RuntimeDirectory();
        foreach (var dir in SearchDirectories(rid))
        {
            foreach (var name in names)
            {
                yield return System.IO.Path.Combine(dir, name);
            }
        }
    }

    private static string[] FileNames()
    {
        if (OperatingSystem.IsLinux())
        {
            return ["centos8-librdkafka.so", "librdkafka.so"];
        }

        return OperatingSystem.IsMacOS() ? ["librdkafka.dylib"] : ["librdkafka.dll"];
    }

    private static string RuntimeDirectory()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : "win";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            _ => "x64",
        };
        return $"{os}-{arch}";
    }

    private static IEnumerable<string> SearchDirectories(string rid)
    {
        var native = System.IO.Path.Combine("runtimes", rid, "native");
        yield return System.IO.Path.Combine(AppContext.BaseDirectory, native);
        yield return AppContext.BaseDirectory;

        // Directories of the native assets deps.json resolved (e.g. the NuGet cache when the app
        // runs from its build output without a copy of the runtimes folder).
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs)
        {
            foreach (var dir in dirs.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return dir;
            }
        }

        var version = typeof(Confluent.Kafka.Library).Assembly.GetName().Version;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
        {
            packages = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        if (version is not null)
        {
            yield return System.IO.Path.Combine(packages, "librdkafka.redist", $"{version.Major}.{version.Minor}.{version.Build}", native);
        }
    }
}
