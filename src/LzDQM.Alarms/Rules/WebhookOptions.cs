namespace LzDQM.Alarms.Rules;

/// <summary>Generic JSON webhook notifier settings (<c>LzDQM:Alarms:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>URL every transition is POSTed to. Empty = disabled.</summary>
    public string? Url { get; set; }
}
