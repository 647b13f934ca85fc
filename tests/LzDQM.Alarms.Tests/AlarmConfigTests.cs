using System.Text.Json;
using LzDQM.Alarms.Rules;
using Microsoft.Extensions.Configuration;

namespace LzDQM.Alarms.Tests;

/// <summary>Rules and settings from configuration: the default file, binding, one-line errors.</summary>
public sealed class AlarmConfigTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] entries) =>
        new ConfigurationBuilder().AddInMemoryCollection(entries.GroupBy(e => e.Key).Select(g => new KeyValuePair<string, string?>(g.Key, g.Last().Value))).Build();

    [Fact]
    public void The_default_rules_file_binds_to_exactly_the_default_rules()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "alarms.default.json");
        Assert.True(File.Exists(path), $"{path} is not copied beside the assembly");
        var options = AlarmOptions.Bind(new ConfigurationBuilder().AddJsonFile(path).Build());

        Assert.Equal(JsonSerializer.Serialize(DefaultAlarmRules.Create()), JsonSerializer.Serialize(options.Rules));
        Assert.Equal(600, options.Alertmanager.RefreshSeconds);
        Assert.Null(options.Alertmanager.Url is { Length: > 0 } ? options.Alertmanager.Url : null); // no receiver until a site sets one
    }

    [Fact]
    public void Rules_and_receivers_bind_from_configuration_keys()
    {
        var options = AlarmOptions.Bind(Config(
            ("LzDQM:Alarms:Alertmanager:Url", "http://alertmanager:9093"),
            ("LzDQM:Alarms:Webhook:Url", "https://hooks.example/lz"),
            ("LzDQM:Alarms:DashboardUrl", "http://grafana:3000"),
            ("LzDQM:Alarms:Retry:MaxDelayMs", "30000"),
            ("LzDQM:Alarms:Rules:0:Name", "s1-rate-high"),
            ("LzDQM:Alarms:Rules:0:Measurement", "dqm_pulse_rate"),
            ("LzDQM:Alarms:Rules:0:Field", "hz"),
            ("LzDQM:Alarms:Rules:0:Tags:pulse_class", "s1"),
            ("LzDQM:Alarms:Rules:0:Condition", "Above"),
            ("LzDQM:Alarms:Rules:0:Warn", "100"),
            ("LzDQM:Alarms:Rules:0:PendingSeconds", "30"),
            ("LzDQM:Alarms:Rules:0:Modes:0", "science"),
            ("LzDQM:Alarms:Rules:0:Route:0", "webhook")));

        var rule = Assert.Single(options.Rules);
        Assert.Equal("s1", rule.Tags["pulse_class"]);
        Assert.Equal(AlarmCondition.Above, rule.Condition);
        Assert.Equal(100, rule.ClearThreshold); // clear defaults to the warning threshold
        Assert.Equal(["science"], rule.Modes);
        Assert.Equal("http://alertmanager:9093", options.Alertmanager.Url);
        Assert.Equal(30000, options.Retry.MaxDelayMs);
    }

    [Fact]
    public void Keys_are_case_insensitive_as_environment_variables_give_them()
    {
        // LZDQM__ALARMS__RETRY__MAXDELAYMS=2000 arrives as LZDQM:ALARMS:RETRY:MAXDELAYMS.
        var options = AlarmOptions.Bind(Config(
            ("LZDQM:ALARMS:RETRY:MAXDELAYMS", "2000"),
            ("LZDQM:ALARMS:ALERTMANAGER:URL", "http://am:9093"),
            ("LZDQM:ALARMS:RULES:0:NAME", "r"),
            ("LZDQM:ALARMS:RULES:0:MEASUREMENT", "dqm_pulse_rate"),
            ("LZDQM:ALARMS:RULES:0:FIELD", "hz"),
            ("LZDQM:ALARMS:RULES:0:CONDITION", "below"),
            ("LZDQM:ALARMS:RULES:0:WARN", "1")));

        Assert.Equal(2000, options.Retry.MaxDelayMs);
        Assert.Equal("http://am:9093", options.Alertmanager.Url);
        Assert.Equal(AlarmCondition.Below, Assert.Single(options.Rules).Condition);
    }

    [Fact]
    public void An_unknown_setting_beside_the_rules_is_refused_with_one_line()
    {
        var ex = Assert.Throws<AlarmConfigException>(() => AlarmOptions.Bind(Config(("LzDQM:Alarms:Alertmanger:Url", "http://am:9093"))));
        Assert.Equal("LzDQM:Alarms:Alertmanger: unknown setting (known: Rules, Alertmanager, Webhook, DashboardUrl, Retry)", ex.Message);
    }

    [Fact]
    public void Without_rules_in_the_configuration_the_defaults_apply()
    {
        var options = AlarmOptions.Bind(Config(("LzDQM:Alarms:Webhook:Url", "http://127.0.0.1:9/hook")));
        Assert.Equal(DefaultAlarmRules.Create().Select(r => r.Name), options.Rules.Select(r => r.Name));
    }

    public static TheoryData<string, string, string> BadRules => new()
    {
        // key under the rule, value, what the error must say
        { "Field", "", "alarm rule 'r': field is missing" },
        { "Critical", "50", "alarm rule 'r': critical 50 must be ≥ warn 100" },
        { "Clear", "120", "alarm rule 'r': clear 120 must be ≤ the raising threshold 100 (hysteresis)" },
        { "Condition", "OutsideBand", "alarm rule 'r': outsideBand needs a nominal value" },
        { "Condition", "Sideways", "LzDQM:Alarms:Rules:0: Failed to convert configuration value 'Sideways'" },
        { "Modes:0", "physics", "alarm rule 'r': mode 'physics' is not one of science, kr83m" },
        { "Route:0", "pager", "alarm rule 'r': route 'pager' is not one of alertmanager, webhook" },
        { "MaxError", "5", "alarm rule 'r': maxError and minSignificance need an errorField" },
        { "PendingSeconds", "-1", "alarm rule 'r': pendingSeconds must be ≥ 0" },
        { "Name", "Bad Name", "name must be non-empty lower-case letters" },
        { "Tags:run", "7", "alarm rule 'r': the tag filter cannot fix 'run'" },
        { "Warn", "ten", "LzDQM:Alarms:Rules:0: Failed to convert configuration value 'ten'" },
        { "Treshold", "5", "LzDQM:Alarms:Rules:0: unknown key 'Treshold' (a typo? see AlarmRule)" },
        { "ProblemName", "x", "LzDQM:Alarms:Rules:0: unknown key 'ProblemName' (a typo? see AlarmRule)" },
        { "Problem", "Purity Loss", "alarm rule 'r': problem 'Purity Loss' must be lower-case letters, digits, '-' or '_'" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_rule_gives_a_one_line_error_naming_it(string key, string value, string expected)
    {
        var config = Config(
            ("LzDQM:Alarms:Rules:0:Name", "r"),
            ("LzDQM:Alarms:Rules:0:Measurement", "dqm_pulse_rate"),
            ("LzDQM:Alarms:Rules:0:Field", "hz"),
            ("LzDQM:Alarms:Rules:0:Warn", "100"),
            ($"LzDQM:Alarms:Rules:0:{key}", value));

        var ex = Assert.Throws<AlarmConfigException>(() => AlarmOptions.Bind(config));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("Condition", "NoData", "noData thresholds are seconds without data and must be > 0", "-5")]
    [InlineData("Condition", "RateOfChange", "rateOfChange warn and critical must have the same sign", "-5")]
    public void Condition_specific_threshold_errors_are_one_line(string key, string value, string expected, string critical)
    {
        var rule = new AlarmRule { Name = "r", Measurement = "m", Field = "f", Warn = key == "Condition" && value == "NoData" ? -5 : 5, Critical = double.Parse(critical, System.Globalization.CultureInfo.InvariantCulture) };
        rule.Condition = Enum.Parse<AlarmCondition>(value);
        var ex = Assert.Throws<AlarmConfigException>(rule.Validate);
        Assert.Equal($"alarm rule 'r': {expected}", ex.Message);
    }

    [Fact]
    public void Two_rules_with_one_name_and_a_bad_url_are_refused()
    {
        var twice = new AlarmOptions { Rules = [.. DefaultAlarmRules.Create(), DefaultAlarmRules.Create()[0]] };
        Assert.Equal("alarm rule 'electron-lifetime-falling': the name is used twice", Assert.Throws<AlarmConfigException>(twice.Validate).Message);

        var badUrl = new AlarmOptions { Alertmanager = { Url = "alertmanager:9093" } };
        Assert.Equal("LzDQM:Alarms:Alertmanager:Url: 'alertmanager:9093' is not an http(s) URL", Assert.Throws<AlarmConfigException>(badUrl.Validate).Message);
    }

    [Fact]
    public void A_rule_joins_a_problem_with_the_problem_key_and_rules_of_one_problem_must_share_their_route()
    {
        (string, string?)[] Rule(int i, string name, string? problem, string? route) =>
        [
            ($"LzDQM:Alarms:Rules:{i}:Name", name), ($"LzDQM:Alarms:Rules:{i}:Measurement", "dqm_pulse_rate"),
            ($"LzDQM:Alarms:Rules:{i}:Field", "hz"), ($"LzDQM:Alarms:Rules:{i}:Warn", "100"),
            .. problem is null ? [] : new (string, string?)[] { ($"LzDQM:Alarms:Rules:{i}:Problem", problem) },
            .. route is null ? [] : new (string, string?)[] { ($"LzDQM:Alarms:Rules:{i}:Route:0", route) },
        ];

        var options = AlarmOptions.Bind(Config([.. Rule(0, "s1-high", null, null), .. Rule(1, "s1-very-high", "s1-high", null)]));
        Assert.Equal(["s1-high", "s1-high"], options.Rules.Select(r => r.ProblemKey));
        Assert.Null(options.Rules[0].ProblemName);

        var ex = Assert.Throws<AlarmConfigException>(() => AlarmOptions.Bind(Config([.. Rule(0, "s1-high", "s1", "webhook"), .. Rule(1, "s1-very-high", "s1", "alertmanager")])));
        Assert.Equal("alarm rule 's1-very-high': problem 's1' is routed to [webhook] by rule 's1-high' but to [alertmanager] here; rules of one problem need the same Route", ex.Message);
    }
}
