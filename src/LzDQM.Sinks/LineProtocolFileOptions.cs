namespace LzDQM.Sinks;

/// <summary>Where the line-protocol file sink appends its points.</summary>
public sealed class LineProtocolFileOptions
{
    /// <summary>File path; created (with its directory) when missing, appended to otherwise.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// Whether each batch is fsync'ed before it is acknowledged. Without it a batch is flushed
    /// to the OS (survives a process crash, not a power cut).
    /// </summary>
    public bool Fsync { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"LineProtocolFileOptions {{ Path = {Path}, Fsync = {Fsync} }}";
}
