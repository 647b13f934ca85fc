namespace LzDQM.Contracts.ReplayFiles;

/// <summary>A replay file is corrupt or truncated; <see cref="ByteOffset"/> says where.</summary>
public sealed class ReplayFormatException : Exception
{
    /// <summary>Creates the exception; the message names the byte offset.</summary>
    public ReplayFormatException(string path, long byteOffset, string reason)
        : base($"replay file '{path}' is bad at byte offset {byteOffset}: {reason}")
    {
        Path = path;
        ByteOffset = byteOffset;
        Reason = reason;
    }

    /// <summary>The file (or stream description) that was read.</summary>
    public string Path { get; }

    /// <summary>Offset from the start of the file of the first byte that could not be read.</summary>
    public long ByteOffset { get; }

    /// <summary>What was wrong there.</summary>
    public string Reason { get; }
}
