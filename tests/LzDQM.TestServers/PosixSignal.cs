using System.Runtime.InteropServices;

namespace LzDQM.TestServers;

/// <summary>Sends SIGTERM, which .NET's Process has no API for (Process.Kill is SIGKILL).</summary>
internal static partial class PosixSignal
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to shut down gracefully; false when it is already gone.</summary>
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
