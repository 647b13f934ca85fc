using LzDQM.Contracts.Metrics;

namespace LzDQM.Kernel.Tests;

public class LineProtocolTests
{
    [Fact]
    public void Points_format_with_sorted_tags_and_fields_typed_values_and_escapes()
    {
        var p = new MetricPoint("dqm_x", [new("z", "a b"), new("a", "x,y=z")],
            [MetricField.Double("hz", 0.1), MetricField.Integer("count", 3), MetricField.String("msg", "say \"hi\"")], 1_700_000_000_000_000_000);
        Assert.Equal("dqm_x,a=x\\,y\\=z,z=a\\ b count=3i,hz=0.1,msg=\"say \\\"hi\\\"\" 1700000000000000000", p.ToString());
    }

    [Fact]
    public void Non_finite_doubles_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricField.Double("hz", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricField.Double("hz", double.PositiveInfinity));
    }

    [Fact]
    public void Sorted_output_is_independent_of_input_order()
    {
        var a = new MetricPoint("m", [new("run", "1")], [MetricField.Integer("n", 1)], 2);
        var b = new MetricPoint("m", [new("run", "2")], [MetricField.Integer("n", 1)], 1);
        var c = new MetricPoint("l", [new("run", "1")], [MetricField.Integer("n", 1)], 2);
        Assert.Equal(LineProtocol.FormatSorted([a, b, c]), LineProtocol.FormatSorted([c, a, b]));
        Assert.Equal("m,run=2 n=1i 1\nl,run=1 n=1i 2\nm,run=1 n=1i 2\n", LineProtocol.FormatSorted([a, b, c]));
    }

    [Fact]
    public void Doubles_round_trip_exactly()
    {
        var v = 0.1 + 0.2;
        var line = new MetricPoint("m", [], [MetricField.Double("v", v)], 0).ToString();
        Assert.Equal(v, double.Parse(line.Split(' ')[1][2..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
