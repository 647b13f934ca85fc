namespace LzDQM.Alarms.Rules;

/// <summary>Bad alarm configuration; the message is one line naming the rule or key.</summary>
public sealed class AlarmConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlarmConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AlarmConfigException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AlarmConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
