namespace LzDQM.Cli;

/// <summary>Process exit codes operators and external checks can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A service is unreachable, a port is in use, or the work failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong.</summary>
    public const int BadArguments = 2;

    /// <summary>An input file is corrupt or truncated.</summary>
    public const int BadInput = 3;

    /// <summary>Stopped by SIGINT before the work was done.</summary>
    public const int Interrupted = 130;
}
