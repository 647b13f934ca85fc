namespace LzDQM.Cli;

/// <summary>
/// A failure an operator can act on; <see cref="LzdqmApp.RunAsync"/> prints its message as one
/// line (no stack trace) and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class OperatorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OperatorException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
