namespace LzDQM.Contracts.Metrics;

/// <summary>A line of line protocol that <see cref="LineProtocolReader"/> cannot read; the message names the line.</summary>
public sealed class LineProtocolFormatException : FormatException
{
    /// <summary>Creates the exception for line <paramref name="lineNumber"/> (1-based).</summary>
    public LineProtocolFormatException(long lineNumber, string reason)
        : base($"line {lineNumber}: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>Creates the exception without a line number (line 0).</summary>
    public LineProtocolFormatException()
        : this(0, "malformed line protocol")
    {
    }

    /// <summary>Creates the exception with a message (line 0).</summary>
    public LineProtocolFormatException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates the exception with a message and cause (line 0).</summary>
    public LineProtocolFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The 1-based line number of the bad line (0 when unknown).</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong, without the line number.</summary>
    public string Reason { get; } = string.Empty;
}
