using System.Globalization;
using System.Text;

namespace LzDQM.Contracts.Metrics;

/// <summary>
/// Reads the InfluxDB line protocol that <see cref="LineProtocol"/> writes back into
/// <see cref="MetricPoint"/>s: measurement and tags with backslash escapes, fields as floats,
/// <c>i</c>-suffixed integers or quoted strings (<c>\"</c> and <c>\\</c> escaped), and a
/// timestamp in ns, which LzDQM always writes and this reader therefore requires. Blank lines and
/// <c>#</c> comments are skipped. A malformed line throws <see cref="LineProtocolFormatException"/>
/// naming its 1-based line number. Stateless and thread-safe.
/// </summary>
public static class LineProtocolReader
{
    /// <summary>Reads every point of a line-protocol file.</summary>
    /// <exception cref="LineProtocolFormatException">A line is malformed.</exception>
    public static List<MetricPoint> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return [.. Read(reader)];
    }

    /// <summary>Reads points lazily, line by line.</summary>
    /// <exception cref="LineProtocolFormatException">A line is malformed (thrown when that line is reached).</exception>
    public static IEnumerable<MetricPoint> Read(TextReader reader)
    {
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (ParseLine(line, number) is { } point)
            {
                yield return point;
            }
        }
    }

    /// <summary>Parses one line; null for a blank line or a comment.</summary>
    /// <param name="line">The line, without its line end.</param>
    /// <param name="lineNumber">Its 1-based number, for the error message.</param>
    /// <exception cref="LineProtocolFormatException">The line is malformed.</exception>
    public static MetricPoint? ParseLine(string line, long lineNumber = 1)
    {
        if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
        {
            return null;
        }

        var cursor = new LineCursor(line, lineNumber);
        var measurement = cursor.Identifier(stopAtEquals: false, "measurement");
        var tags = new List<KeyValuePair<string, string>>();
        while (cursor.Peek == ',')
        {
            cursor.Advance();
            var key = cursor.Identifier(stopAtEquals: true, "tag key");
            cursor.Expect('=', $"'=' after tag key '{key}'");
            var value = cursor.Identifier(stopAtEquals: true, $"value of tag '{key}'", allowEmpty: true);
            tags.Add(new(key, value));
        }

        cursor.Expect(' ', "a space before the fields");
        var fields = new List<MetricField>();
        do
        {
            if (fields.Count > 0)
            {
                cursor.Advance(); // the comma between fields
            }

            var name = cursor.Identifier(stopAtEquals: true, "field key");
            cursor.Expect('=', $"'=' after field key '{name}'");
            fields.Add(cursor.FieldValue(name));
        }
        while (cursor.Peek == ',');

        if (cursor.Peek == '\0')
        {
            throw new LineProtocolFormatException(lineNumber, "missing timestamp (ns) at the end of the line");
        }

        cursor.Expect(' ', "a space before the timestamp");
        var timestamp = cursor.Timestamp();
        try
        {
            return new MetricPoint(measurement, tags, fields, timestamp);
        }
        catch (ArgumentException ex)
        {
            throw new LineProtocolFormatException(lineNumber, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>A position in one line; every failure becomes a <see cref="LineProtocolFormatException"/>.</summary>
    private ref struct LineCursor(string line, long lineNumber)
    {
        private readonly string _line = line;
        private int _at;

        public readonly char Peek => _at < _line.Length ? _line[_at] : '\0';

        public void Advance() => _at++;

        public void Expect(char c, string what)
        {
            if (Peek != c)
            {
                throw Fail($"expected {what}");
            }

            _at++;
        }

        /// <summary>
        /// Measurement, tag key or value, field key. A backslash escapes what <see cref="LineProtocol"/>
        /// escapes (comma and space; '=' outside the measurement) and is literal before anything else.
        /// </summary>
        public string Identifier(bool stopAtEquals, string what, bool allowEmpty = false)
        {
            var sb = new StringBuilder();
            while (_at < _line.Length)
            {
                var c = _line[_at];
                if (c == '\\' && _at + 1 < _line.Length && (_line[_at + 1] is ',' or ' ' || (stopAtEquals && _line[_at + 1] == '=')))
                {
                    sb.Append(_line[_at + 1]);
                    _at += 2;
                    continue;
                }

                if (c is ',' or ' ' || (stopAtEquals && c == '='))
                {
                    break;
                }

                sb.Append(c);
                _at++;
            }

            if (sb.Length == 0 && !allowEmpty)
            {
                throw Fail($"empty {what}");
            }

            return sb.ToString();
        }

        public MetricField FieldValue(string name)
        {
            if (Peek == '"')
            {
                _at++;
                var sb = new StringBuilder();
                while (true)
                {
                    if (_at >= _line.Length)
                    {
                        throw Fail($"string field '{name}' has no closing quote");
                    }

                    var c = _line[_at++];
                    if (c == '"')
                    {
                        return MetricField.String(name, sb.ToString());
                    }

                    if (c == '\\' && _at < _line.Length && _line[_at] is '"' or '\\')
                    {
                        c = _line[_at++];
                    }

                    sb.Append(c);
                }
            }

            var start = _at;
            while (_at < _line.Length && _line[_at] is not (',' or ' '))
            {
                _at++;
            }

            var text = _line[start.._at];
            if (text.Length == 0)
            {
                throw Fail($"field '{name}' has no value");
            }

            if (text[^1] == 'i')
            {
                return long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? MetricField.Integer(name, l)
                    : throw Fail($"field '{name}': '{text}' is not an integer");
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            {
                throw Fail($"field '{name}': '{text}' is not a finite number, an integer (…i) or a quoted string");
            }

            return MetricField.Double(name, d);
        }

        public long Timestamp()
        {
            var text = _line[_at..].TrimEnd();
            if (text.Length == 0)
            {
                throw Fail("missing timestamp (ns)");
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t)
                ? t
                : throw Fail($"timestamp '{Shorten(text)}' is not an integer number of ns");
        }

        private readonly LineProtocolFormatException Fail(string reason) =>
            new(lineNumber, $"{reason} at column {_at + 1}");

        private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
    }
}
