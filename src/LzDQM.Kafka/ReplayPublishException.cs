namespace LzDQM.Kafka;

/// <summary>A replay could not publish: Kafka unreachable, a topic missing, or delivery failed.</summary>
public sealed class ReplayPublishException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ReplayPublishException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ReplayPublishException()
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    public ReplayPublishException(string message)
        : base(message)
    {
    }
}
