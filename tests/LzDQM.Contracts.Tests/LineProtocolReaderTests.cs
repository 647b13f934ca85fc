using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Contracts.Tests;

public class LineProtocolReaderTests
{
    // Names may hold the characters line protocol escapes (space, comma, '=') and non-ASCII, but not
    // a backslash (LineProtocol does not escape it, so "x\" before a separator is ambiguous, as in
    // InfluxDB) nor line ends (the formatter replaces them) nor a leading '#' (a comment line).
    private static readonly Gen<string> Name =
        from first in Gen.Elements('d', 'q', 'm', 'τ', 'A', '_')
        from restCount in Gen.Choose(0, 12)
        from rest in Gen.ArrayOf(Gen.Elements('a', 'z', '0', '9', '_', ' ', ',', '=', '"', 'µ', '.', '-'), restCount)
        select first + new string(rest);

    private static readonly Gen<string> TagValue =
        from charsCount in Gen.Choose(0, 10)
        from chars in Gen.ArrayOf(Gen.Elements('a', '7', ' ', ',', '=', '"', 'σ', '-'), charsCount)
        select new string(chars);

    // String fields are quoted: quotes and backslashes are escaped, so anything but a line end goes.
    private static readonly Gen<string> StringValue =
        from charsCount in Gen.Choose(0, 16)
        from chars in Gen.ArrayOf(Gen.Elements('a', ' ', ',', '=', '"', '\\', '₀', '\t', 'i', '1'), charsCount)
        select new string(chars);

    private static readonly Gen<double> FiniteDouble = Gen.OneOf(
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite),
        Gen.Elements(0.0, -0.0, 1e-300, double.MaxValue, double.Epsilon, 0.1 + 0.2, 6500.123456789, -3.0));

    private static readonly Gen<Func<string, MetricField>> FieldValue = Gen.OneOf(
        FiniteDouble.Select(d => (Func<string, MetricField>)(n => MetricField.Double(n, d))),
        ArbMap.Default.GeneratorFor<long>().Select(l => (Func<string, MetricField>)(n => MetricField.Integer(n, l))),
        StringValue.Select(s => (Func<string, MetricField>)(n => MetricField.String(n, s))));

    private static readonly Gen<MetricPoint> Point =
        from measurement in Name
        from tagKeysCount in Gen.Choose(0, 4)
        from tagKeys in Gen.ArrayOf(Name, tagKeysCount)
        from tagValues in Gen.ArrayOf(TagValue, 4)
        from fieldNamesCount in Gen.Choose(1, 5)
        from fieldNames in Gen.ArrayOf(Name, fieldNamesCount)
        from fieldValues in Gen.ArrayOf(FieldValue, 5)
        from timestamp in ArbMap.Default.GeneratorFor<long>()
        select new MetricPoint(
            measurement,
            tagKeys.Distinct().Select((k, i) => new KeyValuePair<string, string>(k, tagValues[i])),
            fieldNames.Distinct().Select((n, i) => fieldValues[i](n)),
            timestamp);

    [Property(MaxTest = 500)]
    public Property Every_formatted_point_reads_back_equal_with_the_same_field_types() =>
        Prop.ForAll(Arb.From(Point), point =>
        {
            var back = LineProtocolReader.ParseLine(LineProtocol.Format(point))!;
            return back.Equals(point)
                && back.Measurement == point.Measurement
                && back.Tags.SequenceEqual(point.Tags)
                && back.Fields.Select(f => f.Kind).SequenceEqual(point.Fields.Select(f => f.Kind))
                && back.TimestampNs == point.TimestampNs;
        });

    [Fact]
    public void A_file_of_kernel_points_reads_back_in_order_skipping_blank_lines_and_comments()
    {
        const string text = """
            # written by lzdqm analyze
            dqm_electron_lifetime,population=kr83m,run=7003 chi2_ndf=1.11,n_events=1295i,tau_err_us=462.7,tau_us=7601.29 1772611260000000000

            dqm_alarm,alarm=purity,run=7003,severity=warn message="τ \"low\", see \\\\lz-wiki",state=2i 1772611270000000000
            """;
        var points = LineProtocolReader.Read(new StringReader(text)).ToList();
        Assert.Equal(2, points.Count);
        Assert.Equal("7003", points[0].Tag("run"));
        Assert.Equal(7601.29, points[0].Value("tau_us"));
        Assert.Equal(MetricFieldKind.Integer, points[0].Field("n_events")!.Value.Kind);
        Assert.Equal(1295, points[0].Field("n_events")!.Value.IntegerValue);
        Assert.Equal("τ \"low\", see \\\\lz-wiki", points[1].Field("message")!.Value.StringValue);
        Assert.Equal(1772611270000000000, points[1].TimestampNs);
    }

    [Theory]
    [InlineData("dqm_drift,run=1 cathode_us=951.2", "missing timestamp")]
    [InlineData("dqm_drift,run=1 cathode_us=abc 17", "'abc' is not a finite number")]
    [InlineData("dqm_drift,run=1 cathode_us=NaN 17", "'NaN' is not a finite number")]
    [InlineData("dqm_drift,run=1 n_events=12.5i 17", "'12.5i' is not an integer")]
    [InlineData("dqm_drift,run=1 msg=\"open 17", "no closing quote")]
    [InlineData("dqm_drift,run 17", "'=' after tag key 'run'")]
    [InlineData("dqm_drift,run=1 17", "'=' after field key '17'")]
    [InlineData("dqm_drift,run=1 cathode_us= 17", "field 'cathode_us' has no value")]
    [InlineData("dqm_drift,run=1 a=1,a=2 17", "duplicate field 'a'")]
    [InlineData("dqm_drift,run=1 a=1 17:00", "timestamp '17:00' is not an integer")]
    [InlineData(",run=1 a=1 17", "empty measurement")]
    public void Malformed_lines_are_rejected_with_their_line_number_and_reason(string bad, string reason)
    {
        var text = "dqm_s2_width,run=1 sigma0_us=0.8 60000000000\n\n" + bad + "\n";
        var ex = Assert.Throws<LineProtocolFormatException>(() => LineProtocolReader.Read(new StringReader(text)).ToList());
        Assert.Equal(3, ex.LineNumber);
        Assert.StartsWith("line 3: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}

public class MetricPointUpsertTests
{
    [Fact]
    public void The_last_write_of_a_series_and_timestamp_wins_as_in_influxdb()
    {
        MetricPoint P(string run, double v, long t) => new("dqm_drift", [new("run", run)], [MetricField.Double("cathode_us", v)], t);
        var kept = MetricPointUpsert.LastWrites([P("1", 950, 60), P("2", 940, 60), P("1", 951, 60), P("1", 952, 120)]);
        Assert.Equal(["dqm_drift,run=1 cathode_us=951 60", "dqm_drift,run=2 cathode_us=940 60", "dqm_drift,run=1 cathode_us=952 120"], kept.Select(p => p.ToString()));
    }
}
