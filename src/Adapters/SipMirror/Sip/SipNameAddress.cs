namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// From, To, Contact, Route and Refer-To values: `[display-name] &lt;uri&gt; *(;param)` or a bare
/// addr-spec whose `;params` belong to the header (RFC 3261 §20.10).
/// </summary>
public sealed record SipNameAddress(string? DisplayName, string Uri, string Parameters)
{
    /// <summary>Reads a name-addr for its parts, strictly; the error names what is wrong.</summary>
    public static SipNameAddress? Parse(string value, out string? error)
    {
        var s = value.AsSpan().Trim(" \t");
        string? display = null;
        int uriStart, uriEnd, paramsStart;
        if (s.IsEmpty)
        {
            error = "empty address";
            return null;
        }

        if (s[0] == '"')
        {
            var end = SipQuoting.QuotedStringEnd(s, 0);
            if (end < 0)
            {
                error = "unterminated quoted display name";
                return null;
            }

            display = s[1..(end - 1)].ToString();
            var rest = s[end..].TrimStart(" \t");
            if (rest.IsEmpty || rest[0] != '<')
            {
                error = "a quoted display name must be followed by <uri>";
                return null;
            }

            uriStart = s.Length - rest.Length + 1;
        }
        else
        {
            var angle = s.IndexOf('<');
            if (angle >= 0)
            {
                var words = s[..angle].Trim(" \t");
                foreach (var range in words.SplitAny(" \t"))
                {
                    var word = words[range];
                    if (!word.IsEmpty && !SipGrammar.IsToken(word))
                    {
                        error = $"display name '{words}' has characters that must be quoted";
                        return null;
                    }
                }

                display = words.IsEmpty ? null : words.ToString();
                uriStart = angle + 1;
            }
            else
            {
                uriStart = -1;
            }
        }

        if (uriStart >= 0)
        {
            var close = s[uriStart..].IndexOf('>');
            if (close < 0)
            {
                error = "'<' without '>'";
                return null;
            }

            uriEnd = uriStart + close;
            paramsStart = uriEnd + 1;
            if (s[uriStart..uriEnd].ContainsAny(" \t"))
            {
                error = "whitespace inside <uri>";
                return null;
            }
        }
        else
        {
            // addr-spec: its ;params are header parameters, and it may not hold ',', '?' or ';' itself.
            uriStart = 0;
            var semi = s.IndexOf(';');
            uriEnd = semi < 0 ? s.Length : semi;
            paramsStart = uriEnd;
            var spec = s[..uriEnd].TrimEnd(" \t");
            uriEnd = spec.Length;
            if (spec.ContainsAny(" \t"))
            {
                error = "whitespace in an address not enclosed in <>";
                return null;
            }

            if (spec.ContainsAny("?,"))
            {
                error = "an address with '?' or ',' must be enclosed in <>";
                return null;
            }
        }

        var uri = s[uriStart..uriEnd];
        if (uri.IndexOf(':') <= 0)
        {
            error = $"'{uri}' is not a URI (no scheme)";
            return null;
        }

        var parameters = s[paramsStart..];
        error = SipParameters.Validate(parameters);
        return error is null ? new SipNameAddress(display, uri.ToString(), parameters.Trim(" \t").ToString()) : null;
    }

    /// <summary>Display name and URI for reading what a PBX sent, without judging its grammar.</summary>
    public static SipNameAddress ParseLenient(string value)
    {
        if (Parse(value, out _) is { } strict)
        {
            return strict;
        }

        var s = value.AsSpan().Trim(" \t");
        var open = s.IndexOf('<');
        var close = open < 0 ? -1 : s[open..].IndexOf('>');
        if (open >= 0 && close > 0)
        {
            var display = s[..open].Trim(" \t\"");
            return new SipNameAddress(display.IsEmpty ? null : display.ToString(), s.Slice(open + 1, close - 1).Trim().ToString(), s[(open + close + 1)..].ToString());
        }

        var semi = s.IndexOf(';');
        return new SipNameAddress(null, (semi < 0 ? s : s[..semi]).Trim().ToString(), semi < 0 ? "" : s[semi..].ToString());
    }

    /// <summary>A header parameter (such as tag) of a name-addr, leniently; null when absent.</summary>
    public static string? Parameter(string value, string name)
    {
        var s = value.AsSpan();
        var start = 0;
        if (s.TrimStart(" \t") is { IsEmpty: false } t && t[0] == '"')
        {
            var offset = s.Length - t.Length;
            var end = SipQuoting.QuotedStringEnd(s, offset);
            start = end < 0 ? s.Length : end;
        }

        var rest = s[start..];
        var angle = rest.IndexOf('<');
        if (angle >= 0)
        {
            var close = rest.IndexOf('>');
            rest = close < 0 ? default : rest[(close + 1)..];
        }
        else
        {
            var semi = rest.IndexOf(';');
            rest = semi < 0 ? default : rest[semi..];
        }

        return SipParameters.Find(rest, name);
    }

    /// <summary>The user part of the URI (the phone number of a tel: or sip: address), unescaped; null when none.</summary>
    public string? User => UserOf(Uri);

    public static string? UserOf(string uri)
    {
        var colon = uri.IndexOf(':');
        if (colon < 0)
        {
            return null;
        }

        var rest = uri.AsSpan(colon + 1);
        if (uri.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            var semi = rest.IndexOf(';');
            return (semi < 0 ? rest : rest[..semi]).ToString();
        }

        var at = rest.IndexOf('@');
        if (at < 0)
        {
            return null;
        }

        var user = rest[..at];
        var param = user.IndexOfAny(';', ':'); // user;params or user:password
        return System.Uri.UnescapeDataString((param < 0 ? user : user[..param]).ToString());
    }
}
