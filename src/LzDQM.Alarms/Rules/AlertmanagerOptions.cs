namespace LzDQM.Alarms.Rules;

/// <summary>Alertmanager v2 notifier settings (<c>LzDQM:Alarms:Alertmanager</c>).</summary>
public sealed class AlertmanagerOptions
{
    /// <summary>Base URL, e.g. <c>http://alertmanager:9093</c>; alerts go to <c>{Url}/api/v2/alerts</c>. Empty = disabled.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// Wall-clock seconds between re-sends of a firing alert (identical body), so Alertmanager does not
    /// resolve it on its own when <c>endsAt</c> passes; Prometheus does the same. Default 600.
    /// </summary>
    public double RefreshSeconds { get; set; } = 600;

    /// <summary>A firing alert's <c>endsAt</c> is this far ahead of the wall clock when sent. Default 2400 (4 refreshes).</summary>
    public double ExpirySeconds { get; set; } = 2400;

    /// <summary>Extra labels on every alert (e.g. <c>site: surf</c>).</summary>
    public Dictionary<string, string> Labels { get; set; } = [];
}
