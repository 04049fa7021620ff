namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// The `;name[=value]` lists that follow URIs, name-addrs and Via values, with the linear
/// whitespace RFC 3261 allows around `;` and `=` (RFC 4475's tortuous INVITE uses all of it).
/// </summary>
public static class SipParameters
{
    /// <summary>The value of a parameter (empty when it has none), or null when absent. Lenient: for reading, not validating.</summary>
    public static string? Find(ReadOnlySpan<char> parameters, string name)
    {
        while (!parameters.IsEmpty)
        {
            var semi = IndexOutsideQuotes(parameters, ';');
            var item = (semi < 0 ? parameters : parameters[..semi]).Trim(" \t");
            parameters = semi < 0 ? default : parameters[(semi + 1)..];
            var eq = item.IndexOf('=');
            var key = (eq < 0 ? item : item[..eq]).Trim(" \t");
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                var value = eq < 0 ? default : item[(eq + 1)..].Trim(" \t");
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                return value.ToString();
            }
        }

        return null;
    }

    /// <summary>Checks `*(SEMI generic-param)`; <paramref name="parameters"/> starts at the first `;` or is empty.</summary>
    public static string? Validate(ReadOnlySpan<char> parameters)
    {
        parameters = parameters.Trim(" \t");
        while (!parameters.IsEmpty)
        {
            if (parameters[0] != ';')
            {
                return $"expected ';' before a parameter, found '{parameters[0]}'";
            }

            parameters = parameters[1..];
            var semi = IndexOutsideQuotes(parameters, ';');
            var item = (semi < 0 ? parameters : parameters[..semi]).Trim(" \t");
            parameters = semi < 0 ? default : parameters[semi..];
            if (item.IsEmpty)
            {
                return "empty parameter";
            }

            var eq = item.IndexOf('=');
            var key = (eq < 0 ? item : item[..eq]).Trim(" \t");
            if (!SipGrammar.IsToken(key))
            {
                return $"parameter name '{key}' is not a token";
            }

            if (eq >= 0)
            {
                var value = item[(eq + 1)..].Trim(" \t");
                if (value.IsEmpty)
                {
                    return $"parameter '{key}' has '=' but no value";
                }

                if (value[0] == '"')
                {
                    if (SipQuoting.QuotedStringEnd(value, 0) != value.Length)
                    {
                        return $"parameter '{key}' has a malformed quoted value";
                    }
                }
                else if (value.ContainsAny(" \t,\"<>"))
                {
                    return $"parameter '{key}' has a value with characters that must be quoted";
                }
            }
        }

        return null;
    }

    /// <summary>The index of <paramref name="c"/> outside quoted strings and angle brackets, or -1.</summary>
    public static int IndexOutsideQuotes(ReadOnlySpan<char> text, char c)
    {
        var quoted = false;
        var angle = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var x = text[i];
            if (quoted)
            {
                if (x == '\\')
                {
                    i++;
                }
                else if (x == '"')
                {
                    quoted = false;
                }

                continue;
            }

            if (x == '"')
            {
                quoted = true;
            }
            else if (x == '<')
            {
                angle++;
            }
            else if (x == '>' && angle > 0)
            {
                angle--;
            }
            else if (x == c && angle == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Splits a header value at the commas that separate values (not those inside quotes or &lt;&gt;).</summary>
    public static List<string> SplitValues(string value)
    {
        var parts = new List<string>();
        var rest = value.AsSpan();
        while (true)
        {
            var comma = IndexOutsideQuotes(rest, ',');
            parts.Add((comma < 0 ? rest : rest[..comma]).Trim(" \t").ToString());
            if (comma < 0)
            {
                return parts;
            }

            rest = rest[(comma + 1)..];
        }
    }
}
