using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace LzDQM.Alarms.Rules;

/// <summary>
/// The alarm engine's configuration, section <c>LzDQM:Alarms</c>: <c>Rules</c> (a list of
/// <see cref="AlarmRule"/>), <c>Alertmanager:Url</c>, <c>Webhook:Url</c>, <c>DashboardUrl</c>,
/// <c>Retry</c>. Environment variables use <c>LZDQM__ALARMS__ALERTMANAGER__URL</c> and so on.
/// </summary>
public sealed class AlarmOptions
{
    /// <summary>The configuration section this binds from.</summary>
    public const string SectionName = "LzDQM:Alarms";

    /// <summary>The rules; when the section lists none, <see cref="DefaultAlarmRules"/> are used by <see cref="Bind"/>.</summary>
    public List<AlarmRule> Rules { get; set; } = [];

    /// <summary>Alertmanager v2 notifier; disabled without a URL.</summary>
    public AlertmanagerOptions Alertmanager { get; set; } = new();

    /// <summary>Generic JSON webhook notifier; disabled without a URL.</summary>
    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>Base URL of Grafana (e.g. <c>http://localhost:3000/</c>); a rule's <see cref="AlarmRule.Panel"/> is appended.</summary>
    public string? DashboardUrl { get; set; }

    /// <summary>Retry of failed deliveries.</summary>
    public PagingRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Binds <c>LzDQM:Alarms</c> from <paramref name="configuration"/> (the root), falls back to the
    /// default rules when none are configured, and validates. Throws <see cref="AlarmConfigException"/>
    /// with a one-line message on a bad value.
    /// </summary>
    public static AlarmOptions Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var options = new AlarmOptions { DashboardUrl = section[nameof(DashboardUrl)] };
        foreach (var child in section.GetChildren())
        {
            // Configuration keys are case-insensitive (LZDQM__ALARMS__RETRY__... from the environment).
            string[] known = [nameof(Rules), nameof(DashboardUrl), nameof(Alertmanager), nameof(Webhook), nameof(Retry)];
            switch (known.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase)) ?? child.Key)
            {
                case nameof(Rules) or nameof(DashboardUrl):
                    break;
                case nameof(Alertmanager):
                    BindStrictly(child, options.Alertmanager);
                    break;
                case nameof(Webhook):
                    BindStrictly(child, options.Webhook);
                    break;
                case nameof(Retry):
                    BindStrictly(child, options.Retry);
                    break;
                default:
                    throw new AlarmConfigException($"{child.Path}: unknown setting (known: Rules, Alertmanager, Webhook, DashboardUrl, Retry)");
            }
        }

        // The binder skips list items it cannot bind without a word; a typo in a rule must not
        // silently drop it (and fall back to the defaults), so each rule is bound on its own.
        options.Rules = [];
        foreach (var child in section.GetSection(nameof(Rules)).GetChildren())
        {
            var rule = new AlarmRule();
            CheckRuleKeys(child);
            BindStrictly(child, rule, strict: false);
            options.Rules.Add(rule);
        }

        if (options.Rules.Count == 0)
        {
            options.Rules = [.. DefaultAlarmRules.Create()];
        }

        options.Validate();
        return options;
    }

    // The binder's strict mode knows properties by their C# names and ignores [ConfigurationKeyName]
    // (it would refuse 'Problem'), so a rule's keys are checked here against the names binding uses.
    private static void CheckRuleKeys(IConfigurationSection section)
    {
        var known = typeof(AlarmRule).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            .Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = section.GetChildren().Select(c => c.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new AlarmConfigException($"{section.Path}: unknown key {string.Join(", ", unknown.Select(k => $"'{k}'"))} (a typo? see {nameof(AlarmRule)})");
        }
    }

    private static void BindStrictly(IConfigurationSection section, object target, bool strict = true)
    {
        try
        {
            section.Bind(target, o => o.ErrorOnUnknownConfiguration = strict);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("ErrorOnUnknownConfiguration", StringComparison.Ordinal))
        {
            // "... the following properties were not found on the instance of T: 'A', 'B'"
            var unknown = ex.Message[(ex.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].ReplaceLineEndings(" ").Trim();
            throw new AlarmConfigException($"{section.Path}: unknown key {unknown} (a typo? see {target.GetType().Name})", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            var inner = ex.InnerException is { } i ? $" ({i.Message.ReplaceLineEndings(" ")})" : string.Empty;
            throw new AlarmConfigException($"{section.Path}: {ex.Message.ReplaceLineEndings(" ")}{inner}", ex);
        }
    }

    /// <summary>Throws <see cref="AlarmConfigException"/> (one line) on the first invalid rule or setting.</summary>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            rule.Validate();
            if (!names.Add(rule.Name))
            {
                throw new AlarmConfigException($"alarm rule '{rule.Name}': the name is used twice");
            }
        }

        // One problem pages through one set of notifiers: its page and its resolve may come from different rules.
        foreach (var problem in Rules.GroupBy(r => r.ProblemKey, StringComparer.Ordinal))
        {
            var first = problem.First();
            if (problem.FirstOrDefault(r => !SameRoute(r, first)) is { } other)
            {
                throw new AlarmConfigException($"alarm rule '{other.Name}': problem '{problem.Key}' is routed to [{string.Join(", ", first.Route)}] by rule '{first.Name}' but to [{string.Join(", ", other.Route)}] here; rules of one problem need the same Route");
            }
        }

        CheckUrl("Alertmanager:Url", Alertmanager.Url);
        CheckUrl("Webhook:Url", Webhook.Url);
        CheckUrl("DashboardUrl", DashboardUrl);
        if (Alertmanager.RefreshSeconds <= 0 || Alertmanager.ExpirySeconds <= Alertmanager.RefreshSeconds)
        {
            throw new AlarmConfigException($"{SectionName}:Alertmanager: refreshSeconds must be > 0 and expirySeconds > refreshSeconds");
        }

        Retry.Validate();
    }

    private static bool SameRoute(AlarmRule a, AlarmRule b) =>
        a.Route.Select(r => r.ToLowerInvariant()).ToHashSet().SetEquals(b.Route.Select(r => r.ToLowerInvariant()));

    private static void CheckUrl(string key, string? url)
    {
        if (!string.IsNullOrWhiteSpace(url) && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
        {
            throw new AlarmConfigException($"{SectionName}:{key}: '{url}' is not an http(s) URL");
        }
    }
}
