using System.Text;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// The measurement, fields, tags and literal tag values one InfluxQL statement names, read from its
/// tokens: <c>FROM "m"</c> is the measurement; a quoted identifier in SELECT is a field (unless it follows
/// AS); in WHERE, an identifier compared with a string or a regex is a tag (and the string a value of it),
/// compared with a number a field; in GROUP BY a quoted identifier is a tag. Every identifier must be
/// double-quoted, so none can slip past the check as a keyword. Also reads <c>SHOW TAG VALUES FROM "m" WITH KEY = "k"</c>.
/// </summary>
public sealed class InfluxQlReferences
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "AND", "OR", "AS", "GROUP", "BY", "ORDER", "DESC", "ASC", "LIMIT", "SLIMIT", "OFFSET", "fill",
        "null", "none", "previous", "linear", "time", "SHOW", "TAG", "VALUES", "WITH", "KEY", "MEASUREMENTS", "FIELD", "KEYS", "tz",
    };

    public string? Measurement { get; private set; }

    public SortedSet<string> Fields { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Tags { get; } = new(StringComparer.Ordinal);

    public List<(string Tag, string Value)> TagValues { get; } = [];

    /// <summary>Reads a statement with every template variable already filled in.</summary>
    public static InfluxQlReferences Parse(string statement)
    {
        var tokens = Tokenize(statement);
        var refs = new InfluxQlReferences();
        if (tokens.Count == 0)
        {
            throw new FormatException("empty query");
        }

        if (tokens[0].Is("SHOW"))
        {
            refs.ParseShow(tokens, statement);
            return refs;
        }

        if (!tokens[0].Is("SELECT"))
        {
            throw new FormatException($"not a SELECT or SHOW statement: {statement}");
        }

        var i = 1;
        var depth = 0;
        for (; i < tokens.Count && !(depth == 0 && tokens[i].Is("FROM")); i++)
        {
            var t = tokens[i];
            depth += t.Text == "(" ? 1 : t.Text == ")" ? -1 : 0;
            var afterAs = tokens[i - 1].Is("AS");
            if (t.Kind == TokenKind.Quoted && !afterAs)
            {
                refs.Fields.Add(t.Text);
            }
            else if (t.Kind == TokenKind.Word && !afterAs && !Keywords.Contains(t.Text) && !(i + 1 < tokens.Count && tokens[i + 1].Text == "("))
            {
                throw new FormatException($"unquoted identifier '{t.Text}' in SELECT (quote field names): {statement}");
            }
        }

        if (++i >= tokens.Count || tokens[i].Kind is not (TokenKind.Quoted or TokenKind.Word))
        {
            throw new FormatException($"no measurement after FROM: {statement}");
        }

        refs.Measurement = tokens[i++].Text;
        var clause = "";
        for (; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Word && (t.Is("WHERE") || t.Is("GROUP") || t.Is("ORDER") || t.Is("LIMIT") || t.Is("SLIMIT")))
            {
                clause = t.Text.ToUpperInvariant();
                continue;
            }

            if (clause == "WHERE" && t.Kind is (TokenKind.Quoted or TokenKind.Word) && !t.Is("time") && !Keywords.Contains(t.Text) && i + 2 < tokens.Count && tokens[i + 1].Kind == TokenKind.Operator)
            {
                var value = tokens[i + 2];
                switch (value.Kind)
                {
                    case TokenKind.String:
                        refs.Tags.Add(t.Text);
                        refs.TagValues.Add((t.Text, value.Text));
                        break;
                    case TokenKind.Regex:
                        refs.Tags.Add(t.Text);
                        break;
                    case TokenKind.Number:
                        refs.Fields.Add(t.Text);
                        break;
                    default:
                        throw new FormatException($"cannot tell whether '{t.Text}' is a tag or a field: {statement}");
                }

                i += 2;
            }
            else if (clause == "WHERE" && t.Kind == TokenKind.Word && !Keywords.Contains(t.Text))
            {
                throw new FormatException($"unquoted identifier '{t.Text}' in WHERE: {statement}");
            }
            else if (clause == "GROUP" && t.Kind == TokenKind.Quoted)
            {
                refs.Tags.Add(t.Text);
            }
        }

        return refs;
    }

    public override string ToString() =>
        $"{Measurement}: fields [{string.Join(", ", Fields)}], tags [{string.Join(", ", Tags)}], values [{string.Join(", ", TagValues.Select(v => $"{v.Tag}={v.Value}"))}]";

    private void ParseShow(List<Token> tokens, string statement)
    {
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Is("FROM") && i + 1 < tokens.Count)
            {
                Measurement = tokens[++i].Text;
            }
            else if (tokens[i].Is("KEY") && i + 2 < tokens.Count && tokens[i + 1].Text == "=")
            {
                Tags.Add(tokens[i + 2].Text);
                i += 2;
            }
        }

        if (Measurement is null)
        {
            throw new FormatException($"SHOW statement without FROM (it would read every measurement): {statement}");
        }
    }

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '"' or '\'')
            {
                var sb = new StringBuilder();
                var j = i + 1;
                for (; j < s.Length && s[j] != c; j++)
                {
                    if (s[j] == '\\' && j + 1 < s.Length)
                    {
                        j++;
                    }

                    sb.Append(s[j]);
                }

                tokens.Add(new Token(c == '"' ? TokenKind.Quoted : TokenKind.String, sb.ToString()));
                i = j + 1;
            }
            else if (c == '/' && tokens.Count > 0 && tokens[^1].Text is "=~" or "!~")
            {
                var j = i + 1;
                while (j < s.Length && s[j] != '/')
                {
                    j += s[j] == '\\' ? 2 : 1;
                }

                tokens.Add(new Token(TokenKind.Regex, s[(i + 1)..Math.Min(j, s.Length)]));
                i = j + 1;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1])))
            {
                var j = i;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '.'))
                {
                    j++;
                }

                tokens.Add(new Token(TokenKind.Number, s[i..j]));
                i = j;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var j = i;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_'))
                {
                    j++;
                }

                tokens.Add(new Token(TokenKind.Word, s[i..j]));
                i = j;
            }
            else
            {
                var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                if (two is "=~" or "!~" or "!=" or "<>" or ">=" or "<=")
                {
                    tokens.Add(new Token(TokenKind.Operator, two));
                    i += 2;
                }
                else
                {
                    tokens.Add(new Token(c is '=' or '<' or '>' ? TokenKind.Operator : TokenKind.Symbol, c.ToString()));
                    i++;
                }
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Quoted,
        String,
        Regex,
        Number,
        Word,
        Operator,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text)
    {
        public bool Is(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
    }
}
